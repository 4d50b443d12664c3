import { block, blocks } from "../config-values";
import { defineRule } from "../types";

export const s3Encryption = defineRule({
  id: "s3-encryption",
  level: "warning",
  dataProtection: true,
  summary: "Every bucket declares default server-side encryption.",
  explanation:
    "S3 encrypts new objects with SSE-S3 by default since 2023, but declaring the configuration keeps the choice reviewed and in state, so drift to a weaker setting shows up in plan.",
  fix: "Use modules/secure-bucket.ts, or add an aws_s3_bucket_server_side_encryption_configuration for the bucket.",
  scanners: {
    checkov: ["CKV_AWS_19"],
    trivy: ["AVD-AWS-0088"],
    cdkNag: ["AwsSolutions-S3", "NIST.800.53.R5-S3BucketServerSideEncryptionEnabled"],
  },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const declared =
      stack
        .referencing("aws_s3_bucket_server_side_encryption_configuration", bucket, "bucket")
        .some((configuration) =>
          blocks(configuration.config, "rule").some((rule) => block(rule, "apply_server_side_encryption_by_default")?.sse_algorithm),
        ) || blocks(bucket.config, "server_side_encryption_configuration").length > 0;
    return declared ? undefined : "no aws_s3_bucket_server_side_encryption_configuration for this bucket";
  },
});
