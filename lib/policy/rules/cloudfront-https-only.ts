import { blocks, text } from "../config-values";
import { defineRule } from "../types";

const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

export const cloudfrontHttpsOnly = defineRule({
  id: "cloudfront-https-only",
  level: "warning",
  summary: "Every cache behavior sends viewers to HTTPS.",
  explanation:
    "viewer_protocol_policy allow-all serves pages and cookies over plain HTTP, where they can be read and rewritten (script injection into the app) on the network.",
  fix: 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only") on default_cache_behavior and every ordered_cache_behavior.',
  scanners: { checkov: ["CKV_AWS_34"], trivy: ["AVD-AWS-0012"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  check: ({ config }) =>
    [...blocks(config, "default_cache_behavior"), ...blocks(config, "ordered_cache_behavior")]
      .filter((behavior) => !HTTPS_POLICIES.includes(String(behavior.viewer_protocol_policy)))
      .map(
        (behavior) =>
          `cache behavior ${text(behavior.path_pattern ?? "default")} allows plain HTTP (${text(behavior.viewer_protocol_policy)})`,
      ),
});
