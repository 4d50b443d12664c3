import { isSet } from "../config-values";
import { defineRule } from "../types";

export const logGroupKms = defineRule({
  id: "log-group-kms",
  level: "warning",
  dataProtection: true,
  summary: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  explanation:
    "Logs carry request paths, user identifiers and error details; a customer-managed key restricts who can read them beyond IAM logs:* permissions and records every decryption.",
  fix: "Set kms_key_id to a KmsKey ARN whose policy allows logs.<region>.amazonaws.com (modules/kms-key.ts policyStatements).",
  scanners: { checkov: ["CKV_AWS_158"], trivy: ["AVD-AWS-0017"], cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupEncrypted"] },
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: (group) => (isSet(group.config.kms_key_id) ? undefined : "kms_key_id is not set"),
});
