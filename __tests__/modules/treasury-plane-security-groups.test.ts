import { TreasuryPlaneSecurityGroups } from "../../modules/treasury-plane-security-groups";
import { ingressRules, resources, synthModule, SynthesizedStack } from "../support/synth";
import { testNetwork } from "../support/fixtures";

function build(redis: boolean): SynthesizedStack {
  return synthModule(
    (stack) => new TreasuryPlaneSecurityGroups(stack, "security-groups", { network: testNetwork(stack), namePrefix: "tp-dev", redis }),
  ).json;
}

describe("TreasuryPlaneSecurityGroups", () => {
  test("GIVEN no Redis THEN the chain is ALB -> Beanstalk -> Aurora, each admitting the previous group only", () => {
    const json = build(false);
    expect(Object.keys(resources(json, "aws_security_group")).sort()).toEqual(["alb-sg", "aurora-sg", "beanstalk-sg"]);
    expect(ingressRules(json)).toEqual([
      "aurora-sg_postgres-from-beanstalk 5432 ${aws_security_group.beanstalk-sg.id}",
      "beanstalk-sg_http-from-alb 80 ${aws_security_group.alb-sg.id}",
      "beanstalk-sg_ssh-from-vpc 22 10.0.0.0/16",
    ]);
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
