import { accountUniqueBucketName, SecureBucket } from "../../modules/secure-bucket";
import { ACCOUNT_ID, moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";

describe("SecureBucket", () => {
  test("blocks all public access, enforces ownership, encrypts, versions and refuses plain HTTP", () => {
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

  test("a KMS key selects SSE-KMS with a bucket key", () => {
    const { json } = synthModule(
      (stack) =>
        new SecureBucket(stack, "data", {
          bucketName: "example-data",
          encryption: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/abc" },
        }),
    );
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration.data_encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "arn:aws:kms:us-east-1:111122223333:key/abc",
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("lifecycle rules carry transitions, expiry and noncurrent-version expiry", () => {
    const { json } = synthModule(
      (stack) =>
        new SecureBucket(stack, "data", {
          bucketName: "example-data",
          lifecycleRules: [
            { id: "tiering", transitions: [{ days: 30, storageClass: "STANDARD_IA" }], expirationDays: 365, noncurrentExpirationDays: 30 },
          ],
        }),
    );
    const rule = (resource(json, "aws_s3_bucket_lifecycle_configuration.data_lifecycle").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({
      id: "tiering",
      status: "Enabled",
      transition: [{ days: 30, storage_class: "STANDARD_IA" }],
      expiration: [{ days: 365 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
  });

  test("preventDestroy protects the bucket; without it the bucket has no lifecycle block", () => {
    const protectedJson = synthModule(
      (stack) => new SecureBucket(stack, "data", { bucketName: "example-data", preventDestroy: true }),
    ).json;
    expect(resource(protectedJson, "aws_s3_bucket.data").lifecycle).toEqual({ prevent_destroy: true });
    const plainJson = synthModule((stack) => new SecureBucket(stack, "data", { bucketName: "example-data" })).json;
    expect(resource(plainJson, "aws_s3_bucket.data").lifecycle).toBeUndefined();
  });

  test("access logs go to the log bucket under the bucket's own prefix", () => {
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
      Condition: { ArnLike: { "aws:SourceArn": "${aws_s3_bucket.data.arn}" } },
    });
  });

  test.each([
    [{ bucketName: "Bad_Name" }, /bucketName must be 3-63 lowercase .* got "Bad_Name"/],
    [
      {
        bucketName: "ok-name",
        lifecycleRules: [{ id: "r", transitions: [{ days: 400, storageClass: "GLACIER" as const }], expirationDays: 365 }],
      },
      /lifecycle rule "r" expires objects at day 365, before its transitions/,
    ],
  ])("refuses %j", (props, message) => {
    expect(() => new SecureBucket(moduleTestStack(), "bucket", props)).toThrow(message);
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
