import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { propChecks } from "../lib/construct-validation";
import { CLOUDFRONT_MANAGED_POLICY, MAX_IAM_ROLE_NAME, ViewerSecurityPolicy } from "../lib/aws-formats";
import { policyDocument, serviceTrustPolicy, sidOf } from "../lib/iam";
import { AccountContext } from "../lib/platform-stack";
import { CloudFrontAccessLogs, deliverCloudFrontAccessLogs, distributionSettings, PriceClass } from "./cloudfront";
import { DnsAlias } from "./dns-alias";
import { KmsKey } from "./kms-key";
import { BucketLifecycleRule, SecureBucket } from "./secure-bucket";

/** The replication role is named after the site: `<name>-replication`. */
const REPLICATION_ROLE_SUFFIX = "-replication";

const ORIGIN_ID = "s3-site";
const REPLICA_ORIGIN_ID = "s3-replica";
const FAILOVER_GROUP_ID = "s3-failover";

/**
 * What the primary bucket answers that sends a request to the replica: S3's server errors, and 403/404, which is how
 * a bucket that is gone, or an object not replicated back, shows through OAC. CloudFront tries the replica for the
 * same request, then applies the SPA's error pages to what the replica answers
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html).
 */
const ORIGIN_FAILOVER_STATUS_CODES = [403, 404, 500, 502, 503, 504] as const;
/**
 * How long a request waits on an unreachable primary before failing over: attempts x timeout (CloudFront's default
 * is 3 x 10 s). S3 usually fails fast with a 5xx; these bound the case it does not answer at all.
 */
const PRIMARY_ORIGIN_CONNECTION = { attempts: 2, timeoutSeconds: 5 } as const;

export interface StaticSiteProps {
  /** Name of the distribution's resources (OAC, log delivery), e.g. `treasury-plane-dev-web`. */
  readonly name: string;
  /** Private bucket holding the built single-page app. */
  readonly bucketName: string;
  /**
   * Encrypts the objects (SSE-KMS); the distribution is allowed to decrypt with it. With replication, a
   * key of the replica's own is created in the replica region.
   * @default - SSE-S3 (AES-256)
   */
  readonly encryptionKey?: KmsKey;
  /** Custom host names; requires `certificateArn`. @default - only the distribution's `*.cloudfront.net` name */
  readonly domainNames?: readonly string[];
  /** ACM certificate in us-east-1 covering `domainNames`, served over SNI with `viewerSecurityPolicy`. @default - none */
  readonly certificateArn?: string;
  /**
   * Minimum TLS version and ciphers for viewers of `domainNames` (the default `*.cloudfront.net` certificate
   * always allows TLSv1). @default "TLSv1.3_2025"
   */
  readonly viewerSecurityPolicy?: ViewerSecurityPolicy;
  /** Route 53 zone receiving alias records for `domainNames`. @default - no records */
  readonly hostedZoneId?: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: PriceClass;
  /** Days an overwritten or deleted object version is kept (rollback window). @default 90 */
  readonly noncurrentVersionDays?: number;
  /**
   * Access logs into `bucket`: CloudFront's (standard logging v2) under `cloudfront/<name>/`, and the
   * site bucket's S3 server access logs under `<bucketName>/`. The CloudFront delivery resources live
   * in us-east-1, so `provider` must be a us-east-1 provider.
   * @default - not logged
   */
  readonly accessLogs?: CloudFrontAccessLogs;
  /** WAF web ACL (scope CLOUDFRONT) in front of the distribution. @default - none */
  readonly webAclArn?: string;
  /**
   * Replicate every object version to `bucketName` in the provider's region (DR), and serve from the replica
   * whenever the primary fails a request (an origin group; the replica's bucket and key policies admit this
   * distribution only). The replica's S3 server
   * access logs go to `accessLogBucket`, which must be in that same region: S3 delivers server access
   * logs only to a bucket in the source bucket's region
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
   * @default - no replication
   */
  readonly replication?: { readonly bucketName: string; readonly provider: AwsProvider; readonly accessLogBucket: SecureBucket };
  /** Refuse `terraform destroy` of the site (and replica) bucket and key. @default - true in a production stack, false otherwise */
  readonly preventDestroy?: boolean;
  /** Account of the log delivery grants. */
  readonly account: AccountContext;
}

