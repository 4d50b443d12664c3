import { block, isSet } from "../config-values";
import { defineRule } from "../types";

export const cloudfrontAccessLogs = defineRule({
  id: "cloudfront-access-logs",
  level: "warning",
  summary: "Distributions write access logs (legacy logging_config or CloudWatch log delivery).",
  explanation:
    "Access logs record every viewer request (address, path, status, TLS version); they are the evidence for abuse reports, scraping and attacks on the site.",
  fix: "Pass accessLogs to StaticSite (standard logging v2: aws_cloudwatch_log_delivery_source with resource_arn = the distribution), or set logging_config { bucket }.",
  scanners: { checkov: ["CKV_AWS_86"], trivy: ["AVD-AWS-0010"], cdkNag: ["AwsSolutions-CFR3"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (distribution, stack) =>
    isSet(block(distribution.config, "logging_config")?.bucket) ||
    stack.referencing("aws_cloudwatch_log_delivery_source", distribution, "resource_arn").length > 0
      ? undefined
      : "access logging is not configured",
});
