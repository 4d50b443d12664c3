import { isSet } from "../config-values";
import { defineRule } from "../types";

export const cloudtrailCloudwatch = defineRule({
  id: "cloudtrail-cloudwatch",
  level: "warning",
  summary: "Trails deliver events to CloudWatch Logs.",
  explanation:
    "Events in S3 are for investigations after the fact; in CloudWatch Logs they can drive metric filters and alarms (root login, IAM or security group changes) while something is happening.",
  fix: "Use modules/audit-trail.ts, or set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn.",
  scanners: { checkov: ["CKV2_AWS_10"], trivy: ["AVD-AWS-0162"], cdkNag: ["NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled"] },
  resourceTypes: ["aws_cloudtrail"],
  check: ({ config }) =>
    isSet(config.cloud_watch_logs_group_arn) && isSet(config.cloud_watch_logs_role_arn)
      ? undefined
      : "cloud_watch_logs_group_arn and cloud_watch_logs_role_arn are not both set",
});
