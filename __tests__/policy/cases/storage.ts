import { policy, RuleCase } from "./case";

const bucket = { "aws_s3_bucket.data": { bucket: "data" } };
const logs = { "aws_s3_bucket.logs": { bucket: "logs" } };
const key = { "aws_kms_key.data": { enable_key_rotation: true } };
const encryption = (name: string, defaults: Record<string, unknown>) => ({
  [`aws_s3_bucket_server_side_encryption_configuration.${name}`]: {
    bucket: `\${aws_s3_bucket.${name}.id}`,
    rule: [{ apply_server_side_encryption_by_default: defaults }],
  },
});
const logging = {
  "aws_s3_bucket_logging.data": { bucket: "${aws_s3_bucket.data.id}", target_bucket: "${aws_s3_bucket.logs.id}", target_prefix: "data/" },
};
const denyPlainHttp = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

export const storageCases: RuleCase[] = [
  {
    rule: "s3-public-access-block",
    name: "all four blocks on vs one left off",
    compliant: {
      ...bucket,
      "aws_s3_bucket_public_access_block.data": {
        bucket: "${aws_s3_bucket.data.id}",
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    nonCompliant: {
      ...bucket,
      "aws_s3_bucket_public_access_block.data": {
        bucket: "${aws_s3_bucket.data.id}",
        block_public_acls: true,
        block_public_policy: false,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    flags: "aws_s3_bucket.data",
    message: /block_public_policy/,
  },
  {
    rule: "s3-public-access-block",
    name: "a bucket with no public access block at all",
    nonCompliant: bucket,
    flags: "aws_s3_bucket.data",
    message: /no aws_s3_bucket_public_access_block/,
  },
  {
    rule: "s3-encryption",
    name: "declared default encryption vs none",
    compliant: { ...bucket, ...encryption("data", { sse_algorithm: "AES256" }) },
    nonCompliant: bucket,
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-kms-encryption",
    name: "SSE-KMS with a customer key vs SSE-S3",
    compliant: { ...bucket, ...key, ...encryption("data", { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.data.arn}" }) },
    nonCompliant: { ...bucket, ...encryption("data", { sse_algorithm: "AES256" }) },
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-kms-encryption",
    name: "a bucket receiving server access logs may use SSE-S3; SSE-KMS without a key id is not enough",
    compliant: {
      ...bucket,
      ...logs,
      ...logging,
      ...encryption("logs", { sse_algorithm: "AES256" }),
      ...key,
      ...encryption("data", { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.data.arn}" }),
    },
    nonCompliant: { ...bucket, ...encryption("data", { sse_algorithm: "aws:kms" }) },
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-tls-only",
    name: "a policy denying plain HTTP vs a policy without the deny",
    compliant: { ...bucket, "aws_s3_bucket_policy.data": { bucket: "${aws_s3_bucket.data.id}", policy: policy(denyPlainHttp) } },
    nonCompliant: {
      ...bucket,
      "aws_s3_bucket_policy.data": {
        bucket: "${aws_s3_bucket.data.id}",
        policy: policy({
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: "${aws_s3_bucket.data.arn}/*",
        }),
      },
    },
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-tls-only",
    name: "the deny written as an aws_iam_policy_document data source",
    compliant: {
      ...bucket,
      "data.aws_iam_policy_document.data": {
        statement: [
          {
            effect: "Deny",
            actions: ["s3:*"],
            resources: ["${aws_s3_bucket.data.arn}"],
            principals: [{ type: "*", identifiers: ["*"] }],
            condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
        ],
      },
      "aws_s3_bucket_policy.data": { bucket: "${aws_s3_bucket.data.id}", policy: "${data.aws_iam_policy_document.data.json}" },
    },
    nonCompliant: bucket,
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-access-logging",
    name: "a bucket logging to a log bucket (which is exempt) vs a bucket that does not log",
    compliant: { ...bucket, ...logs, ...logging },
    nonCompliant: bucket,
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "s3-versioning",
    name: "versioning Enabled vs Suspended",
    compliant: {
      ...bucket,
      "aws_s3_bucket_versioning.data": { bucket: "${aws_s3_bucket.data.id}", versioning_configuration: { status: "Enabled" } },
    },
    nonCompliant: {
      ...bucket,
      "aws_s3_bucket_versioning.data": { bucket: "${aws_s3_bucket.data.id}", versioning_configuration: { status: "Suspended" } },
    },
    flags: "aws_s3_bucket.data",
  },
  {
    rule: "kms-key-rotation",
    name: "rotation on vs off; asymmetric keys cannot rotate",
    compliant: { ...key, "aws_kms_key.signing": { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } },
    nonCompliant: { "aws_kms_key.data": { enable_key_rotation: false } },
    flags: "aws_kms_key.data",
  },
  {
    rule: "data-deletion-protection",
    name: "a protected vs an unprotected production database",
    compliant: {
      "aws_db_instance.db": {
        engine: "postgres",
        instance_class: "db.t3.medium",
        deletion_protection: true,
        final_snapshot_identifier: "db-final",
      },
    },
    nonCompliant: { "aws_db_instance.db": { engine: "postgres", instance_class: "db.t3.medium", skip_final_snapshot: true } },
    flags: "aws_db_instance.db",
    message: /deletion_protection is not true/,
  },
  {
    rule: "data-deletion-protection",
    name: "buckets, tables, keys and secrets in production",
    compliant: {
      "aws_s3_bucket.data": { bucket: "data", lifecycle: { prevent_destroy: true } },
      "aws_kms_key.data": { enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } },
      "aws_dynamodb_table.locks": {
        name: "locks",
        hash_key: "LockID",
        deletion_protection_enabled: true,
        lifecycle: { prevent_destroy: true },
      },
      "aws_secretsmanager_secret.api": { name: "api", recovery_window_in_days: 30 },
    },
    nonCompliant: { "aws_s3_bucket.data": { bucket: "data", force_destroy: true } },
    flags: "aws_s3_bucket.data",
    message: /force_destroy/,
  },
  {
    rule: "data-deletion-protection",
    name: "development stacks may tear data down",
    tier: "development",
    compliant: {
      "aws_s3_bucket.data": { bucket: "data", force_destroy: true },
      "aws_secretsmanager_secret.api": { name: "api", recovery_window_in_days: 0 },
    },
  },
];
