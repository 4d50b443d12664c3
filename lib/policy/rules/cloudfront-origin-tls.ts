import { block, blocks, stringList } from "../config-values";
import { defineRule } from "../types";

const OUTDATED_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

export const cloudfrontOriginTls = defineRule({
  id: "cloudfront-origin-tls",
  level: "warning",
  summary: "Custom origins are reached over HTTPS with TLS 1.2 only.",
  explanation:
    "The hop from CloudFront to the origin crosses the internet; http-only or match-viewer origins and SSLv3/TLS 1.0 leave it readable or downgradable.",
  fix: 'Set custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }.',
  scanners: { cdkNag: ["AwsSolutions-CFR5"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  check: ({ config }) =>
    blocks(config, "origin").flatMap((origin) => {
      const custom = block(origin, "custom_origin_config");
      if (!custom) return [];
      const problems: string[] = [];
      if (custom.origin_protocol_policy !== "https-only") {
        problems.push(`origin ${String(origin.origin_id)} uses origin_protocol_policy ${String(custom.origin_protocol_policy)}`);
      }
      const outdated = stringList(custom.origin_ssl_protocols).filter((protocol) => OUTDATED_PROTOCOLS.includes(protocol));
      if (outdated.length > 0) problems.push(`origin ${String(origin.origin_id)} allows ${outdated.join(", ")}`);
      return problems;
    }),
});
