import { ApiDistribution, ApiDistributionProps, originSecretFunctionCode, ORIGIN_SECRET_KEY } from "../../modules/api-distribution";
import { LoadBalancer } from "../../modules/load-balancer";
import { SecureBucket } from "../../modules/secure-bucket";
import { SecurityGroup } from "../../modules/security-group";
import { CLOUDFRONT_MANAGED_POLICY } from "../../lib/aws-formats";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";
import { testNetwork } from "../support/fixtures";

const BLOCKED = ["X-Amzn-Mtls-Clientcert-Leaf", "X-Client-Cert"];
const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/login";

function build(stack: PlatformStack, overrides: Partial<ApiDistributionProps> = {}, originPort = 8443) {
  const network = testNetwork(stack);
  const loadBalancer = new LoadBalancer(stack, "alb", {
    network,
    name: "tp-dev-alb",
    securityGroup: new SecurityGroup(stack, "alb-sg", { network, name: "alb", description: "alb" }),
    certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/api",
    deletionProtection: false,
    noClientCertificatePort: 8443,
  });
  return new ApiDistribution(stack, "login-edge", {
    name: "tp-dev-login",
    domainName: "login.plane.example.gov",
    certificateArn: CERT,
    origin: { loadBalancer, port: originPort },
    blockedHeaders: BLOCKED,
    originSecretHeader: "X-Origin-Verify",
    account: stack.account,
    ...overrides,
  });
}

/** Runs the function's code as CloudFront would, with `store` standing in for the associated key value store. */
async function runFunction(code: string, store: Record<string, string>, headers: Record<string, { value: string }>) {
  const cf = {
    kvs: () => ({
      get: (key: string) => (key in store ? Promise.resolve(store[key]) : Promise.reject(new Error(`key ${key} not found`))),
    }),
  };
  const body = code.replace('import cf from "cloudfront";', "");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the function's own source, under test
  const handler = new Function("cf", `${body}\nreturn handler;`)(cf) as (event: unknown) => Promise<Record<string, unknown>>;
  return handler({ request: { method: "GET", uri: "/api/v1/me", headers } });
}

describe("ApiDistribution", () => {
  test("GIVEN an API distribution THEN viewers reach the load balancer's listener on its port over HTTPS only, uncached, with every method, in front of the given host name", () => {
    const { json } = synthModule((stack) => build(stack));
    const distribution = resource(json, "aws_cloudfront_distribution.login-edge_distribution");
    expect(distribution).toMatchObject({
      aliases: ["login.plane.example.gov"],
      origin: [
        {
          domain_name: "${aws_lb.alb.dns_name}",
          custom_origin_config: { https_port: 8443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
        },
      ],
      default_cache_behavior: {
        viewer_protocol_policy: "https-only",
        allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cache_policy_id: CLOUDFRONT_MANAGED_POLICY.cachingDisabled,
        origin_request_policy_id: "${aws_cloudfront_origin_request_policy.login-edge_origin-request-policy.id}",
        function_association: [
          { event_type: "viewer-request", function_arn: "${aws_cloudfront_function.login-edge_origin-secret-function.arn}" },
        ],
      },
      viewer_certificate: { acm_certificate_arn: CERT, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.3_2025" },
    });
  });

  test("GIVEN blocked headers THEN the origin request policy forwards every viewer header but those (WebSocket and Host included), all cookies and query strings", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_cloudfront_origin_request_policy.login-edge_origin-request-policy")).toMatchObject({
      headers_config: { header_behavior: "allExcept", headers: { items: BLOCKED } },
      cookies_config: { cookie_behavior: "all" },
      query_strings_config: { query_string_behavior: "all" },
    });
  });

  test("GIVEN the origin secret THEN it lives in a key value store the function reads at run time, so no secret value is in the synthesized stack", () => {
    const { json } = synthModule((stack) => build(stack));
    const fn = resource(json, "aws_cloudfront_function.login-edge_origin-secret-function");
    expect(fn).toMatchObject({
      runtime: "cloudfront-js-2.0",
      publish: true,
      key_value_store_associations: ["${aws_cloudfront_key_value_store.login-edge_origin-secret-store.arn}"],
    });
    expect(fn.code).toBe(originSecretFunctionCode(BLOCKED, "X-Origin-Verify"));
    expect(resource(json, "aws_cloudfront_key_value_store.login-edge_origin-secret-store")).toMatchObject({ name: "tp-dev-login-origin" });
    expect(JSON.stringify(json)).not.toMatch(/"X-Origin-Verify"\s*:\s*"|custom_header/);
  });

  test("GIVEN the function WHEN a viewer forges identity headers THEN they are deleted and the origin secret from the store is added", async () => {
    const request = await runFunction(
      originSecretFunctionCode(BLOCKED, "X-Origin-Verify"),
      { [ORIGIN_SECRET_KEY]: "s3cr3t-value" },
      {
        "x-amzn-mtls-clientcert-leaf": { value: "forged" },
        "x-client-cert": { value: "forged" },
        "x-origin-verify": { value: "guessed" },
        authorization: { value: "Bearer t" },
      },
    );
    expect(request.headers).toEqual({ "x-origin-verify": { value: "s3cr3t-value" }, authorization: { value: "Bearer t" } });
  });

  test("GIVEN the function WHEN the store holds no origin secret yet THEN it answers 503 itself and forwards nothing", async () => {
    expect(await runFunction(originSecretFunctionCode(BLOCKED, "X-Origin-Verify"), {}, {})).toEqual({
      statusCode: 503,
      statusDescription: "Service Unavailable",
    });
  });

  test("GIVEN a hosted zone, access logs and a web ACL THEN the host gets alias records, logs go to the bucket under cloudfront/<name>/ and the ACL guards the distribution", () => {
    const { json } = synthModule((stack) => {
      const logs = new SecureBucket(stack, "logs", { bucketName: "tp-dev-logs" });
      return build(stack, {
        hostedZoneId: "Z123",
        accessLogs: { bucket: logs, provider: stack.usEast1Provider },
        webAclArn: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tp/1",
      });
    });
    expect(resource(json, "aws_route53_record.login-edge_dns_login_plane_example_gov-a")).toMatchObject({
      name: "login.plane.example.gov",
      type: "A",
    });
    expect(resource(json, "aws_cloudwatch_log_delivery_destination.login-edge_log-destination")).toMatchObject({
      delivery_destination_configuration: [{ destination_resource_arn: "${aws_s3_bucket.logs.arn}/cloudfront/tp-dev-login" }],
    });
    expect(policy(resource(json, "aws_s3_bucket_policy.logs_policy").policy).Statement.map((statement) => statement.Sid)).toEqual(
      expect.arrayContaining(["CloudFrontLogstpdevloginAclCheck", "CloudFrontLogstpdevloginWrite"]),
    );
    expect(resource(json, "aws_cloudfront_distribution.login-edge_distribution").web_acl_id).toBe(
      "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tp/1",
    );
  });

  test.each([
    [{}, 80, /origin\.port = 80: must be 443 or 1024-65535/],
    [{ blockedHeaders: [] }, 8443, /blockedHeaders = \[\]: must list 1-10 headers \(an origin request policy's quota\)/],
    [{ name: "tp dev" }, 8443, /name = "tp dev-origin-secret": must be 1-64 letters, digits, hyphens and underscores/],
  ])("GIVEN %j on origin port %d THEN it is refused naming the construct", (overrides, port, message) => {
    expect(() => build(moduleTestStack(), overrides, port)).toThrow(new RegExp(`ApiDistribution "test/login-edge": ${message.source}`));
  });
});
