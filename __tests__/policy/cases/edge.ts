import { RuleCase } from "./case";

const lb = (extra: Record<string, unknown>) => ({ "aws_lb.web": { name: "web", load_balancer_type: "application", ...extra } });
const listener = (extra: Record<string, unknown>) => ({
  ...lb({}),
  "aws_lb_listener.web": { load_balancer_arn: "${aws_lb.web.arn}", ...extra },
});
const forward = { default_action: [{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404" } }] };
const origin = {
  origin_id: "site",
  domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}",
  origin_access_control_id: "${aws_cloudfront_origin_access_control.site.id}",
};
const distribution = (extra: Record<string, unknown>) => ({
  "aws_s3_bucket.site": { bucket: "site" },
  "aws_cloudfront_origin_access_control.site": {
    name: "site",
    origin_access_control_origin_type: "s3",
    signing_behavior: "always",
    signing_protocol: "sigv4",
  },
  "aws_cloudfront_distribution.site": {
    enabled: true,
    origin: [origin],
    default_cache_behavior: {
      target_origin_id: "site",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD"],
      cached_methods: ["GET", "HEAD"],
    },
    restrictions: { geo_restriction: { restriction_type: "none" } },
    viewer_certificate: {
      acm_certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/abc",
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    },
    ...extra,
  },
});

const webAcl = {
  "aws_wafv2_web_acl.web": {
    name: "web",
    scope: "REGIONAL",
    default_action: { allow: {} },
    visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: "web" },
  },
};

export const edgeCases: RuleCase[] = [
  {
    rule: "alb-drop-invalid-headers",
    name: "dropping invalid headers vs passing them on; network load balancers are not checked",
    compliant: { ...lb({ drop_invalid_header_fields: true }), "aws_lb.tcp": { name: "tcp", load_balancer_type: "network" } },
    nonCompliant: lb({}),
    flags: "aws_lb.web",
  },
  {
    rule: "alb-access-logs",
    name: "access logs enabled vs disabled",
    compliant: lb({ access_logs: { bucket: "${aws_s3_bucket.logs.id}", enabled: true } }),
    nonCompliant: lb({ access_logs: { bucket: "${aws_s3_bucket.logs.id}", enabled: false } }),
    flags: "aws_lb.web",
  },
  {
    rule: "alb-access-logs",
    name: "a bucket without enabled = true logs nothing (the provider default is false)",
    nonCompliant: lb({ access_logs: { bucket: "${aws_s3_bucket.logs.id}" } }),
    flags: "aws_lb.web",
  },
  {
    rule: "alb-deletion-protection",
    name: "deletion protection on vs off in production",
    compliant: lb({ enable_deletion_protection: true }),
    nonCompliant: lb({ enable_deletion_protection: false }),
    flags: "aws_lb.web",
  },
  {
    rule: "alb-waf",
    name: "an internet-facing ALB with and without a web ACL association; internal ALBs are not checked",
    compliant: {
      ...lb({}),
      "aws_wafv2_web_acl_association.web": { resource_arn: "${aws_lb.web.arn}", web_acl_arn: "${aws_wafv2_web_acl.web.arn}" },
      "aws_lb.internal": { name: "internal", internal: true },
    },
    nonCompliant: lb({}),
    flags: "aws_lb.web",
  },
  {
    rule: "lb-listener-https",
    name: "an HTTP listener that redirects vs one that serves",
    compliant: listener({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    }),
    nonCompliant: listener({ port: 80, protocol: "HTTP", ...forward }),
    flags: "aws_lb_listener.web",
  },
  {
    rule: "lb-listener-tls-policy",
    name: "the TLS 1.3/1.2 policy vs the 2016 default",
    compliant: listener({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/abc",
      ...forward,
    }),
    nonCompliant: listener({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-2016-08",
      certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/abc",
      ...forward,
    }),
    flags: "aws_lb_listener.web",
  },
  {
    rule: "lb-listener-tls-policy",
    name: "the Ext1 compatibility variant still allows weak ciphers",
    nonCompliant: listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", ...forward }),
    flags: "aws_lb_listener.web",
  },
  {
    rule: "cloudfront-viewer-tls",
    name: "a custom certificate with TLSv1.2_2021 vs the default certificate",
    compliant: distribution({}),
    nonCompliant: distribution({ viewer_certificate: { cloudfront_default_certificate: true } }),
    flags: "aws_cloudfront_distribution.site",
    message: /default \*\.cloudfront\.net certificate/,
  },
  {
    rule: "cloudfront-viewer-tls",
    name: "a custom certificate with an old minimum protocol",
    nonCompliant: distribution({
      viewer_certificate: {
        acm_certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/abc",
        ssl_support_method: "sni-only",
        minimum_protocol_version: "TLSv1.1_2016",
      },
    }),
    flags: "aws_cloudfront_distribution.site",
  },
  {
    rule: "cloudfront-https-only",
    name: "redirect-to-https everywhere vs an ordered behavior allowing HTTP",
    compliant: distribution({}),
    nonCompliant: distribution({
      ordered_cache_behavior: [
        {
          path_pattern: "/legacy/*",
          target_origin_id: "site",
          viewer_protocol_policy: "allow-all",
          allowed_methods: ["GET", "HEAD"],
          cached_methods: ["GET", "HEAD"],
        },
      ],
    }),
    flags: "aws_cloudfront_distribution.site",
    message: /\/legacy\/\*/,
  },
  {
    rule: "cloudfront-origin-tls",
    name: "an HTTPS-only TLS 1.2 custom origin vs an HTTP one",
    compliant: distribution({
      origin: [
        origin,
        {
          origin_id: "api",
          domain_name: "api.example.com",
          custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
        },
      ],
    }),
    nonCompliant: distribution({
      origin: [
        origin,
        {
          origin_id: "api",
          domain_name: "api.example.com",
          custom_origin_config: {
            http_port: 80,
            https_port: 443,
            origin_protocol_policy: "http-only",
            origin_ssl_protocols: ["TLSv1", "TLSv1.2"],
          },
        },
      ],
    }),
    flags: "aws_cloudfront_distribution.site",
    message: /origin api/,
  },
  {
    rule: "cloudfront-access-logs",
    name: "standard logging v2 via a log delivery source vs no logging",
    compliant: {
      ...distribution({}),
      "aws_cloudwatch_log_delivery_source.site": {
        name: "site",
        log_type: "ACCESS_LOGS",
        resource_arn: "${aws_cloudfront_distribution.site.arn}",
      },
    },
    nonCompliant: distribution({}),
    flags: "aws_cloudfront_distribution.site",
  },
  {
    rule: "cloudfront-access-logs",
    name: "legacy logging_config",
    compliant: distribution({ logging_config: { bucket: "logs.s3.amazonaws.com", include_cookies: false } }),
  },
  {
    rule: "cloudfront-waf",
    name: "a web ACL in production vs none",
    compliant: distribution({ web_acl_id: "${aws_wafv2_web_acl.edge.arn}" }),
    nonCompliant: distribution({}),
    flags: "aws_cloudfront_distribution.site",
  },
  {
    rule: "cloudfront-s3-oac",
    name: "an S3 origin with OAC vs without",
    compliant: distribution({}),
    nonCompliant: distribution({ origin: [{ origin_id: "site", domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}" }] }),
    flags: "aws_cloudfront_distribution.site",
  },
  {
    rule: "cloudfront-s3-oac",
    name: "a website endpoint origin is an S3 origin without OAC",
    nonCompliant: distribution({
      origin: [
        {
          origin_id: "site",
          domain_name: "site.s3-website-us-east-1.amazonaws.com",
          custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
        },
      ],
    }),
    flags: "aws_cloudfront_distribution.site",
  },
  {
    rule: "waf-logging",
    name: "a web ACL with and without a logging configuration",
    compliant: {
      ...webAcl,
      "aws_wafv2_web_acl_logging_configuration.web": {
        resource_arn: "${aws_wafv2_web_acl.web.arn}",
        log_destination_configs: ["${aws_cloudwatch_log_group.waf.arn}"],
      },
    },
    nonCompliant: {
      ...webAcl,
      // Logging another ACL does not count.
      "aws_wafv2_web_acl_logging_configuration.other": {
        resource_arn: "${aws_wafv2_web_acl.other.arn}",
        log_destination_configs: ["${aws_cloudwatch_log_group.waf.arn}"],
      },
    },
    flags: "aws_wafv2_web_acl.web",
  },
];
