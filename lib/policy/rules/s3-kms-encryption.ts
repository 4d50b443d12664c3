import { block, blocks, isSet } from "../config-values";
import { isLogTarget } from "../log-targets";
import { defineRule } from "../types";

export const s3KmsEncryption = defineRule({
  id: "s3-kms-encryption",
  level: "warning",
  dataProtection: true,
  summary: "Buckets holding data use SSE-KMS with a customer-managed key; log-delivery buckets may use SSE-S3.",
  explanation:
    "With SSE-KMS every read needs kms:Decrypt, so a leaked bucket policy or role is not enough to read data, and key usage is audited. S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets, so buckets that receive them are exempt.",
  fix: "Pass encryption: { kmsKey } to SecureBucket (sets sse_algorithm aws:kms and kms_master_key_id).",
  scanners: { checkov: ["CKV_AWS_145"], trivy: ["AVD-AWS-0132"], cdkNag: ["NIST.800.53.R5-S3DefaultEncryptionKMS"] },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    if (isLogTarget(bucket, stack)) return undefined;
    const defaults = stack
      .referencing("aws_s3_bucket_server_side_encryption_configuration", bucket, "bucket")
      .flatMap((configuration) => blocks(configuration.config, "rule"))
      .map((rule) => block(rule, "apply_server_side_encryption_by_default"));
    const usesKms = defaults.some((entry) => String(entry?.sse_algorithm).startsWith("aws:kms") && isSet(entry?.kms_master_key_id));
    return usesKms ? undefined : "default encryption is not SSE-KMS with a customer-managed key";
  },
});
