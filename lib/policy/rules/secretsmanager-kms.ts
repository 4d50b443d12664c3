import { isSet } from "../config-values";
import { defineRule } from "../types";

export const secretsmanagerKms = defineRule({
  id: "secretsmanager-kms",
  level: "warning",
  dataProtection: true,
  summary: "Secrets are encrypted with a customer-managed KMS key.",
  explanation:
    "With the AWS-managed aws/secretsmanager key anyone with GetSecretValue can read the secret; a customer-managed key adds a second, separately audited permission and can be shared across accounts only deliberately.",
  fix: "Pass a KmsKey to AppSecrets (kms_key_id = the key ARN).",
  scanners: { checkov: ["CKV_AWS_149"], trivy: ["AVD-AWS-0098"], cdkNag: ["NIST.800.53.R5-SecretsManagerUsingKMSKey"] },
  resourceTypes: ["aws_secretsmanager_secret"],
  check: ({ config }) =>
    isSet(config.kms_key_id) && config.kms_key_id !== "alias/aws/secretsmanager"
      ? undefined
      : "not encrypted with a customer-managed KMS key",
});
