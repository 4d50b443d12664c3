import { readPolicy } from "../policy-documents";
import { defineRule } from "../types";

export const s3TlsOnly = defineRule({
  id: "s3-tls-only",
  level: "warning",
  summary: "Every bucket policy denies requests that do not use TLS (aws:SecureTransport = false).",
  explanation:
    "Without the deny, clients and misconfigured SDKs can read and write objects over plain HTTP, exposing data and credentials-signed requests to anyone on the path.",
  fix: "Use modules/secure-bucket.ts (its policy starts with lib/iam.ts denyInsecureTransport), or add that statement to the bucket's aws_s3_bucket_policy.",
  scanners: { cdkNag: ["AwsSolutions-S10", "NIST.800.53.R5-S3BucketSSLRequestsOnly"] },
  resourceTypes: ["aws_s3_bucket"],
  check: (bucket, stack) => {
    const deniesPlainHttp = stack.referencing("aws_s3_bucket_policy", bucket, "bucket").some((policy) => {
      const reading = readPolicy(policy.config.policy, stack);
      return (
        "statements" in reading && reading.statements.some((statement) => statement.effect === "Deny" && statement.deniesInsecureTransport)
      );
    });
    return deniesPlainHttp ? undefined : "no bucket policy denies requests without TLS";
  },
});
