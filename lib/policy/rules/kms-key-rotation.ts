import { isTrue } from "../config-values";
import { defineRule } from "../types";

export const kmsKeyRotation = defineRule({
  id: "kms-key-rotation",
  level: "warning",
  dataProtection: true,
  summary: "Symmetric KMS keys rotate automatically.",
  explanation:
    "Automatic rotation replaces the key material every year (or the configured period) while old data stays readable, limiting how much data one compromised key version protects.",
  fix: "Use modules/kms-key.ts (rotation on), or set enable_key_rotation = true.",
  scanners: {
    checkov: ["CKV_AWS_7"],
    trivy: ["AVD-AWS-0065"],
    cdkNag: ["AwsSolutions-KMS5", "NIST.800.53.R5-KMSBackingKeyRotationEnabled"],
  },
  resourceTypes: ["aws_kms_key"],
  check: ({ config }) => {
    // Asymmetric and HMAC keys cannot rotate automatically.
    const spec = config.customer_master_key_spec;
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") return undefined;
    return isTrue(config.enable_key_rotation) ? undefined : "enable_key_rotation is not true";
  },
});
