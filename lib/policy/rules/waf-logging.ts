import { defineRule } from "../types";

export const wafLogging = defineRule({
  id: "waf-logging",
  level: "warning",
  summary: "Every WAFv2 web ACL logs the requests it inspects.",
  explanation:
    "Without logs a block cannot be explained (which rule matched, which client, which URI) and an attack the ACL let through cannot be traced; the metrics alone show counts, not requests.",
  fix: "Use modules/web-acl.ts (it logs to an aws-waf-logs-<name> log group), or add aws_wafv2_web_acl_logging_configuration with resource_arn = the ACL's arn.",
  scanners: { checkov: ["CKV2_AWS_31"], cdkNag: ["NIST.800.53.R5-WAFv2LoggingEnabled"] },
  resourceTypes: ["aws_wafv2_web_acl"],
  check: (acl, stack) =>
    stack.referencing("aws_wafv2_web_acl_logging_configuration", acl, "resource_arn").length > 0
      ? undefined
      : "no aws_wafv2_web_acl_logging_configuration refers to it",
});
