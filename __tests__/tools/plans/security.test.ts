import { Action } from "../../../tools/plans/plan-json";
import { securityChanges } from "../../../tools/plans/security";
import { ACTIONS, planWith } from "../../support/plan-json";

const ruleIds = (plan: ReturnType<typeof planWith>) => securityChanges(plan, "production").map((f) => `${f.address} ${f.ruleId}`);
const policy = (action: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Artifacts", Effect: "Allow", Action: action, Resource: "arn:aws:s3:::b/*" }],
  });
const encryptedGroup = { name: "/coherent/prod/app", retention_in_days: 365, kms_key_id: "arn:aws:kms:us-east-1:402938475610:key/k" };

describe("security-relevant changes", () => {
  test.each([
    [
      "an ingress rule opened to the internet on SSH",
      { address: "aws_vpc_security_group_ingress_rule.ssh", actions: ACTIONS.update },
      { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: "10.20.0.0/16", description: "ssh" },
      { cidr_ipv4: "0.0.0.0/0" },
      "aws_vpc_security_group_ingress_rule.ssh sg-admin-ports-world-open",
    ],
    [
      "an IAM policy widened to a wildcard",
      { address: "aws_iam_role_policy.artifacts", actions: ACTIONS.update },
      { name: "artifacts", role: "app", policy: policy("s3:GetObject") },
      { policy: policy("s3:*") },
      "aws_iam_role_policy.artifacts iam-no-wildcard-actions",
    ],
    [
      "a log group's KMS key removed",
      { address: "aws_cloudwatch_log_group.app", actions: ACTIONS.update },
      encryptedGroup,
      { kms_key_id: null },
      "aws_cloudwatch_log_group.app log-group-kms",
    ],
  ])("GIVEN %s THEN it is listed with its guardrail rule", (_case, change, before, edit, expected) => {
    const plan = planWith([{ ...change, before, after: { ...before, ...edit } }]);
    expect(ruleIds(plan)).toEqual([expected]);
  });

  test("GIVEN a public access block turned off THEN the bucket's finding is listed: references come back from the configuration section", () => {
    const bucket = { bucket: "coherent-artifacts-prod-402938475610" };
    const block = {
      bucket: "coherent-artifacts-prod-402938475610",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    };
    const configuration = [
      {
        address: "aws_s3_bucket_public_access_block.artifacts",
        mode: "managed" as const,
        type: "aws_s3_bucket_public_access_block",
        expressions: { bucket: { references: ["aws_s3_bucket.artifacts.id", "aws_s3_bucket.artifacts"] } },
      },
    ];
    const plan = (after: Record<string, unknown> | null, actions: readonly Action[] = ACTIONS.update) =>
      planWith(
        [
          { address: "aws_s3_bucket.artifacts", actions: ACTIONS["no-op"], before: bucket, after: bucket },
          { address: "aws_s3_bucket_public_access_block.artifacts", actions, before: block, after },
        ],
        configuration,
      );
    const found = securityChanges(plan({ ...block, block_public_policy: false }), "production");
    expect(found).toEqual([
      expect.objectContaining({
        address: "aws_s3_bucket.artifacts",
        ruleId: "s3-public-access-block",
        message: "public access block leaves block_public_policy off",
      }),
    ]);
    expect(ruleIds(plan(null, ACTIONS.delete))).toEqual(["aws_s3_bucket.artifacts s3-public-access-block"]);
    expect(ruleIds(plan(block, ACTIONS["no-op"]))).toEqual([]);
  });

  test("GIVEN a finding that was there before the plan THEN it is not listed again", () => {
    const open = { ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0", description: "https" };
    const plan = planWith([
      {
        address: "aws_vpc_security_group_ingress_rule.https",
        actions: ACTIONS.update,
        before: open,
        after: { ...open, description: "HTTPS from anywhere" },
      },
    ]);
    expect(ruleIds(plan)).toEqual([]);
  });

  test("GIVEN values known only after apply THEN they count as set, as in synthesized JSON, and raise nothing", () => {
    const plan = planWith([
      {
        address: "aws_cloudwatch_log_group.audit",
        actions: ACTIONS.create,
        after: { name: "/aws/cloudtrail/audit", retention_in_days: 365, kms_key_id: null },
        afterUnknown: { kms_key_id: true },
      },
    ]);
    expect(ruleIds(plan)).toEqual([]);
  });

  test("GIVEN a finding the code suppresses with a reason THEN it is listed with the reason", () => {
    const rule = { ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0", description: "https" };
    const plan = planWith([{ address: "aws_vpc_security_group_ingress_rule.https", actions: ACTIONS.create, after: rule }]);
    const reason = "the load balancer's HTTPS listener is the system's entry point";
    expect(securityChanges(plan, "production", { "sg-world-ingress aws_vpc_security_group_ingress_rule.https": reason })).toEqual([
      expect.objectContaining({ ruleId: "sg-world-ingress", suppressedBecause: reason }),
    ]);
  });
});
