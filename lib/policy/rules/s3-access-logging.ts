import { isLogTarget } from "../log-targets";
import { defineRule } from "../types";

export const s3AccessLogging = defineRule({
  id: "s3-access-logging",
  level: "warning",
  summary: "Buckets log server access to a log bucket; buckets that receive logs are exempt.",
  explanation:
    "Server access logs record every request (who, what key, from where, result), which CloudTrail management events do not; they are how data access is investigated. A bucket that receives logs would log its own deliveries in a loop, so it is exempt.",
  fix: "Pass accessLogBucket to SecureBucket (adds aws_s3_bucket_logging), or add an aws_s3_bucket_logging for the bucket.",
  scanners: { checkov: ["CKV_AWS_18"], trivy: ["AVD-AWS-0089"], cdkNag: ["AwsSolutions-S1", "NIST.800.53.R5-S3BucketLoggingEnabled"] },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    if (isLogTarget(bucket, stack)) return undefined;
    return stack.referencing("aws_s3_bucket_logging", bucket, "bucket").length > 0 ? undefined : "server access logging is not enabled";
  },
});
