import { isSet } from "../config-values";
import { defineRule } from "../types";

export const cloudfrontWaf = defineRule({
  id: "cloudfront-waf",
  level: "warning",
  summary: "In production, distributions are protected by a WAF web ACL.",
  explanation:
    "A CLOUDFRONT-scope web ACL filters exploits, bad bots and floods at the edge, before they cost origin capacity or reach the application.",
  fix: "Create a WebAcl with scope CLOUDFRONT (provider: stack.usEast1Provider) and pass its ARN as StaticSite webAclArn (web_acl_id).",
  scanners: { checkov: ["CKV_AWS_68"], trivy: ["AVD-AWS-0011"], cdkNag: ["AwsSolutions-CFR2"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  tiers: ["production"],
  check: (distribution) => (isSet(distribution.config.web_acl_id) ? undefined : "web_acl_id is not set"),
});
