import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3_MINIMUM_STORAGE_DAYS } from "../../lib/aws-formats";
import { accountUniqueBucketName, SecureBucket, storageClassStays } from "../../modules/secure-bucket";
import { ACCOUNT_ID, moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { grantsOf, testKey } from "../support/fixtures";
import { RolePolicy } from "../../modules/role-policy";

const VIA_S3 = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };

/** What `grant` gives the test grantee on an SSE-KMS bucket (SSE-S3 with `kms` false). */
function granted(grant: (bucket: SecureBucket, grantee: RolePolicy) => void, kms = true) {
  return grantsOf(
    (stack) => new SecureBucket(stack, "data", { bucketName: "example-data", encryption: kms ? { kmsKey: testKey(stack) } : undefined }),
    grant,
  );
}

describe("SecureBucket", () => {
  test("GIVEN grantReadWrite on an SSE-KMS bucket THEN the grantee gets object access to it, listing, and the key through S3 only", () => {
    expect(granted((bucket, grantee) => bucket.grantReadWrite(grantee))).toEqual([
      {
        Sid: "ReadWriteObjects",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        Resource: "${aws_s3_bucket.data.arn}/*",
      },
      { Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "${aws_s3_bucket.data.arn}" },
      {
        Sid: "KeyEncryptDecryptThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "${aws_kms_key.key.arn}",
        Condition: VIA_S3,
      },
    ]);
  });

  test("GIVEN grantRead THEN the grantee may read and list but not write or delete, and only decrypt", () => {
    const statements = granted((bucket, grantee) => bucket.grantRead(grantee));
    expect(statements.map((statement) => statement.Action)).toEqual(["s3:GetObject", "s3:ListBucket", "kms:Decrypt"]);
    expect(statements[2]).toMatchObject({ Resource: "${aws_kms_key.key.arn}", Condition: VIA_S3 });
  });

  test("GIVEN an SSE-S3 bucket THEN a grant carries no KMS statement", () => {
    expect(granted((bucket, grantee) => bucket.grantReadWrite(grantee), false).map((statement) => statement.Sid)).toEqual([
      "ReadWriteObjects",
      "ListBucket",
    ]);
  });

  test("GIVEN a bucket THEN it blocks all public access, enforces ownership, encrypts, versions and refuses plain HTTP", () => {
    const { json } = synthModule((stack) => new SecureBucket(stack, "data", { bucketName: "example-data" }));
    expect(resource(json, "aws_s3_bucket.data")).toMatchObject({ bucket: "example-data", force_destroy: false });
    expect(resource(json, "aws_s3_bucket_public_access_block.data_public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_ownership_controls.data_ownership-controls")).toMatchObject({
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration.data_encryption").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(resource(json, "aws_s3_bucket_versioning.data_versioning")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    const statements = policy(resource(json, "aws_s3_bucket_policy.data_policy").policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  test("GIVEN a KMS key THEN SSE-KMS is selected with a bucket key", () => {
    const { json } = synthModule(
      (stack) =>
        new SecureBucket(stack, "data", {
          bucketName: "example-data",
          encryption: { kmsKey: testKey(stack) },
        }),
    );
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration.data_encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.key.arn}",
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("GIVEN lifecycle rules THEN they carry transitions, expiry, and noncurrent-version transitions and expiry", () => {
    const { json } = synthModule(
      (stack) =>
        new SecureBucket(stack, "data", {
          bucketName: "example-data",
          lifecycleRules: [
            {
              id: "tiering",
              transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
              expirationDays: 365,
              noncurrentTransitions: [{ days: 30, storageClass: "GLACIER" }],
              noncurrentExpirationDays: 120,
            },
          ],
        }),
    );
    const rule = (resource(json, "aws_s3_bucket_lifecycle_configuration.data_lifecycle").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({
      id: "tiering",
      status: "Enabled",
      transition: [{ days: 30, storage_class: "STANDARD_IA" }],
      expiration: [{ days: 365 }],
      noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "GLACIER" }],
      noncurrent_version_expiration: [{ noncurrent_days: 120 }],
    });
  });

  test.each([
    ["development", undefined, undefined],
    ["production", undefined, { preventDestroy: true }],
    ["development", true, { preventDestroy: true }],
    ["production", false, undefined],
  ] as const)("GIVEN a %s stack and preventDestroy %s THEN the bucket's lifecycle is %j", (tier, preventDestroy, lifecycle) => {
    // The construct's resource, not synthesized JSON: a bare production stack would fail the guardrails.
    const bucket = new SecureBucket(moduleTestStack("test", tier), "data", { bucketName: "example-data", preventDestroy });
    expect(bucket.bucket.lifecycle).toEqual(lifecycle);
  });

  test("GIVEN a log bucket THEN access logs go to it under the bucket's own prefix", () => {
    const { json } = synthModule((stack) => {
      const logs = new SecureBucket(stack, "logs", { bucketName: "example-logs" });
      return new SecureBucket(stack, "data", { bucketName: "example-data", accessLogBucket: logs });
    });
    expect(resource(json, "aws_s3_bucket_logging.data_access-logging")).toMatchObject({
      target_bucket: "${aws_s3_bucket.logs.id}",
      target_prefix: "example-data/",
    });
    expect(Object.keys(resources(json, "aws_s3_bucket_logging"))).toEqual(["data_access-logging"]);
    const logStatements = policy(resource(json, "aws_s3_bucket_policy.logs_policy").policy).Statement;
    expect(logStatements).toContainEqual({
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "${aws_s3_bucket.logs.arn}/example-data/*",
      // A bucket ARN names no account: the source account is checked beside it.
      Condition: {
        ArnLike: { "aws:SourceArn": "${aws_s3_bucket.data.arn}" },
        StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" },
      },
    });
  });

  test.each([
    [
      { bucketName: "Bad_Name" },
      /SecureBucket "test\/bucket": bucketName = "Bad_Name": must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens/,
    ],
    [
      {
        bucketName: "ok-name",
        lifecycleRules: [{ id: "r", transitions: [{ days: 400, storageClass: "GLACIER" as const }], expirationDays: 365 }],
      },
      /SecureBucket "test\/bucket": lifecycleRules\["r"\] = 365: expires current versions at day 365, before its transitions \(400\); expire after the last transition/,
    ],
  ])("GIVEN %j THEN it is refused", (props, message) => {
    expect(() => new SecureBucket(moduleTestStack(), "bucket", props)).toThrow(message);
  });

  test("GIVEN lifecycle transitions THEN each storage class is kept at least its minimum billed duration (30 IA, 90 Glacier IR/Flexible, 180 Deep Archive)", () => {
    expect(S3_MINIMUM_STORAGE_DAYS).toMatchObject({ STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 });
    const stays = storageClassStays(
      [
        { days: 90, storageClass: "GLACIER" },
        { days: 30, storageClass: "STANDARD_IA" },
      ],
      365,
    );
    expect(stays).toEqual([
      { storageClass: "STANDARD_IA", fromDay: 30, days: 60, minimumDays: 30 },
      { storageClass: "GLACIER", fromDay: 90, days: 275, minimumDays: 90 },
    ]);
    expect(storageClassStays([{ days: 0, storageClass: "DEEP_ARCHIVE" }])).toEqual([
      { storageClass: "DEEP_ARCHIVE", fromDay: 0, days: undefined, minimumDays: 180 },
    ]);
  });

  // Each would be billed for days the objects no longer exist (an early-deletion charge): refused, not silent.
  test.each([
    [
      "noncurrent versions deleted 30 days after reaching Glacier",
      { id: "r", noncurrentTransitions: [{ days: 0, storageClass: "GLACIER" as const }], noncurrentExpirationDays: 30 },
      /lifecycleRules\["r"\] = 30: keeps noncurrent versions in GLACIER for 30 days \(from day 0\), but S3 bills GLACIER for at least 90 days: move the next transition or the expiry to day 90 or later/,
    ],
    [
      "Glacier Instant Retrieval expired after 60 days",
      { id: "r", transitions: [{ days: 0, storageClass: "GLACIER_IR" as const }], expirationDays: 60 },
      /lifecycleRules\["r"\] = 60: keeps current versions in GLACIER_IR for 60 days .* at least 90 days/,
    ],
    [
      "Deep Archive expired after 110 days",
      { id: "r", transitions: [{ days: 90, storageClass: "DEEP_ARCHIVE" as const }], expirationDays: 200 },
      /lifecycleRules\["r"\] = 110: keeps current versions in DEEP_ARCHIVE for 110 days \(from day 90\), .* at least 180 days: .* day 270 or later/,
    ],
    [
      "Standard-IA left for Glacier after 15 days",
      {
        id: "r",
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" as const },
          { days: 45, storageClass: "GLACIER" as const },
        ],
      },
      /lifecycleRules\["r"\] = 15: keeps current versions in STANDARD_IA for 15 days .* at least 30 days/,
    ],
  ])("GIVEN a lifecycle rule with %s THEN it is refused", (_, rule, message) => {
    expect(() => new SecureBucket(moduleTestStack(), "bucket", { bucketName: "ok-name", lifecycleRules: [rule] })).toThrow(
      new RegExp(`SecureBucket "test/bucket": ${message.source}`),
    );
  });

  test("GIVEN an access log bucket behind another provider THEN it is refused: S3 server access logs stay in the source region", () => {
    const stack = moduleTestStack();
    const west = new AwsProvider(stack, "aws_west", { region: "us-west-2", alias: "west" });
    const logs = new SecureBucket(stack, "logs", { bucketName: "example-logs" });
    expect(() => new SecureBucket(stack, "data", { bucketName: "example-data", provider: west, accessLogBucket: logs })).toThrow(
      /SecureBucket "test\/data": accessLogBucket = "test\/logs": uses another provider \(region\) than this bucket; S3 server access logs stay in the source bucket's region: give the log bucket the same provider/,
    );
  });
});

describe("accountUniqueBucketName", () => {
  test("GIVEN a seed name THEN the bucket is <name>-<account id>, the id read at plan time", () => {
    const { json } = synthModule(
      (stack) => new SecureBucket(stack, "artifacts", { bucketName: accountUniqueBucketName("coherent-artifacts-prod", stack.account) }),
    );
    expect(resource(json, "aws_s3_bucket.artifacts").bucket).toBe(`coherent-artifacts-prod-${ACCOUNT_ID}`);
    expect(json.data?.aws_caller_identity).toHaveProperty("current-account");
  });

  test("GIVEN a name that fits S3's 63 characters only without the account id THEN it is refused before plan", () => {
    const stack = moduleTestStack();
    expect(accountUniqueBucketName("a".repeat(50), stack.account)).toMatch(/^a{50}-\$\{/);
    expect(() => accountUniqueBucketName("a".repeat(51), stack.account)).toThrow(
      `Bucket name "${"a".repeat(51)}-<12-digit account id>" would be 64 characters; S3 allows at most 63`,
    );
  });

  test.each(["Treasury-Plane", "-logs", "logs_dev"])("GIVEN %p THEN it is refused as no bucket name", (name) => {
    expect(() => accountUniqueBucketName(name, moduleTestStack().account)).toThrow(/must be lowercase letters, digits, dots and hyphens/);
  });
});
