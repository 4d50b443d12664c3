import { isTrue, stringList } from "../config-values";
import { defineRule, ResourceConfig, StackView } from "../types";

/** An `aws_route` to an internet gateway, by address. */
function isInternetRoute(address: string, stack: StackView): boolean {
  const route = stack.resources("aws_route").find((candidate) => candidate.address === address);
  return route !== undefined && stack.resolve(route.config.gateway_id)?.type === "aws_internet_gateway";
}

const internetFacing = ({ type, config }: ResourceConfig): boolean =>
  type === "aws_eip" ? config.domain === "vpc" || isTrue(config.vpc) : !isTrue(config.internal) && config.load_balancer_type !== "gateway";

export const internetGatewayDependency = defineRule({
  id: "internet-gateway-dependency",
  level: "warning",
  summary: "Internet-facing load balancers and Elastic IPs depend on the route to the internet gateway (`depends_on`).",
  explanation:
    "Nothing in their arguments references the gateway, so on a first apply Terraform may create them while the VPC has no internet route yet: ELB refuses an internet-facing load balancer in a VPC without an internet gateway, and the provider's aws_eip page asks for an explicit dependency on it. The apply fails half-way, or races.",
  fix: "Give the resource `dependsOn: [network.internetRoute]` (modules/network.ts exposes the public subnets' route to the gateway).",
  scanners: {},
  unmirrored:
    "Scanners judge each resource's settings, not the order Terraform creates them in; this came from this project's first-apply review (issue 19).",
  resourceTypes: ["aws_lb", "aws_eip"],
  check: (resource, stack) => {
    if (!internetFacing(resource)) return undefined;
    const dependencies = stringList(resource.config.depends_on);
    return dependencies.some((address) => isInternetRoute(address, stack))
      ? undefined
      : "does not depend on a route to an internet gateway";
  },
});
