import { AuditTrail } from "../../modules/audit-trail";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

function build() {
  return synthModule(
    (stack) =>
      new AuditTrail(stack, "audit", {
        namePrefix: "test-prod",
        account: stack.account,
        bucketName: "test-prod-audit",
        kmsKey: testKey(stack),
      }),
  );
}

describe("AuditTrail", () => {
  test("GIVEN an audit trail THEN it covers every region with log file validation, KMS encryption and a CloudWatch copy", () => {
    const { json } = build();
    expect(resource(json, "aws_cloudtrail.audit")).toMatchObject({
      name: "test-prod-audit",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: "${aws_kms_key.key.arn}",
      s3_bucket_name: "${aws_s3_bucket.audit_bucket.bucket}",
      cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.audit_log-group.arn}:*",
      depends_on: ["aws_s3_bucket_policy.audit_bucket_policy"],
    });
    expect(resource(json, "aws_cloudwatch_log_group.audit_log-group")).toMatchObject({
      retention_in_days: 365,
      kms_key_id: "${aws_kms_key.key.arn}",
    });
  });

  test("GIVEN a development stack THEN the log bucket can be destroyed with it", () => {
    expect(resource(build().json, "aws_s3_bucket.audit_bucket").lifecycle).toBeUndefined();
  });

  test("GIVEN a production stack THEN the log bucket survives destroy", () => {
    // The construct's resource, not synthesized JSON: a bare production stack would fail the guardrails.
    const stack = moduleTestStack("test", "production");
    const trail = new AuditTrail(stack, "audit", {
      namePrefix: "p",
      account: stack.account,
      bucketName: "p-audit",
      kmsKey: testKey(stack),
    });
    expect(trail.bucket.bucket.lifecycle).toEqual({ preventDestroy: true });
  });

  test("GIVEN the trail's log bucket THEN it admits only this trail", () => {
    const { json } = build();
    const statements = policy(resource(json, "aws_s3_bucket_policy.audit_bucket_policy").policy).Statement;
    const write = statements.find((s) => s.Sid === "CloudTrailWrite")!;
    expect(write.Resource).toBe("${aws_s3_bucket.audit_bucket.arn}/AWSLogs/${data.aws_caller_identity.current-account.account_id}/*");
    expect(JSON.stringify(write.Condition)).toContain(":trail/test-prod-audit");
    const keyStatements = policy(resource(json, "aws_kms_key.key").policy).Statement;
    expect(keyStatements.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(["CloudTrailEncryptLogs", "CloudTrailDescribeKey", "CloudWatchLogs"]),
    );
  });

  test("GIVEN the key policy THEN CloudTrail encrypts under its trail's encryption context and describes the key without one, as AWS documents", () => {
    const statements = policy(resource(build().json, "aws_kms_key.key").policy).Statement;
    const trailArn =
      "arn:${data.aws_partition.current-partition.partition}:cloudtrail:us-east-1:${data.aws_caller_identity.current-account.account_id}:trail/test-prod-audit";
    expect(statements.find((s) => s.Sid === "CloudTrailEncryptLogs")).toMatchObject({
      Action: "kms:GenerateDataKey*",
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": expect.stringMatching(/:trail\/\*$/) },
      },
    });
    // A DescribeKey request carries no encryption context: under the condition above it would always be denied.
    expect(statements.find((s) => s.Sid === "CloudTrailDescribeKey")).toEqual({
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });
  });

  test("GIVEN the role CloudTrail delivers to CloudWatch Logs with THEN only this trail, of this account, may assume it", () => {
    const trust = policy(resource(build().json, "aws_iam_role.audit_logs-role").assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        // CloudTrail documents no source keys for this role: they bind when sent.
        Condition: {
          StringEqualsIfExists: { "aws:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" },
          ArnLikeIfExists: { "aws:SourceArn": expect.stringMatching(/:cloudtrail:us-east-1:.*:trail\/test-prod-audit$/) },
        },
      },
    ]);
  });
});
