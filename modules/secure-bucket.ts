import { Construct } from "constructs";
import { Lazy, TerraformProvider } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { propChecks } from "../lib/construct-validation";
import { hasFormat, MAX_S3_BUCKET_NAME, S3_BUCKET_NAME, S3_MINIMUM_STORAGE_DAYS, StorageClass } from "../lib/aws-formats";
import { denyInsecureTransport, policyDocument, PolicyStatement, sourceConditions } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID, accountOf, inProductionStack } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { Grantable } from "./role-policy";

/** What an AWS account id looks like (12 digits), to check a name before the account is known. */
const ACCOUNT_ID_STAND_IN = "0".repeat(12);

/** How long a lifecycle rule keeps objects in one storage class it moves them to. */
export interface StorageClassStay {
  readonly storageClass: StorageClass;
  /** Age (days since creation, or since becoming noncurrent) at which objects arrive. */
  readonly fromDay: number;
  /** Days they stay before the next transition or the expiry. @default - until deleted by hand */
  readonly days?: number;
  /** Days S3 bills them in this class at least (S3_MINIMUM_STORAGE_DAYS). */
  readonly minimumDays: number;
}

/**
 * The storage classes a chain of lifecycle transitions passes through, each with its stay; a stay
 * shorter than `minimumDays` is billed as if it lasted `minimumDays` (an early-deletion charge).
 */
export function storageClassStays(
  transitions: readonly { readonly days: number; readonly storageClass: StorageClass }[],
  expirationDays?: number,
): StorageClassStay[] {
  const sorted = [...transitions].sort((a, b) => a.days - b.days);
  return sorted.map((transition, index) => {
    const end = index + 1 < sorted.length ? sorted[index + 1].days : expirationDays;
    return {
      storageClass: transition.storageClass,
      fromDay: transition.days,
      days: end === undefined ? undefined : end - transition.days,
      minimumDays: S3_MINIMUM_STORAGE_DAYS[transition.storageClass],
    };
  });
}

export interface BucketLifecycleRule {
  /** Rule id shown in the S3 console. */
  readonly id: string;
  /** Applies to keys under this prefix. @default - the whole bucket */
  readonly prefix?: string;
  /** Current versions move to these storage classes after the given ages. @default - none */
  readonly transitions?: readonly { readonly days: number; readonly storageClass: StorageClass }[];
  /** Current versions expire after this many days. @default - never */
  readonly expirationDays?: number;
  /** Noncurrent (overwritten or deleted) versions move to a storage class after the given ages. @default - none */
  readonly noncurrentTransitions?: readonly { readonly days: number; readonly storageClass: StorageClass }[];
  /** Noncurrent versions are deleted this many days after they stop being current. @default - kept */
  readonly noncurrentExpirationDays?: number;
}

/** Ages, in days, at which a tiering lifecycle moves and expires object versions. */
export interface TieringAges {
  /** Current versions move to Standard-IA. */
  readonly infrequentAccessAfterDays: number;
  /** Current versions move to Glacier Flexible Retrieval. */
  readonly glacierAfterDays: number;
  /** Current versions expire. */
  readonly expireAfterDays: number;
  /** Overwritten and deleted versions move to Glacier after being noncurrent this long. */
  readonly noncurrentVersionGlacierAfterDays: number;
  /** Overwritten and deleted versions are deleted after being noncurrent this long. */
  readonly noncurrentVersionExpireDays: number;
}

/**
 * A rule tiering current versions down to Standard-IA and Glacier before they expire, and keeping
 * noncurrent versions restorable in Standard first, then in Glacier until they expire.
 */
export function tieringLifecycleRule(id: string, ages: TieringAges): BucketLifecycleRule {
  return {
    id,
    transitions: [
      { days: ages.infrequentAccessAfterDays, storageClass: "STANDARD_IA" },
      { days: ages.glacierAfterDays, storageClass: "GLACIER" },
    ],
    expirationDays: ages.expireAfterDays,
    noncurrentTransitions: [{ days: ages.noncurrentVersionGlacierAfterDays, storageClass: "GLACIER" }],
    noncurrentExpirationDays: ages.noncurrentVersionExpireDays,
  };
}

