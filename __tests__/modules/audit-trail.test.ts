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
    expect(keyStatements.map((s) => s.Sid)).toEqual(expect.arrayContaining(["CloudTrailEncryptLogs", "CloudWatchLogs"]));
  });
});
