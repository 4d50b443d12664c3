import { block, isExpression, isLiterallyTrue } from "../config-values";
import { defineRule } from "../types";

/** Viewer security policies with TLS 1.2 as the minimum and current ciphers. */
const MODERN_VIEWER_POLICY = /^TLSv1\.(2_2021|2_2025|3_2025)$/;

export const cloudfrontViewerTls = defineRule({
  id: "cloudfront-viewer-tls",
  level: "warning",
  summary: "Distributions serve a custom certificate with minimum protocol TLSv1.2_2021 or newer.",
  explanation:
    "With the default *.cloudfront.net certificate CloudFront accepts TLS 1.0 and cannot be told otherwise; a custom certificate lets the viewer policy require TLS 1.2 with modern ciphers.",
  fix: 'Give StaticSite domainNames and a us-east-1 certificateArn (viewer_certificate { acm_certificate_arn, ssl_support_method = "sni-only", minimum_protocol_version = "TLSv1.3_2025" }; StaticSite\'s default).',
  scanners: { checkov: ["CKV_AWS_174", "CKV2_AWS_42"], trivy: ["AVD-AWS-0013"], cdkNag: ["AwsSolutions-CFR4"] },
  resourceTypes: ["aws_cloudfront_distribution"],
  check: ({ config }) => {
    const certificate = block(config, "viewer_certificate");
    if (!certificate || isLiterallyTrue(certificate.cloudfront_default_certificate)) {
      return "uses the default *.cloudfront.net certificate, which accepts TLS 1.0";
    }
    const version = certificate.minimum_protocol_version;
    return isExpression(version) || (typeof version === "string" && MODERN_VIEWER_POLICY.test(version))
      ? undefined
      : `minimum_protocol_version ${JSON.stringify(version ?? "unset (TLSv1)")} allows TLS below 1.2`;
  },
});
