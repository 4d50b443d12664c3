import { isExpression, text } from "../config-values";
import { defineRule } from "../types";

/**
 * ELB security policies with TLS 1.2 as the minimum and no legacy ciphers: the TLS13-1-2/1-3 family
 * (without the Ext1/Ext2 compatibility variants trivy flags), TLS-1-2 and FS-1-2.
 */
const MODERN_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-(?!Ext[12]-)|TLS-1-2-|FS-1-2-)/;

export const lbListenerTlsPolicy = defineRule({
  id: "lb-listener-tls-policy",
  level: "warning",
  summary: "HTTPS and TLS listeners use a security policy with TLS 1.2 or newer and modern ciphers.",
  explanation:
    "Older policies accept TLS 1.0/1.1 and CBC or RSA-key-exchange ciphers with known weaknesses; clients that cannot speak TLS 1.2 are long unsupported.",
  fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (LoadBalancer\'s default) or a TLS13-1-3 policy.',
  scanners: { checkov: ["CKV_AWS_103"], trivy: ["AVD-AWS-0047"] },
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  check: ({ config }) => {
    const protocol = text(config.protocol ?? "").toUpperCase();
    if (protocol !== "HTTPS" && protocol !== "TLS") return undefined;
    const policy = config.ssl_policy;
    if (isExpression(policy)) return undefined;
    return typeof policy === "string" && MODERN_POLICY.test(policy)
      ? undefined
      : `ssl_policy ${JSON.stringify(policy ?? "unset (ELBSecurityPolicy-2016-08)")} allows TLS below 1.2 or legacy ciphers`;
  },
});
