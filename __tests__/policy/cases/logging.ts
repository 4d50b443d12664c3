import { RuleCase } from "./case";

const key = { "aws_kms_key.logs": { enable_key_rotation: true } };
const trail = (extra: Record<string, unknown>) => ({
  ...key,
  "aws_cloudtrail.audit": { name: "audit", s3_bucket_name: "audit-logs", ...extra },
});

export const loggingCases: RuleCase[] = [
  {
    rule: "log-group-kms",
    name: "a log group with and without a key",
    compliant: { ...key, "aws_cloudwatch_log_group.app": { name: "/app", retention_in_days: 365, kms_key_id: "${aws_kms_key.logs.arn}" } },
    nonCompliant: { "aws_cloudwatch_log_group.app": { name: "/app", retention_in_days: 365 } },
    flags: "aws_cloudwatch_log_group.app",
  },
  {
    rule: "log-group-retention",
    name: "the seed's 90 days in production vs 30 days",
    compliant: { "aws_cloudwatch_log_group.app": { name: "/app", retention_in_days: 90 } },
    nonCompliant: { "aws_cloudwatch_log_group.app": { name: "/app", retention_in_days: 30 } },
    flags: "aws_cloudwatch_log_group.app",
    message: /30 \(production keeps at least 90\)/,
  },
  {
    rule: "log-group-retention",
    name: "development may keep 30 days but must say so",
    tier: "development",
    compliant: { "aws_cloudwatch_log_group.app": { name: "/app", retention_in_days: 30 } },
    nonCompliant: { "aws_cloudwatch_log_group.app": { name: "/app" } },
    flags: "aws_cloudwatch_log_group.app",
    message: /not set/,
  },
  {
    rule: "cloudtrail-integrity",
    name: "a multi-region validated trail vs a single-region one",
    compliant: trail({ is_multi_region_trail: true, enable_log_file_validation: true }),
    nonCompliant: trail({ enable_log_file_validation: true }),
    flags: "aws_cloudtrail.audit",
    message: /is_multi_region_trail/,
  },
  {
    rule: "cloudtrail-kms",
    name: "a trail encrypted with a customer key vs SSE-S3",
    compliant: trail({ kms_key_id: "${aws_kms_key.logs.arn}" }),
    nonCompliant: trail({}),
    flags: "aws_cloudtrail.audit",
  },
  {
    rule: "cloudtrail-cloudwatch",
    name: "a trail delivering to CloudWatch Logs vs S3 only",
    compliant: {
      ...trail({
        cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.trail.arn}:*",
        cloud_watch_logs_role_arn: "${aws_iam_role.trail.arn}",
      }),
      "aws_cloudwatch_log_group.trail": { name: "/trail", retention_in_days: 365 },
      "aws_iam_role.trail": { assume_role_policy: "{}" },
    },
    nonCompliant: trail({ cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.trail.arn}:*" }),
    flags: "aws_cloudtrail.audit",
  },
];
