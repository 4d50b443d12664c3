import {
  allowCloudFrontOriginIngress,
  allowPublicWebIngress,
  CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
  LoadBalancer,
  LoadBalancerProps,
} from "../../modules/load-balancer";
import { SecureBucket } from "../../modules/secure-bucket";
import { Network } from "../../modules/network";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { Testing } from "cdktf";
import { moduleTestStack, policy, resource, resources, synthesize, synthModule } from "../support/synth";
import { testNetwork } from "../support/fixtures";

const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/abc";

function build(stack: PlatformStack, overrides: Partial<LoadBalancerProps> | ((network: Network) => Partial<LoadBalancerProps>) = {}) {
  const network = testNetwork(stack);
  const securityGroup = new SecurityGroup(stack, "lb-sg", { network, name: "lb", description: "lb" });
  return new LoadBalancer(stack, "alb", {
    network,
    name: "test-alb",
    securityGroup,
    certificateArn: CERT,
    deletionProtection: true,
    ...(typeof overrides === "function" ? overrides(network) : overrides),
  });
}

describe("LoadBalancer", () => {
  test("GIVEN a load balancer THEN it is an internet-facing ALB in the public subnets that drops invalid headers and keeps deletion protection as given", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_lb.alb")).toMatchObject({
      name: "test-alb",
      internal: false,
      load_balancer_type: "application",
      subnets: ["${aws_subnet.network_public-1.id}", "${aws_subnet.network_public-2.id}"],
      security_groups: ["${aws_security_group.lb-sg.id}"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      idle_timeout: 60,
    });
    // Created once the VPC routes to its internet gateway: ELB refuses an internet-facing ALB before.
    expect(resource(json, "aws_lb.alb").depends_on).toContain("aws_route.network_public-internet-route");
  });

  test("GIVEN the listeners THEN HTTPS uses the TLS 1.3/1.2 policy and HTTP permanently redirects to HTTPS", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_lb_listener.alb_https-listener")).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      certificate_arn: CERT,
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    });
    expect(resource(json, "aws_lb_listener.alb_https-listener").mutual_authentication).toBeUndefined();
    expect(resource(json, "aws_lb_listener.alb_http-listener")).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  test("GIVEN mutual TLS THEN the HTTPS listener verifies client certificates against the trust store, expiry included", () => {
    const { json } = synthModule((stack) =>
      build(stack, { mutualTls: { trustStoreArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:truststore/piv/1" } }),
    );
    const listener = resource(json, "aws_lb_listener.alb_https-listener");
    expect(listener.mutual_authentication).toEqual({
      mode: "verify",
      trust_store_arn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:truststore/piv/1",
      ignore_client_certificate_expiry: false,
    });
    // No passthrough and no renamed certificate header: the ALB's own names, from a verified handshake only.
    expect(listener.routing_http_request_x_amzn_mtls_clientcert_header_name).toBeUndefined();
  });

  test("GIVEN noClientCertificatePort THEN a second HTTPS listener with the same certificate and policy asks for no client certificate", () => {
    let lb: LoadBalancer | undefined;
    const { json } = synthModule((stack) => {
      lb = build(stack, { mutualTls: { trustStoreArn: "arn:x" }, noClientCertificatePort: 8443 });
      return lb;
    });
    const open = resource(json, "aws_lb_listener.alb_no-client-certificate-listener");
    expect(open).toMatchObject({
      port: 8443,
      protocol: "HTTPS",
      certificate_arn: CERT,
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    });
    expect(open.mutual_authentication).toBeUndefined();
    expect(resource(json, "aws_lb_listener.alb_https-listener").mutual_authentication).toMatchObject({ mode: "verify" });
    expect(lb?.noClientCertificatePort).toBe(8443);
    expect(lb?.httpsListeners).toHaveLength(2);
    // Without the option there is exactly one HTTPS listener.
    const single = synthModule((stack) => build(stack)).json;
    expect(Object.keys(resources(single, "aws_lb_listener")).sort()).toEqual(["alb_http-listener", "alb_https-listener"]);
  });

  test("GIVEN further security groups THEN the ALB carries them after its own", () => {
    const { json } = synthModule((stack) =>
      build(stack, (network) => ({
        additionalSecurityGroups: [new SecurityGroup(stack, "extra-sg", { network, name: "extra", description: "extra" })],
      })),
    );
    expect(resource(json, "aws_lb.alb").security_groups).toEqual(["${aws_security_group.lb-sg.id}", "${aws_security_group.extra-sg.id}"]);
  });

  test("GIVEN a log bucket THEN access and connection logs go to it, and it lets the ELB account write under the ALB's prefix", () => {
    const { json } = synthModule((stack) => {
      const logs = new SecureBucket(stack, "logs", { bucketName: "test-logs" });
      return build(stack, { accessLogBucket: logs, mutualTls: { trustStoreArn: "arn:x" } });
    });
    const alb = resource(json, "aws_lb.alb");
    expect(alb.access_logs).toEqual({ bucket: "${aws_s3_bucket.logs.bucket}", prefix: "test-alb", enabled: true });
    expect(alb.connection_logs).toEqual({ bucket: "${aws_s3_bucket.logs.bucket}", prefix: "test-alb", enabled: true });
    const statements = policy(resource(json, "aws_s3_bucket_policy.logs_policy").policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { AWS: "${data.aws_elb_service_account.alb_elb-account.arn}" },
        Resource: "${aws_s3_bucket.logs.arn}/test-alb/AWSLogs/*",
      }),
    );
  });

  test("GIVEN public web ingress THEN exactly 443 and 80 are open to the internet, both with a reviewed suppression", () => {
    const stack = moduleTestStack();
    const group = new SecurityGroup(stack, "lb-sg", { network: testNetwork(stack), name: "lb", description: "lb" });
    allowPublicWebIngress(group, "HTTPS from anywhere");
    const json = synthesize(stack);
    expect(Object.keys(resources(json, "aws_vpc_security_group_ingress_rule")).sort()).toEqual([
      "lb-sg_http-from-internet",
      "lb-sg_https-from-internet",
    ]);
    expect(resource(json, "aws_vpc_security_group_ingress_rule.lb-sg_https-from-internet")).toMatchObject({
      from_port: 443,
      cidr_ipv4: "0.0.0.0/0",
    });
    expect(resource(json, "aws_vpc_security_group_ingress_rule.lb-sg_http-from-internet")).toMatchObject({
      from_port: 80,
      cidr_ipv4: "0.0.0.0/0",
    });
    // A production stack would fail synthesis on these rules if the suppressions were missing.
    const prod = new PlatformStack(Testing.app(), "prod", {
      system: "t",
      project: "T",
      environment: "prod",
      region: "us-east-1",
      tier: "production",
    });
    allowPublicWebIngress(new SecurityGroup(prod, "lb-sg", { network: testNetwork(prod), name: "lb", description: "lb" }), "HTTPS");
    expect(() => synthesize(prod)).not.toThrow(/sg-world-ingress/);
  });

  test("GIVEN CloudFront origin ingress THEN the port is open to CloudFront's origin-facing prefix list only, and public web ingress never opens it", () => {
    const stack = moduleTestStack();
    const network = testNetwork(stack);
    const group = new SecurityGroup(stack, "lb-sg", { network, name: "lb", description: "lb" });
    const origin = new SecurityGroup(stack, "origin-sg", { network, name: "origin", description: "origin" });
    allowPublicWebIngress(group, "HTTPS");
    allowCloudFrontOriginIngress(origin, 8443, "from CloudFront");
    const json = synthesize(stack);
    expect(json.data?.aws_ec2_managed_prefix_list).toEqual({
      "origin-sg_cloudfront-origin-facing": { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST },
    });
    expect(resource(json, "aws_vpc_security_group_ingress_rule.origin-sg_https-8443-from-cloudfront")).toMatchObject({
      from_port: 8443,
      to_port: 8443,
      prefix_list_id: "${data.aws_ec2_managed_prefix_list.origin-sg_cloudfront-origin-facing.id}",
    });
    const ports = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter((rule) => rule.cidr_ipv4 === "0.0.0.0/0");
    expect(ports.map((rule) => rule.from_port).sort()).toEqual([443, 80]);
  });

  test.each([
    [
      { name: "-bad" },
      /LoadBalancer "test\/alb": name = "-bad": must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen, not starting with "internal-"/,
    ],
    [
      { noClientCertificatePort: 443 },
      /LoadBalancer "test\/alb": noClientCertificatePort = 443: must be a port from 1024 to 65535 \(CloudFront's custom-origin HTTPS ports besides 443/,
    ],
    [
      { noClientCertificatePort: 80 },
      /LoadBalancer "test\/alb": noClientCertificatePort = 80: must be a port from 1024 to 65535 \(CloudFront's custom-origin HTTPS ports besides 443/,
    ],
    [
      { noClientCertificatePort: 70000 },
      /LoadBalancer "test\/alb": noClientCertificatePort = 70000: must be a port from 1024 to 65535 \(CloudFront's custom-origin HTTPS ports besides 443/,
    ],
    [
      { name: "a".repeat(33) },
      /LoadBalancer "test\/alb": name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen, not starting with "internal-"/,
    ],
    [{ idleTimeoutSeconds: 0 }, /LoadBalancer "test\/alb": idleTimeoutSeconds = 0: must be 1-4000/],
    [
      { sslPolicy: "ELBSecurityPolicy-2016-08" },
      /LoadBalancer "test\/alb": sslPolicy = "ELBSecurityPolicy-2016-08": must enforce TLS 1\.2 or newer \(an ELBSecurityPolicy-TLS13-1-2\*, -TLS13-1-3\*, -FS-1-2\* or -TLS-1-2\* policy\)/,
    ],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => build(moduleTestStack(), overrides)).toThrow(message);
  });
});
