import { block, isTrue } from "../config-values";
import { defineRule } from "../types";

export const s3Versioning = defineRule({
  id: "s3-versioning",
  level: "warning",
  dataProtection: true,
  summary: "Every bucket has versioning enabled.",
  explanation:
    "Versioning keeps overwritten and deleted objects recoverable, which is the difference between an incident and data loss after a bad deploy, a buggy job or ransomware.",
  fix: "Use modules/secure-bucket.ts (versioned by default; expire old versions with lifecycleRules), or add an aws_s3_bucket_versioning with status Enabled.",
  scanners: { checkov: ["CKV_AWS_21"], trivy: ["AVD-AWS-0090"], cdkNag: ["NIST.800.53.R5-S3BucketVersioningEnabled"] },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const enabled =
      stack
        .referencing("aws_s3_bucket_versioning", bucket, "bucket")
        .some((versioning) => block(versioning.config, "versioning_configuration")?.status === "Enabled") ||
      isTrue(block(bucket.config, "versioning")?.enabled);
    return enabled ? undefined : "versioning is not enabled";
  },
});
