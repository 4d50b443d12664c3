import { SecurityGroup } from "../../modules/security-group";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { testNetwork } from "../support/fixtures";

describe("SecurityGroup", () => {
  test("GIVEN a group without egress rules THEN it has none, and each rule is its own described resource", () => {
    const { json } = synthModule((stack) => {
      const network = testNetwork(stack);
      const lb = new SecurityGroup(stack, "lb-sg", { network, name: "lb", description: "Load balancer" });
      const app = new SecurityGroup(stack, "app-sg", { network, name: "app", description: "App", allowAllEgress: true });
      lb.addIngress("https", { description: "HTTPS from anywhere", port: 443, from: { cidr: "0.0.0.0/0" } });
      app.addIngress("http-from-lb", { description: "HTTP from the load balancer", port: 80, from: { securityGroup: lb } });
      return app;
    });
    expect(resource(json, "aws_security_group.lb-sg")).toMatchObject({ name: "lb", vpc_id: "${aws_vpc.network_vpc.id}" });
    expect(resource(json, "aws_security_group.lb-sg").egress).toBeUndefined();
    expect(resource(json, "aws_vpc_security_group_ingress_rule.lb-sg_https")).toMatchObject({
      security_group_id: "${aws_security_group.lb-sg.id}",
      description: "HTTPS from anywhere",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      cidr_ipv4: "0.0.0.0/0",
    });
    expect(resource(json, "aws_vpc_security_group_ingress_rule.app-sg_http-from-lb")).toMatchObject({
      referenced_security_group_id: "${aws_security_group.lb-sg.id}",
      from_port: 80,
    });
    expect(Object.keys(resources(json, "aws_vpc_security_group_egress_rule"))).toEqual(["app-sg_all-egress"]);
    expect(resource(json, "aws_vpc_security_group_egress_rule.app-sg_all-egress")).toMatchObject({
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test.each([
    [
      { description: " ", port: 22, from: { cidr: "10.0.0.0/16" } },
      /SecurityGroup "test\/sg" rule "bad": description = " ": must not be empty/,
    ],
    [
      { description: "x", port: 90, toPort: 80, from: { cidr: "10.0.0.0/16" } },
      /SecurityGroup "test\/sg" rule "bad": port-toPort = "90-80": must satisfy 0 <= port <= toPort <= 65535/,
    ],
    [
      { description: "x", port: 22, from: { cidr: "10.0.0/16" } },
      /SecurityGroup "test\/sg" rule "bad": cidr = "10\.0\.0\/16": must be an IPv4 CIDR aligned to its prefix, like 10\.0\.1\.0\/24/,
    ],
  ])("GIVEN rule %j THEN it is refused", (rule, message) => {
    const stack = moduleTestStack();
    const sg = new SecurityGroup(stack, "sg", { network: testNetwork(stack), name: "sg", description: "x" });
    expect(() => sg.addIngress("bad", rule)).toThrow(message);
  });
});
