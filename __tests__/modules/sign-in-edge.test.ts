import { SignInEdge, SignInEdgeProps } from "../../modules/sign-in-edge";
import { SecureBucket } from "../../modules/secure-bucket";
import { LOGIN_GOV_PATH, PIV_PATH } from "../../lib/sign-in-paths";
import { TreasuryPlaneSecurityGroups } from "../../modules/treasury-plane-security-groups";
import { cloudFrontWebAcl } from "../../modules/web-acl";
import { PlatformStack } from "../../lib/platform-stack";
import { resource, resources, synthModule } from "../support/synth";
import { testKey, testNetwork } from "../support/fixtures";

function build(stack: PlatformStack, overrides: Partial<SignInEdgeProps> = {}) {
  const network = testNetwork(stack);
  return new SignInEdge(stack, "sign-in", {
    namePrefix: "tp-dev",
    network,
    securityGroups: new TreasuryPlaneSecurityGroups(stack, "security-groups", {
      network,
      namePrefix: "tp-dev",
      redis: false,
      cloudFrontOriginPort: 9443,
    }),
    apiHostName: "api.plane.example.gov",
    loginHostName: "login.plane.example.gov",
    hostedZoneId: "Z123",
    caBundle: { bucket: "pki", key: "ca.pem", objectVersion: "v1" },
    revocationLists: [{ bucket: "pki", key: "crl/ca.crl", objectVersion: "c1" }],
    noClientCertificatePort: 9443,
    idleTimeoutSeconds: 300,
    deletionProtection: false,
    logBucket: new SecureBucket(stack, "log-bucket", { bucketName: "tp-logs-dev" }),
    viewerSecurityPolicy: "TLSv1.3_2025",
    priceClass: "PriceClass_100",
    usEast1Provider: stack.usEast1Provider,
    account: stack.account,
    ...overrides,
  });
}

describe("SignInEdge", () => {
  test("GIVEN the two sign-in paths THEN each listener routes its own host to its own process and instance port, and the URLs name each audience's host", () => {
    const { construct } = synthModule((stack) => build(stack));
    expect(construct.processes).toEqual([
      { name: PIV_PATH.process, port: PIV_PATH.instancePort, healthCheckPath: "/health/", description: PIV_PATH.description },
      {
        name: LOGIN_GOV_PATH.process,
        port: LOGIN_GOV_PATH.instancePort,
        healthCheckPath: "/health/",
        description: LOGIN_GOV_PATH.description,
      },
    ]);
    expect(construct.routes).toEqual([
      { listenerPort: 443, rule: "domain", hostNames: ["api.plane.example.gov"], process: PIV_PATH.process },
      { listenerPort: 9443, rule: LOGIN_GOV_PATH.process, hostNames: ["login.plane.example.gov"], process: LOGIN_GOV_PATH.process },
    ]);
    expect(construct.urls).toEqual({
      piv: "https://api.plane.example.gov",
      loginGov: "https://login.plane.example.gov",
      pivWebSocket: "wss://api.plane.example.gov/ws/",
      loginGovWebSocket: "wss://login.plane.example.gov/ws/",
    });
  });

  test("GIVEN the edge THEN 443 verifies certificates against the trust store with its CRLs, and the Login.gov distribution's origin is the listener without certificates", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_lb_listener.alb_https-listener").mutual_authentication).toMatchObject({
      mode: "verify",
      trust_store_arn: "${aws_lb_trust_store.mtls-trust-store.arn}",
    });
    expect(Object.keys(resources(json, "aws_lb_trust_store_revocation"))).toEqual(["mtls-trust-store_revocation-1"]);
    expect(resource(json, "aws_cloudfront_distribution.login-edge_distribution")).toMatchObject({
      origin: [{ domain_name: "${aws_lb.alb.dns_name}", custom_origin_config: { https_port: 9443 } }],
    });
    expect(resource(json, "aws_acm_certificate.api-certificate").subject_alternative_names).toEqual(["login.plane.example.gov"]);
  });

  test("GIVEN web ACLs THEN the ALB's per-IP limit leaves the Login.gov host to the CloudFront ACL, which guards the distribution; without them, none", () => {
    const { json } = synthModule((stack) =>
      build(stack, {
        albWebAcl: { logRetentionDays: 90, logKmsKey: testKey(stack) },
        cloudFrontWebAcl: cloudFrontWebAcl(stack, "cloudfront-waf", {
          name: "tp-dev-cloudfront",
          usEast1Provider: stack.usEast1Provider,
        }),
      }),
    );
    expect(String(resource(json, "aws_wafv2_web_acl.alb-waf").rule_json)).toContain('"SearchString":"login.plane.example.gov"');
    expect(resource(json, "aws_wafv2_web_acl_association.alb-waf_alb").resource_arn).toBe("${aws_lb.alb.arn}");
    expect(resource(json, "aws_cloudfront_distribution.login-edge_distribution").web_acl_id).toBe(
      "${aws_wafv2_web_acl.cloudfront-waf.arn}",
    );
    const bare = synthModule((stack) => build(stack)).json;
    expect(resources(bare, "aws_wafv2_web_acl")).toEqual({});
  });
});
