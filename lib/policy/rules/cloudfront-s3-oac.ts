import { block, blocks, isSet } from "../config-values";
import { defineRule } from "../types";

const S3_ENDPOINT = /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$|\.s3-website[.-]/;

export const cloudfrontS3OriginAccessControl = defineRule({
  id: "cloudfront-s3-oac",
  level: "warning",
  summary: "S3 origins are read through Origin Access Control, never a public or website bucket.",
  explanation:
    "With OAC the bucket stays private and only the distribution (by ARN) can read it, with SigV4 and SSE-KMS support; legacy origin access identities and website endpoints need weaker bucket policies or public objects.",
  fix: "Use modules/static-site.ts, or set origin_access_control_id to an aws_cloudfront_origin_access_control and allow cloudfront.amazonaws.com with AWS:SourceArn = the distribution in the bucket policy.",
  scanners: { checkov: ["CKV2_AWS_46"], cdkNag: ["AwsSolutions-CFR7"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  check: ({ config }, stack) =>
    blocks(config, "origin")
      .filter((origin) => {
        const target = stack.resolve(origin.domain_name);
        return target?.type === "aws_s3_bucket" || (typeof origin.domain_name === "string" && S3_ENDPOINT.test(origin.domain_name));
      })
      .filter((origin) => !isSet(origin.origin_access_control_id) || isSet(block(origin, "s3_origin_config")?.origin_access_identity))
      .map((origin) => `S3 origin ${String(origin.origin_id)} is not read through Origin Access Control`),
});