export interface SecureBucketProps {
  /** Globally unique bucket name; `accountUniqueBucketName` makes one. */
  readonly bucketName: string;
  /** Default encryption. A KMS key selects SSE-KMS with a bucket key. @default "AES256" (SSE-S3) */
  readonly encryption?: "AES256" | { readonly kmsKey: KmsKey };
  /** @default true */
  readonly versioned?: boolean;
  /** @default - no lifecycle rules */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /** Server access logs go to this bucket under `<bucketName>/`. @default - not logged */
  readonly accessLogBucket?: SecureBucket;
  /**
   * Refuse `terraform destroy` and replacement (`lifecycle.prevent_destroy`); for buckets whose
   * loss loses data (state, backups, audit logs). @default - true in a production stack, false otherwise
   */
  readonly preventDestroy?: boolean;
  /** Let `terraform destroy` empty the bucket first. Only for disposable data. @default false */
  readonly forceDestroy?: boolean;
  /** Provider of another region (replicas). @default - the stack's provider */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with the controls every bucket here needs: all four public-access blocks, owner-
 * enforced object ownership (no ACLs), default encryption, versioning, and a bucket policy that
 * refuses plain HTTP. Other constructs add statements with `addToResourcePolicy`.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  /** The bucket policy; depend on it when a service must be allowed in before it writes. */
  readonly policy: S3BucketPolicy;
  /** The SSE-KMS key, when the bucket uses one; the grant methods let readers and writers use it through S3. */
  readonly kmsKey?: KmsKey;
  /** Versioning configuration (absent when `versioned` is false); S3 replication must wait for it. */
  readonly versioning?: S3BucketVersioningA;
  private readonly policyStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    validate(this, props);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, DEFAULT_CHILD_ID, {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: (props.preventDestroy ?? inProductionStack(this)) ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership-controls", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const encryption = props.encryption ?? "AES256";
    this.kmsKey = encryption === "AES256" ? undefined : encryption.kmsKey;
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [
        encryption === "AES256"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKey.arn },
              bucketKeyEnabled: true,
            },
      ],
    });
    this.versioning =
      props.versioned === false
        ? undefined
        : new S3BucketVersioningA(this, "versioning", {
            provider,
            bucket: this.bucket.id,
            versioningConfiguration: { status: "Enabled" },
          });

    if (props.lifecycleRules?.length) {
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        provider,
        bucket: this.bucket.id,
        rule: props.lifecycleRules.map((rule) => ({
          id: rule.id,
          status: "Enabled",
          filter: [{ prefix: rule.prefix ?? "" }],
          transition: rule.transitions?.map((t) => ({ days: t.days, storageClass: t.storageClass })),
          expiration: rule.expirationDays === undefined ? undefined : [{ days: rule.expirationDays }],
          noncurrentVersionTransition: rule.noncurrentTransitions?.map((t) => ({
            noncurrentDays: t.days,
            storageClass: t.storageClass,
          })),
          noncurrentVersionExpiration:
            rule.noncurrentExpirationDays === undefined ? undefined : [{ noncurrentDays: rule.noncurrentExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        })),
        // Rules on a versioned bucket must wait for versioning to exist.
        dependsOn: this.versioning ? [this.versioning] : undefined,
      });
    }

    if (props.accessLogBucket) {
      // S3 delivers server access logs only to a bucket in the source bucket's region
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
      if ((props.accessLogBucket.bucket.provider ?? null) !== (provider ?? null)) {
        propChecks(this).fail(
          "accessLogBucket",
          props.accessLogBucket.node.path,
          "uses another provider (region) than this bucket; S3 server access logs stay in the source bucket's region: give the log bucket the same provider",
        );
      }
      // With ACLs disabled, S3 server access logging is admitted by the target's bucket policy. A bucket
      // ARN names no account, so the source account is checked too (AWS's example policy has both:
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
      props.accessLogBucket.addToResourcePolicy({
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${props.accessLogBucket.arn}/${props.bucketName}/*`,
        Condition: sourceConditions({ account: accountOf(this).accountId, arn: this.arn, documented: true }),
      });
      new S3BucketLoggingA(this, "access-logging", {
        provider,
        bucket: this.bucket.id,
        targetBucket: props.accessLogBucket.bucket.id,
        targetPrefix: `${props.bucketName}/`,
      });
    }

    this.addToResourcePolicy(denyInsecureTransport(this.arn));
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket: this.bucket.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(...this.policyStatements) }),
      // A policy granting a service principal is refused while the public access block is being set.
      dependsOn: [publicAccessBlock],
    });
  }

  /** Lets `grantee` list the bucket and read its objects (and decrypt them, through S3 only). */
  grantRead(grantee: Grantable): void {
    grantee.addToPrincipalPolicy({ Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: `${this.arn}/*` });
    this.grantList(grantee);
    this.kmsKey?.grantDecrypt(grantee, { viaService: "s3" });
  }

  /** Lets `grantee` list the bucket and read, write and delete its objects (with the key, through S3 only). */
  grantReadWrite(grantee: Grantable): void {
    grantee.addToPrincipalPolicy({
      Sid: "ReadWriteObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
      Resource: `${this.arn}/*`,
    });
    this.grantList(grantee);
    this.kmsKey?.grantEncryptDecrypt(grantee, { viaService: "s3" });
  }

  private grantList(grantee: Grantable): void {
    grantee.addToPrincipalPolicy({ Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: this.arn });
  }

  /** Adds a statement to the bucket policy (service access such as CloudFront OAC or log delivery). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.policyStatements.push(statement);
  }
}

/**
 * `<name>-<account id>`: a bucket name no other account takes by accident. Bucket names are unique
 * across all accounts of a partition ("A bucket name cannot be used by another AWS account in the same
 * partition until the bucket is deleted", bucketnamingrules.html above), so a plain
 * `coherent-artifacts-prod` may already be someone's, and the apply would stop half-way with
 * BucketAlreadyExists. The account id is read at plan time (never hard-coded), and the name stays
 * stable across replacements, unlike `bucket_prefix`'s random suffix. Validated here with a 12-digit
 * stand-in, since SecureBucket cannot judge a name holding an unresolved account id.
 */
export function accountUniqueBucketName(name: string, account: AccountContext): string {
  const full = `${name}-${ACCOUNT_ID_STAND_IN}`;
  if (full.length > MAX_S3_BUCKET_NAME) {
    throw new Error(
      `Bucket name "${name}-<12-digit account id>" would be ${full.length} characters; S3 allows at most ${MAX_S3_BUCKET_NAME}: use a shorter environment name (config file name) or name prefix`,
    );
  }
  if (!hasFormat(S3_BUCKET_NAME, full)) {
    throw new Error(
      `Bucket name "${name}-<account id>" must be lowercase letters, digits, dots and hyphens, starting with a letter or digit`,
    );
  }
  return `${name}-${account.accountId}`;
}

function validate(bucket: SecureBucket, props: SecureBucketProps): void {
  const check = propChecks(bucket);
  check.format("bucketName", props.bucketName, S3_BUCKET_NAME);
  for (const rule of props.lifecycleRules ?? []) {
    const chains = [
      { versions: "current", transitions: rule.transitions ?? [], expirationDays: rule.expirationDays },
      { versions: "noncurrent", transitions: rule.noncurrentTransitions ?? [], expirationDays: rule.noncurrentExpirationDays },
    ];
    for (const { versions, transitions, expirationDays } of chains) {
      const days = transitions.map((t) => t.days);
      if (expirationDays !== undefined && days.some((d) => d >= expirationDays)) {
        check.fail(
          `lifecycleRules["${rule.id}"]`,
          expirationDays,
          `expires ${versions} versions at day ${expirationDays}, before its transitions (${days.join(", ")}); expire after the last transition`,
        );
      }
      // Leaving a class before its minimum storage duration is billed for the whole minimum anyway.
      const early = storageClassStays(transitions, expirationDays).find((stay) => stay.days !== undefined && stay.days < stay.minimumDays);
      if (early) {
        check.fail(
          `lifecycleRules["${rule.id}"]`,
          early.days,
          `keeps ${versions} versions in ${early.storageClass} for ${early.days} days (from day ${early.fromDay}), ` +
            `but S3 bills ${early.storageClass} for at least ${early.minimumDays} days: ` +
            `move the next transition or the expiry to day ${early.fromDay + early.minimumDays} or later`,
        );
      }
    }
  }
}
