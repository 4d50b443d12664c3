import { AppTargetGroups, AppTargetGroupsProps } from "../../modules/app-target-groups";
import { LoadBalancer } from "../../modules/load-balancer";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { testNetwork } from "../support/fixtures";

function targets(stack: PlatformStack, overrides: Partial<AppTargetGroupsProps> = {}): AppTargetGroups {
  return new AppTargetGroups(stack, "target-groups", {
    network: overrides.network ?? testNetwork(stack),
    namePrefix: "coherent-prod",
    ...overrides,
  });
}

describe("AppTargetGroups", () => {
  test("GIVEN the defaults THEN the API group checks /api/v1/health on 4000 and the web group / on 5173", () => {
    const { json } = synthModule((stack) => targets(stack));
    expect(resource(json, "aws_lb_target_group.target-groups_api")).toMatchObject({
      name: "coherent-prod-api",
      port: 4000,
      protocol: "HTTP",
      target_type: "instance",
      vpc_id: "${aws_vpc.network_vpc.id}",
      health_check: { path: "/api/v1/health", port: "traffic-port", matcher: "200" },
    });
    expect(resource(json, "aws_lb_target_group.target-groups_web")).toMatchObject({
      name: "coherent-prod-web",
      port: 5173,
      health_check: { path: "/", matcher: "200-399" },
    });
  });

  test("GIVEN a load balancer THEN /api/* goes to the API group and everything else to the web group", () => {
    const { json } = synthModule((stack) => {
      const network = testNetwork(stack);
      const groups = targets(stack, { network });
      const lb = new LoadBalancer(stack, "load-balancer", {
        network,
        name: "coherent-prod-alb",
        securityGroup: new SecurityGroup(stack, "alb-sg", { network, name: "alb-sg", description: "alb" }),
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        deletionProtection: false,
        defaultAction: groups.webForwardAction,
      });
      groups.routeApi(lb.httpsListener);
      return groups;
    });
    expect(resource(json, "aws_lb_listener.load-balancer_https-listener").default_action).toEqual([
      { type: "forward", target_group_arn: "${aws_lb_target_group.target-groups_web.arn}" },
    ]);
    expect(resource(json, "aws_lb_listener_rule.target-groups_api-rule")).toMatchObject({
      listener_arn: "${aws_lb_listener.load-balancer_https-listener.arn}",
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.target-groups_api.arn}" }],
      condition: [{ path_pattern: { values: ["/api/*"] } }],
    });
  });

  test("GIVEN an instance THEN it is registered in both groups", () => {
    const { json } = synthModule((stack) => {
      const groups = targets(stack);
      groups.attachInstance("i-0123456789abcdef0");
      return groups;
    });
    expect(resources(json, "aws_lb_target_group_attachment")).toEqual({
      "target-groups_api-instance": { target_group_arn: "${aws_lb_target_group.target-groups_api.arn}", target_id: "i-0123456789abcdef0" },
      "target-groups_web-instance": { target_group_arn: "${aws_lb_target_group.target-groups_web.arn}", target_id: "i-0123456789abcdef0" },
    });
  });

  test.each<[Partial<AppTargetGroupsProps>, RegExp]>([
    [{ apiPort: 70000 }, /AppTargetGroups "test\/target-groups": apiPort = 70000: must be 1-65535/],
    [{ webPort: 4000 }, /AppTargetGroups "test\/target-groups": webPort = 4000: must differ from apiPort \(4000\)/],
    [
      { namePrefix: "a-very-long-environment-name-prefix" },
      /AppTargetGroups "test\/target-groups": namePrefix = "a-very-long-environment-name-prefix": must be 1-28 letters, digits and hyphens, not starting with a hyphen \(names get -api\/-web, 32 at most\)/,
    ],
    [
      { apiHealthCheckPath: "api/v1/health" },
      /AppTargetGroups "test\/target-groups": apiHealthCheckPath = "api\/v1\/health": must start with \//,
    ],
    [{ apiPathPatterns: [] }, /AppTargetGroups "test\/target-groups": apiPathPatterns = \[\]: must list 1-5 patterns/],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => targets(moduleTestStack(), overrides)).toThrow(message);
  });
});
