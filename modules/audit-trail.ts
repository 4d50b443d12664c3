import { Construct } from "constructs";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, serviceTrustPolicy } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

export interface AuditTrailProps {
  /** Prefix of the trail, role and log group names, e.g. `coherent-prod`. */
  readonly namePrefix: string;
  readonly account: AccountContext;
  /** Bucket created for the log files. */
  readonly bucketName: string;
  /** Encrypts log files and the CloudWatch log group. */
  readonly kmsKey: KmsKey;
  /** Retention of the CloudWatch copy; the bucket keeps files per its lifecycle. @default 365 */
  readonly logRetentionDays?: number;
  /** Days log files are kept in S3 before expiring. @default 2557 (7 years) */
  readonly bucketRetentionDays?: number;
  /** Protect the log bucket from `terraform destroy`. @default - true in a production stack, false otherwise */
  readonly preventDestroy?: boolean;
  /** S3 server access logs of the trail bucket go here. @default - not logged */
  readonly accessLogBucket?: SecureBucket;
}

/**
 * A multi-region CloudTrail trail with log file validation, KMS-encrypted files in a dedicated bucket,
 * and a CloudWatch Logs copy for alarms and queries.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { partition, accountId, region } = props.account;
    const trailName = `${props.namePrefix}-audit`;
    // Built from parts: referencing the trail itself from its bucket policy would be a cycle.
    const trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
    const fromThisTrail = { StringEquals: { "aws:SourceArn": trailArn } };

    // "Configure AWS KMS key policies for CloudTrail" lists two statements: encrypting (with the trail's
    // encryption context) and describing the key, which a DescribeKey request carries no context for
    // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
    props.kmsKey.addToPolicy({
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        ...fromThisTrail,
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
      },
    });
    props.kmsKey.addToPolicy({
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: fromThisTrail,
    });
    props.kmsKey.allowCloudWatchLogs();

    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { kmsKey: props.kmsKey },
      preventDestroy: props.preventDestroy,
      accessLogBucket: props.accessLogBucket,
      lifecycleRules: [
        {
          id: "archive-audit-logs",
          transitions: [{ days: 90, storageClass: "GLACIER" }],
          expirationDays: props.bucketRetentionDays ?? 2557,
          noncurrentExpirationDays: 30,
        },
      ],
    });
    this.bucket.addToResourcePolicy({
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: this.bucket.arn,
      Condition: fromThisTrail,
    });
    this.bucket.addToResourcePolicy({
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.bucket.arn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
    });

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/cloudtrail/${trailName}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKey.arn,
    });
    const role = new IamRole(this, "logs-role", {
      name: `${trailName}-to-cloudwatch`,
      // CloudTrail documents no source keys for this role: IfExists conditions (see TrustSource).
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com", { account: accountId, arn: trailArn, documented: false }),
    });
    new IamRolePolicy(this, "logs-role-policy", {
      name: "deliver-to-cloudwatch-logs",
      role: role.id,
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${this.logGroup.arn}:*`,
      }),
    });

    this.trail = new Cloudtrail(this, DEFAULT_CHILD_ID, {
      name: trailName,
      s3BucketName: this.bucket.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.kmsKey.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      dependsOn: [this.bucket.policy],
    });
  }
}
