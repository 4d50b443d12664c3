import { isSet } from "../config-values";
import { defineRule } from "../types";

export const cloudtrailKms = defineRule({
  id: "cloudtrail-kms",
  level: "warning",
  dataProtection: true,
  summary: "Trails encrypt their log files with a customer-managed KMS key.",
  explanation:
    "Audit logs show every API call in the account; SSE-KMS means reading them needs the key as well as the bucket, and the key policy can keep even bucket administrators out.",
  fix: "Use modules/audit-trail.ts, or set kms_key_id to a KmsKey ARN whose policy allows cloudtrail.amazonaws.com.",
  scanners: { checkov: ["CKV_AWS_35"], trivy: ["AVD-AWS-0015"], cdkNag: ["NIST.800.53.R5-CloudTrailEncryptionEnabled"] },
  resourceTypes: ["aws_cloudtrail"],
  check: (trail) => (isSet(trail.config.kms_key_id) ? undefined : "kms_key_id is not set"),
});
