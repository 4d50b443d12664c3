import { StateBackend } from "../../modules/state-backend";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";

function build() {
  return synthModule(
    (stack) => new StateBackend(stack, "state", { bucketName: "org-tf-state", lockTableName: "org-tf-locks", account: stack.account }),
  );
}

describe("StateBackend", () => {
  test("GIVEN a state backend THEN the state bucket is KMS-encrypted, versioned, private, TLS-only and survives destroy", () => {
    const { json } = build();
    expect(resource(json, "aws_s3_bucket.state_bucket")).toMatchObject({ bucket: "org-tf-state", lifecycle: { prevent_destroy: true } });
    expect(resource(json, "aws_s3_bucket_versioning.state_bucket_versioning")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration.state_bucket_encryption").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.state_kms-key.arn}" },
        bucket_key_enabled: true,
      },
    ]);
    expect(resource(json, "aws_s3_bucket_public_access_block.state_bucket_public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const statements = policy(resource(json, "aws_s3_bucket_policy.state_bucket_policy").policy).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    expect(resource(json, "aws_kms_key.state_kms-key").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("GIVEN a state backend THEN every access to the state bucket is logged to its own protected bucket, kept a year by default", () => {
    const { json } = build();
    expect(resource(json, "aws_s3_bucket.state_access-logs")).toMatchObject({
      bucket: "org-tf-state-access-logs",
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_s3_bucket_logging.state_bucket_access-logging")).toMatchObject({
      target_bucket: "${aws_s3_bucket.state_access-logs.id}",
      target_prefix: "org-tf-state/",
    });
    const [rule] = resource(json, "aws_s3_bucket_lifecycle_configuration.state_access-logs_lifecycle").rule as Record<string, unknown>[];
    expect(rule.expiration).toEqual([{ days: 365 }]);
  });

  test("GIVEN a state bucket name too long to name its access-log bucket after THEN it is refused", () => {
    const stack = moduleTestStack();
    expect(() => new StateBackend(stack, "state", { bucketName: "b".repeat(52), lockTableName: "t", account: stack.account })).toThrow(
      /StateBackend "test\/state": bucketName = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": must be at most 51 characters \(its access-log bucket adds "-access-logs"\)/,
    );
  });

  test("GIVEN the defaults THEN superseded state versions expire after 90 days", () => {
    const { json } = build();
    const [rule] = resource(json, "aws_s3_bucket_lifecycle_configuration.state_bucket_lifecycle").rule as Record<string, unknown>[];
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rule.expiration).toBeUndefined();
  });

  test("GIVEN a state backend THEN the lock table has string hash key LockID, on-demand billing, PITR, KMS encryption and protection", () => {
    const { json } = build();
    expect(resource(json, "aws_dynamodb_table.state_lock-table")).toMatchObject({
      name: "org-tf-locks",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.state_kms-key.arn}" },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("GIVEN a non-positive retention THEN it is refused", () => {
    const stack = moduleTestStack();
    expect(
      () =>
        new StateBackend(stack, "state", {
          bucketName: "b-b-b",
          lockTableName: "t",
          account: stack.account,
          noncurrentVersionRetentionDays: 0,
        }),
    ).toThrow('StateBackend "test/state": noncurrentVersionRetentionDays = 0: must be a positive whole number');
  });
});
