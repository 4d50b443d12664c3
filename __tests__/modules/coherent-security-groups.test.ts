import { CoherentSecurityGroups, CoherentSecurityGroupsProps } from "../../modules/coherent-security-groups";
import { ingressRules, resources, synthModule, SynthesizedStack } from "../support/synth";
import { testNetwork } from "../support/fixtures";

function build(props: Omit<CoherentSecurityGroupsProps, "network">): SynthesizedStack {
  return synthModule((stack) => new CoherentSecurityGroups(stack, "security-groups", { network: testNetwork(stack), ...props })).json;
}

describe("CoherentSecurityGroups", () => {
  test("GIVEN a load balancer THEN the app ports admit alb-sg only, PostgreSQL admits app-sg only, and addresses skip the group", () => {
    const json = build({ loadBalancer: true, nginxTls: false });
    expect(Object.keys(resources(json, "aws_security_group")).sort()).toEqual(["alb-sg", "app-sg", "db-sg"]);
    expect(ingressRules(json)).toEqual([
      "alb-sg_http-from-internet 80 0.0.0.0/0",
      "alb-sg_https-from-internet 443 0.0.0.0/0",
      "app-sg_api 4000 ${aws_security_group.alb-sg.id}",
      "app-sg_http 80 ${aws_security_group.alb-sg.id}",
      "app-sg_web 5173 ${aws_security_group.alb-sg.id}",
      "db-sg_postgres 5432 ${aws_security_group.app-sg.id}",
    ]);
  });

  test("GIVEN no load balancer, nginx TLS and an SSH range THEN the app server is the entry point, SSH from that range only", () => {
    const json = build({ loadBalancer: false, nginxTls: true, sshAllowedCidr: "203.0.113.0/24" });
    expect(resources(json, "aws_security_group")["alb-sg"]).toBeUndefined();
    expect(ingressRules(json)).toEqual([
      "app-sg_api 4000 0.0.0.0/0",
      "app-sg_http 80 0.0.0.0/0",
      "app-sg_https 443 0.0.0.0/0",
      "app-sg_ssh 22 203.0.113.0/24",
      "app-sg_web 5173 0.0.0.0/0",
      "db-sg_postgres 5432 ${aws_security_group.app-sg.id}",
    ]);
  });
});
