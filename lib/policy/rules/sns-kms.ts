import { isSet } from "../config-values";
import { defineRule } from "../types";

export const snsKms = defineRule({
  id: "sns-kms",
  level: "warning",
  dataProtection: true,
  summary: "SNS topics are encrypted with a customer-managed KMS key.",
  explanation:
    "Alarm and event messages name resources and carry payloads; encrypting the topic with a customer-managed key limits who can publish and read them (CloudWatch needs kms:GenerateDataKey on that key).",
  fix: "Pass kmsKey to AlarmTopic (kms_master_key_id = the key ARN; the key policy must allow cloudwatch.amazonaws.com).",
  scanners: {
    checkov: ["CKV_AWS_26"],
    trivy: ["AVD-AWS-0095", "AVD-AWS-0136"],
    cdkNag: ["AwsSolutions-SNS2", "NIST.800.53.R5-SNSEncryptedKMS"],
  },
  resourceTypes: ["aws_sns_topic"],
  check: ({ config }) =>
    isSet(config.kms_master_key_id) && config.kms_master_key_id !== "alias/aws/sns"
      ? undefined
      : "not encrypted with a customer-managed KMS key",
});
