import { Construct } from "constructs";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { propChecks } from "../lib/construct-validation";
import { policyDocument, serviceTrustPolicy } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

export interface ConfigRecorderProps {
  /** Prefix of the recorder, channel and role names, e.g. `coherent-prod`. */
  readonly namePrefix: string;
  readonly account: AccountContext;
  /** Bucket created for configuration snapshots and history. */
  readonly bucketName: string;
  /** Also record IAM and other global resources; true in exactly one region per account. @default true */
  readonly includeGlobalResources?: boolean;
  /** How often full configuration snapshots are delivered. @default "TwentyFour_Hours" */
  readonly snapshotFrequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
  /** Days configuration files are kept in the bucket. @default 2557 (7 years) */
  readonly retentionDays?: number;
  /** Protect the bucket from `terraform destroy`. @default - true in a production stack, false otherwise */
  readonly preventDestroy?: boolean;
  /** Encrypts delivered snapshots and history (SSE-KMS on the bucket and the delivery channel). @default - SSE-S3 */
  readonly kmsKey?: KmsKey;
  /** S3 server access logs of the Config bucket go here. @default - not logged */
  readonly accessLogBucket?: SecureBucket;
}

/**
 * AWS Config recording every supported resource type, with a delivery channel to its own TLS-only
 * bucket. AWS allows one recorder per account and region: where an organization already records
 * centrally, do not create this.
 */
export class ConfigRecorder extends Construct {
  readonly recorder: ConfigConfigurationRecorder;
  readonly deliveryChannel: ConfigDeliveryChannel;
  readonly bucket: SecureBucket;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 2557;
    propChecks(this).expect(Number.isInteger(retention) && retention >= 1, "retentionDays", retention, "must be a whole number >= 1");
    const { partition, accountId } = props.account;

    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      preventDestroy: props.preventDestroy,
      encryption: props.kmsKey ? { kmsKey: props.kmsKey } : undefined,
      accessLogBucket: props.accessLogBucket,
      lifecycleRules: [{ id: "expire-config-history", expirationDays: retention, noncurrentExpirationDays: 30 }],
    });
    const fromThisAccount = { StringEquals: { "AWS:SourceAccount": accountId } };
    this.bucket.addToResourcePolicy({
      Sid: "ConfigBucketCheck",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: this.bucket.arn,
      Condition: fromThisAccount,
    });
    this.bucket.addToResourcePolicy({
      Sid: "ConfigDelivery",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.bucket.arn}/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "AWS:SourceAccount": accountId } },
    });

    this.role = new IamRole(this, "role", {
      name: `${props.namePrefix}-config-recorder`,
      // AWS Config documents aws:SourceAccount for its role (iamrole-permissions.html).
      assumeRolePolicy: serviceTrustPolicy("config.amazonaws.com", { account: accountId, documented: true }),
    });
    new IamRolePolicyAttachment(this, "role-policy", {
      role: this.role.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AWS_ConfigRole`,
    });
    // With a custom role, delivery to S3 (and its key) runs with the role's own permissions.
    new IamRolePolicy(this, "delivery-policy", {
      name: "deliver-to-bucket",
      role: this.role.id,
      policy: policyDocument(
        { Effect: "Allow", Action: "s3:GetBucketAcl", Resource: this.bucket.arn },
        { Effect: "Allow", Action: "s3:PutObject", Resource: `${this.bucket.arn}/AWSLogs/${accountId}/Config/*` },
        ...(props.kmsKey ? [{ Effect: "Allow" as const, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.kmsKey.arn }] : []),
      ),
    });

    this.recorder = new ConfigConfigurationRecorder(this, DEFAULT_CHILD_ID, {
      name: props.namePrefix,
      roleArn: this.role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResources ?? true },
    });
    this.deliveryChannel = new ConfigDeliveryChannel(this, "delivery-channel", {
      name: props.namePrefix,
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: props.kmsKey?.arn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? "TwentyFour_Hours" },
      dependsOn: [this.recorder, this.bucket.policy],
    });
    new ConfigConfigurationRecorderStatus(this, "status", {
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [this.deliveryChannel],
    });
  }
}
