import { isLiterallyTrue } from "../config-values";
import { isApplicationLoadBalancer } from "../load-balancers";
import { defineRule } from "../types";

export const albWaf = defineRule({
  id: "alb-waf",
  level: "warning",
  summary: "In production, internet-facing application load balancers are associated with a WAF web ACL.",
  explanation:
    "AWS managed rule groups block common exploits (SQL injection, known bad inputs, bad reputation addresses) and rate-limit floods before they reach the application.",
  fix: "Create a WebAcl (modules/web-acl.ts, scope REGIONAL) and associate(loadBalancer.arn), which adds aws_wafv2_web_acl_association.",
  scanners: { checkov: ["CKV2_AWS_28"], cdkNag: ["NIST.800.53.R5-ALBWAFEnabled"] },
  resourceTypes: ["aws_lb", "aws_alb"],
  tiers: ["production"],
  check: (lb, stack) => {
    if (!isApplicationLoadBalancer(lb) || isLiterallyTrue(lb.config.internal)) return undefined;
    return stack.referencing("aws_wafv2_web_acl_association", lb, "resource_arn").length > 0 ? undefined : "no WAF web ACL is associated";
  },
});
