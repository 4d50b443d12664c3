import { TreasuryPlaneSecurityGroups } from "../../modules/treasury-plane-security-groups";
import { ingressRules, resources, synthModule, SynthesizedStack } from "../support/synth";
import { testNetwork } from "../support/fixtures";
import { LOGIN_GOV_PATH, PIV_PATH } from "../../lib/sign-in-paths";

function build(redis: boolean): SynthesizedStack {
  return synthModule(
    (stack) =>
      new TreasuryPlaneSecurityGroups(stack, "security-groups", {
        network: testNetwork(stack),
        namePrefix: "tp-dev",
        redis,
        cloudFrontOriginPort: 8443,
      }),
  ).json;
}

describe("TreasuryPlaneSecurityGroups", () => {
  test("GIVEN no Redis THEN the chain is ALB -> Beanstalk -> Aurora, each admitting the previous group only, each sign-in path on its own nginx port", () => {
    const json = build(false);
    expect(Object.keys(resources(json, "aws_security_group")).sort()).toEqual(["alb-cloudfront-sg", "alb-sg", "aurora-sg", "beanstalk-sg"]);
    expect(ingressRules(json)).toEqual([
      "alb-cloudfront-sg_https-8443-from-cloudfront 8443 ${data.aws_ec2_managed_prefix_list.alb-cloudfront-sg_cloudfront-origin-facing.id}",
      "aurora-sg_postgres-from-beanstalk 5432 ${aws_security_group.beanstalk-sg.id}",
      `beanstalk-sg_login-gov-from-alb ${LOGIN_GOV_PATH.instancePort} \${aws_security_group.alb-sg.id}`,
      `beanstalk-sg_piv-from-alb ${PIV_PATH.instancePort} \${aws_security_group.alb-sg.id}`,
      "beanstalk-sg_ssh-from-vpc 22 10.0.0.0/16",
    ]);
    // The CloudFront group has no egress: the ALB's own group carries the document's "egress All".
    expect(Object.keys(resources(json, "aws_vpc_security_group_egress_rule")).sort()).toEqual([
      "alb-sg_all-egress",
      "beanstalk-sg_all-egress",
    ]);
  });

  test("GIVEN Redis THEN its group admits 6379 from Beanstalk only and has no egress", () => {
    const json = build(true);
    expect(resources(json, "aws_security_group")["redis-sg"]).toMatchObject({ name: "tp-dev-redis" });
    expect(ingressRules(json)).toContain("redis-sg_redis-from-beanstalk 6379 ${aws_security_group.beanstalk-sg.id}");
    expect(Object.keys(resources(json, "aws_vpc_security_group_egress_rule"))).not.toContain("redis-sg_all-egress");
  });
});