/**
 * A single-page app: a private, versioned bucket read only by its CloudFront distribution (Origin
 * Access Control, bucket policy scoped to the distribution ARN), HTTPS-only viewers, SPA fallback to
 * `/index.html`, compression, and optional aliases, access logs, WAF and cross-region replication.
 * Deploys are `aws s3 sync` to `bucket` plus a CloudFront invalidation of `distributionId`.
 */
export class StaticSite extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: CloudfrontDistribution;
  readonly distributionId: string;
  /** The `*.cloudfront.net` host name. */
  readonly distributionDomainName: string;
  /** @default - undefined without `replication` */
  readonly replicaBucket?: SecureBucket;
  /** Key of the replica bucket, in the replica region. @default - undefined without replication or encryptionKey */
  readonly replicaKey?: KmsKey;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    validate(this, props);
    const lifecycleRules: BucketLifecycleRule[] = [
      { id: "expire-old-versions", noncurrentExpirationDays: props.noncurrentVersionDays ?? 90 },
    ];
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: props.encryptionKey ? { kmsKey: props.encryptionKey } : undefined,
      lifecycleRules,
      accessLogBucket: props.accessLogs?.bucket,
      preventDestroy: props.preventDestroy,
    });

    const originAccessControl = new CloudfrontOriginAccessControl(this, "origin-access-control", {
      name: props.name,
      description: `CloudFront reads ${props.bucketName} with signed requests`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    if (props.replication) {
      const replica = this.replicate(props, props.replication, lifecycleRules);
      this.replicaBucket = replica.bucket;
      this.replicaKey = replica.key;
    }

    const domainNames = props.domainNames ?? [];
    const s3Origin = (originId: string, bucket: SecureBucket) => ({
      originId,
      domainName: bucket.bucket.bucketRegionalDomainName,
      // One origin access control signs for any S3 origin of the distribution.
      originAccessControlId: originAccessControl.id,
    });
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      ...distributionSettings({ ...props, aliases: domainNames }),
      defaultRootObject: "index.html",
      origin: [
        this.replicaBucket
          ? {
              ...s3Origin(ORIGIN_ID, this.bucket),
              connectionAttempts: PRIMARY_ORIGIN_CONNECTION.attempts,
              connectionTimeout: PRIMARY_ORIGIN_CONNECTION.timeoutSeconds,
            }
          : s3Origin(ORIGIN_ID, this.bucket),
        ...(this.replicaBucket ? [s3Origin(REPLICA_ORIGIN_ID, this.replicaBucket)] : []),
      ],
      originGroup: this.replicaBucket
        ? [
            {
              originId: FAILOVER_GROUP_ID,
              failoverCriteria: { statusCodes: [...ORIGIN_FAILOVER_STATUS_CODES] },
              member: [{ originId: ORIGIN_ID }, { originId: REPLICA_ORIGIN_ID }],
            },
          ]
        : undefined,
      defaultCacheBehavior: {
        // An origin group serves GET, HEAD and OPTIONS only, all a static site takes.
        targetOriginId: this.replicaBucket ? FAILOVER_GROUP_ID : ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CLOUDFRONT_MANAGED_POLICY.cachingOptimized,
        responseHeadersPolicyId: CLOUDFRONT_MANAGED_POLICY.securityHeaders,
      },
      // Client-side routes (/projects/42) are not objects: S3 answers 403 (no ListBucket) or 404, and
      // the app's router takes over from index.html.
      customErrorResponse: [403, 404].map((errorCode) => ({
        errorCode,
        responseCode: 200,
        responsePagePath: "/index.html",
        errorCachingMinTtl: 10,
      })),
    });
    this.distributionId = this.distribution.id;
    this.distributionDomainName = this.distribution.domainName;

    // This distribution, and nothing else, reads the buckets and decrypts with their keys (the replica's too).
    for (const [bucket, key] of [
      [this.bucket, props.encryptionKey],
      [this.replicaBucket, this.replicaKey],
    ] as const) {
      bucket?.addToResourcePolicy({
        Sid: "CloudFrontOriginAccessControlRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucket.arn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
      });
      key?.addToPolicy({
        Sid: `CloudFrontDecrypt${sidOf(props.name)}`,
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
      });
    }

    if (props.hostedZoneId && domainNames.length > 0) {
      new DnsAlias(this, "dns", {
        hostedZoneId: props.hostedZoneId,
        names: domainNames,
        target: { dnsName: this.distribution.domainName, zoneId: this.distribution.hostedZoneId },
        ipv6: true,
      });
    }
    if (props.accessLogs) deliverCloudFrontAccessLogs(this, props.name, this.distribution.arn, props.accessLogs, props.account);
  }

  private replicate(
    props: StaticSiteProps,
    replication: NonNullable<StaticSiteProps["replication"]>,
    lifecycleRules: BucketLifecycleRule[],
  ): { bucket: SecureBucket; key?: KmsKey } {
    const key =
      props.encryptionKey &&
      new KmsKey(this, "replica-key", {
        alias: `${props.name}-replica`,
        description: `Replica of ${props.bucketName}`,
        account: { ...props.account, region: replication.provider.region ?? props.account.region },
        preventDestroy: props.preventDestroy,
        provider: replication.provider,
      });
    const replica = new SecureBucket(this, "replica", {
      bucketName: replication.bucketName,
      encryption: key ? { kmsKey: key } : undefined,
      lifecycleRules,
      accessLogBucket: replication.accessLogBucket,
      preventDestroy: props.preventDestroy,
      provider: replication.provider,
    });

    const role = new IamRole(this, "replication-role", {
      // From the site's name, not the bucket's: that one carries an account id and is known only at plan.
      name: `${props.name}${REPLICATION_ROLE_SUFFIX}`,
      // Replicating this bucket only. S3's replication pages document no source keys for this role:
      // IfExists conditions (see TrustSource).
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", {
        account: props.account.accountId,
        arn: this.bucket.arn,
        documented: false,
      }),
    });
    new IamRolePolicy(this, "replication-role-policy", {
      name: "replicate-site-bucket",
      role: role.id,
      policy: policyDocument(
        { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: this.bucket.arn },
        {
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${this.bucket.arn}/*`,
        },
        { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${replica.arn}/*` },
        ...(props.encryptionKey && key
          ? [
              { Effect: "Allow" as const, Action: "kms:Decrypt", Resource: props.encryptionKey.arn },
              { Effect: "Allow" as const, Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: key.arn },
            ]
          : []),
      ),
    });
    new S3BucketReplicationConfigurationA(this, "replication", {
      bucket: this.bucket.bucket.id,
      role: role.arn,
      rule: [
        {
          id: "replicate-everything",
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: key ? { sseKmsEncryptedObjects: { status: "Enabled" } } : undefined,
          destination: {
            bucket: replica.arn,
            storageClass: "STANDARD",
            encryptionConfiguration: key ? { replicaKmsKeyId: key.arn } : undefined,
          },
        },
      ],
      // S3 refuses a replication configuration until both buckets are versioned.
      dependsOn: [this.bucket.versioning!, replica.versioning!],
    });
    return { bucket: replica, key };
  }
}

function validate(site: StaticSite, props: StaticSiteProps): void {
  const check = propChecks(site);
  const domainNames = props.domainNames ?? [];
  if (domainNames.length > 0 && !props.certificateArn) {
    check.fail("certificateArn", props.certificateArn, `must be given (in us-east-1) to cover domainNames ${JSON.stringify(domainNames)}`);
  }
  if (props.certificateArn && domainNames.length === 0) {
    check.fail("domainNames", domainNames, "must not be empty when certificateArn is given; the certificate would never be served");
  }
  const days = props.noncurrentVersionDays;
  if (days !== undefined)
    check.expect(Number.isInteger(days) && days >= 1, "noncurrentVersionDays", days, "must be a whole number of days >= 1");
  const replicationRole = `${props.name}${REPLICATION_ROLE_SUFFIX}`;
  if (props.replication) {
    check.expect(
      replicationRole.length <= MAX_IAM_ROLE_NAME,
      "name",
      props.name,
      `must be at most ${MAX_IAM_ROLE_NAME - REPLICATION_ROLE_SUFFIX.length} characters with replication: the replication role is <name>${REPLICATION_ROLE_SUFFIX}`,
    );
    check.expect(
      props.replication.bucketName !== props.bucketName,
      "replication.bucketName",
      props.replication.bucketName,
      `must differ from bucketName "${props.bucketName}"`,
    );
  }
}
