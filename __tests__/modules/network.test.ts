import { COHERENT_NETWORK } from "../../lib/config/coherent";
import { Network, NetworkProps } from "../../modules/network";
import { moduleTestStack, resource, resources, synthModule, policy } from "../support/synth";

// The Coherent seed's layout, as its config default gives it.
const seedLayout: NetworkProps = {
  namePrefix: "test-unit",
  region: "us-east-1",
  availabilityZones: ["us-east-1a", "us-east-1b"],
  vpcCidr: COHERENT_NETWORK.vpcCidr,
  publicSubnets: COHERENT_NETWORK.publicSubnets,
  privateSubnets: COHERENT_NETWORK.privateSubnets,
};

function build(overrides: Partial<NetworkProps> = {}) {
  return synthModule((stack) => new Network(stack, "network", { ...seedLayout, ...overrides }));
}

describe("Network", () => {
  test("GIVEN a network THEN the VPC has the configured CIDR with DNS support and hostnames", () => {
    const { json } = build();
    expect(resource(json, "aws_vpc.network_vpc")).toMatchObject({
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test("GIVEN a network THEN subnets are named from config, placed one per AZ, and never auto-assign public IPs", () => {
    const { json } = build();
    expect(resource(json, "aws_subnet.network_app-subnet-1")).toMatchObject({
      cidr_block: "10.0.1.0/24",
      availability_zone: "us-east-1a",
      map_public_ip_on_launch: false,
      tags: { Name: "app-subnet-1", Tier: "public" },
    });
    expect(resource(json, "aws_subnet.network_data-subnet-2")).toMatchObject({
      cidr_block: "10.0.12.0/24",
      availability_zone: "us-east-1b",
      tags: { Name: "data-subnet-2", Tier: "private" },
    });
    expect(Object.keys(resources(json, "aws_subnet"))).toHaveLength(4);
  });

  test("GIVEN a network THEN public subnets route to the internet gateway; private subnets route to NAT, never to the IGW", () => {
    const { json } = build();
    expect(resource(json, "aws_route.network_public-internet-route")).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: "${aws_internet_gateway.network_internet-gateway.id}",
    });
    for (const name of ["data-subnet-1", "data-subnet-2"]) {
      const route = resource(json, `aws_route.network_${name}-nat-route`);
      expect(route.nat_gateway_id).toBe("${aws_nat_gateway.network_nat-gateway-1.id}");
      expect(route.gateway_id).toBeUndefined();
      expect(resource(json, `aws_route_table_association.network_${name}-route-table-association`)).toMatchObject({
        route_table_id: `\${aws_route_table.network_${name}-route-table.id}`,
      });
    }
    // The NAT gateway's Elastic IP waits for the internet route (the provider's aws_eip page asks for it).
    expect(resource(json, "aws_eip.network_nat-eip-1").depends_on).toEqual(["aws_route.network_public-internet-route"]);
  });

  test.each([
    ["single", 1],
    ["per-az", 2],
    ["none", 0],
  ] as const)("GIVEN NAT mode %s THEN %d NAT gateways are created, each in a public subnet", (mode, count) => {
    const { json } = build({ natGateways: mode });
    const gateways = Object.values(resources(json, "aws_nat_gateway"));
    expect(gateways).toHaveLength(count);
    gateways.forEach((gateway, index) => expect(gateway.subnet_id).toBe(`\${aws_subnet.network_app-subnet-${index + 1}.id}`));
    expect(Object.keys(resources(json, "aws_eip"))).toHaveLength(count);
    const natRoutes = Object.keys(resources(json, "aws_route")).filter((name) => name.endsWith("-nat-route"));
    expect(natRoutes).toHaveLength(count === 0 ? 0 : 2);
  });

  test("GIVEN per-az NAT THEN each private subnet's traffic stays in its own AZ", () => {
    const { json } = build({ natGateways: "per-az" });
    expect(resource(json, "aws_route.network_data-subnet-2-nat-route").nat_gateway_id).toBe("${aws_nat_gateway.network_nat-gateway-2.id}");
  });

  test("GIVEN a network THEN the default security group is taken over with no rules", () => {
    const { json } = build();
    const sg = resource(json, "aws_default_security_group.network_default-security-group");
    expect(sg.vpc_id).toBe("${aws_vpc.network_vpc.id}");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test("GIVEN a network THEN an S3 gateway endpoint serves every route table", () => {
    const { json } = build();
    const endpoint = resource(json, "aws_vpc_endpoint.network_s3-endpoint");
    expect(endpoint).toMatchObject({ service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" });
    expect(endpoint.route_table_ids).toHaveLength(3);
  });

  test("GIVEN a network THEN flow logs capture all traffic into a log group with the configured retention", () => {
    const { json } = build({ flowLogRetentionDays: 365 });
    expect(resource(json, "aws_flow_log.network_flow-log")).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: "${aws_cloudwatch_log_group.network_flow-log-group.arn}",
      iam_role_arn: "${aws_iam_role.network_flow-log-role.arn}",
    });
    expect(resource(json, "aws_cloudwatch_log_group.network_flow-log-group").retention_in_days).toBe(365);
    const rolePolicy = policy(resource(json, "aws_iam_role_policy.network_flow-log-role-policy").policy);
    expect(rolePolicy.Statement[0].Resource).toBe("${aws_cloudwatch_log_group.network_flow-log-group.arn}:*");
    const trust = policy(resource(json, "aws_iam_role.network_flow-log-role").assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
  });

  test("GIVEN a network THEN typed outputs expose subnets by tier", () => {
    const { construct } = build();
    expect(construct.publicSubnetIds).toHaveLength(2);
    expect(construct.privateSubnetIds).toHaveLength(2);
    expect(construct.vpcCidr).toBe("10.0.0.0/16");
  });

  test.each([
    [
      { vpcCidr: "10.0.0.0/33" },
      /Network "test\/network": vpcCidr = "10\.0\.0\.0\/33": must be an IPv4 CIDR aligned to its prefix, like 10\.0\.1\.0\/24/,
    ],
    [{ privateSubnets: [] }, /Network "test\/network": privateSubnets\.length = 0: must list at least one subnet/],
    [
      { availabilityZones: ["us-east-1a"] },
      /Network "test\/network": publicSubnets\.length = 2: must be at most the 1 availability zones given \(one subnet per zone\)/,
    ],
  ])("GIVEN bad props %j THEN they are refused", (overrides, message) => {
    expect(() => new Network(moduleTestStack(), "network", { ...seedLayout, ...overrides })).toThrow(message);
  });
});
