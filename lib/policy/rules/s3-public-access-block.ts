import { isTrue } from "../config-values";
import { defineRule } from "../types";

const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlock = defineRule({
  id: "s3-public-access-block",
  level: "warning",
  summary: "Every bucket has a public access block with all four settings on.",
  explanation:
    "The public access block is the backstop that stops one wrong ACL or bucket policy statement from publishing the bucket; all four settings are needed to cover both ACLs and policies.",
  fix: "Use modules/secure-bucket.ts, or add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets = true.",
  scanners: {
    checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
    cdkNag: ["AwsSolutions-S2", "NIST.800.53.R5-S3BucketLevelPublicAccessProhibited"],
  },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const blocks = stack.referencing("aws_s3_bucket_public_access_block", bucket, "bucket");
    if (blocks.length === 0) return "no aws_s3_bucket_public_access_block for this bucket";
    const off = SETTINGS.filter((setting) => !blocks.some((block) => isTrue(block.config[setting])));
    return off.length > 0 ? `public access block leaves ${off.join(", ")} off` : undefined;
  },
});
