import { AppTargetGroups } from "../../modules/app-target-groups";
import { HttpsEdge, HttpsEdgeProps } from "../../modules/https-edge";
import { SecureBucket } from "../../modules/secure-bucket";
import { SecurityGroup } from "../../modules/security-group";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { testKey, testNetwork } from "../support/fixtures";

type Overrides = Partial<Pick<HttpsEdgeProps, "hostedZoneId" | "existingCertificateArn" | "webAcl">>;

function build(overrides: Overrides, stack = moduleTestStack()) {
  const network = testNetwork(stack);
  return new HttpsEdge(stack, "edge", {
    network,
    namePrefix: "coherent-dev",
    securityGroup: new SecurityGroup(stack, "alb-sg", { network, name: "alb-sg", description: "alb" }),
    domainName: "coherent.example.com",
    targets: new AppTargetGroups(stack, "target-groups", { network, namePrefix: "coherent-dev" }),
    deletionProtection: false,
    accessLogBucket: new SecureBucket(stack, "access-logs", { bucketName: "coherent-dev-access-logs" }),
    ...overrides,
  });
}

describe("HttpsEdge", () => {
  test("GIVEN a hosted zone THEN a DNS-validated certificate, the load balancer and an alias record, at the stack's addresses", () => {
    const { json } = synthModule((stack) => build({ hostedZoneId: "Z123" }, stack));
    expect(resource(json, "aws_acm_certificate.certificate")).toMatchObject({ domain_name: "coherent.example.com" });
    expect(resource(json, "aws_lb.load-balancer")).toMatchObject({ name: "coherent-dev-alb" });
    expect(resource(json, "aws_route53_record.dns_coherent_example_com-a")).toMatchObject({
      zone_id: "Z123",
      name: "coherent.example.com",
    });
    expect(resources(json, "aws_wafv2_web_acl")).toEqual({});
  });

  test("GIVEN an existing certificate and a web ACL THEN nothing is requested from ACM and the ACL guards the load balancer", () => {
    const { json } = synthModule((stack) =>
      build(
        {
          existingCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
          webAcl: { logRetentionDays: 30, logKmsKey: testKey(stack) },
        },
        stack,
      ),
    );
    expect(resources(json, "aws_acm_certificate")).toEqual({});
    expect(resource(json, "aws_wafv2_web_acl.waf")).toMatchObject({ name: "coherent-dev-waf", scope: "REGIONAL" });
    expect(Object.values(resources(json, "aws_wafv2_web_acl_association"))[0]).toMatchObject({
      resource_arn: "${aws_lb.load-balancer.arn}",
    });
    expect(resources(json, "aws_route53_record")).toEqual({});
  });
});
