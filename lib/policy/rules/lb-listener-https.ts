import { block, blocks, text } from "../config-values";
import { defineRule } from "../types";

const ENCRYPTED = ["HTTPS", "TLS"];
const NOT_HTTP = ["TCP", "UDP", "TCP_UDP", "GENEVE"];

export const lbListenerHttps = defineRule({
  id: "lb-listener-https",
  level: "warning",
  summary: "Load balancer listeners use HTTPS/TLS; a plain HTTP listener only redirects to HTTPS.",
  explanation:
    "Anything served over plain HTTP (cookies, tokens, form posts) can be read and altered on the network; port 80 exists only to send browsers to HTTPS.",
  fix: 'Use protocol HTTPS with a certificate, and make the port-80 listener\'s default action a redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } (modules/load-balancer.ts does both).',
  scanners: {
    checkov: ["CKV_AWS_2", "CKV2_AWS_20"],
    trivy: ["AVD-AWS-0054"],
    cdkNag: ["NIST.800.53.R5-ALBHttpToHttpsRedirection", "NIST.800.53.R5-ELBTlsHttpsListenersOnly"],
  },
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  check: ({ config }) => {
    const protocol = text(config.protocol ?? "HTTP").toUpperCase();
    if (ENCRYPTED.includes(protocol) || NOT_HTTP.includes(protocol)) return undefined;
    const redirectsToHttps = blocks(config, "default_action").every(
      (action) => action.type === "redirect" && String(block(action, "redirect")?.protocol).toUpperCase() === "HTTPS",
    );
    return redirectsToHttps && blocks(config, "default_action").length > 0
      ? undefined
      : `the ${protocol} listener serves traffic instead of redirecting to HTTPS`;
  },
});
