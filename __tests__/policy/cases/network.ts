import { RuleCase } from "./case";

const vpc = { "aws_vpc.main": { cidr_block: "10.0.0.0/16" } };
const group = (rules: Record<string, unknown> = {}) => ({
  "aws_security_group.web": { name: "web", description: "Web servers", vpc_id: "${aws_vpc.main.id}", ...rules },
});
const ingress = (extra: Record<string, unknown>) => ({
  ...group(),
  "aws_vpc_security_group_ingress_rule.web_in": {
    security_group_id: "${aws_security_group.web.id}",
    description: "from the load balancer",
    ip_protocol: "tcp",
    from_port: 443,
    to_port: 443,
    ...extra,
  },
});

/** A VPC with an internet gateway and the public subnets' route to it. */
const internetRoute = {
  ...vpc,
  "aws_internet_gateway.main": { vpc_id: "${aws_vpc.main.id}" },
  "aws_route_table.public": { vpc_id: "${aws_vpc.main.id}" },
  "aws_route.internet": {
    route_table_id: "${aws_route_table.public.id}",
    destination_cidr_block: "0.0.0.0/0",
    gateway_id: "${aws_internet_gateway.main.id}",
  },
};

export const networkCases: RuleCase[] = [
  {
    rule: "vpc-flow-logs",
    name: "a VPC with and without an aws_flow_log",
    compliant: {
      ...vpc,
      "aws_flow_log.main": {
        vpc_id: "${aws_vpc.main.id}",
        traffic_type: "ALL",
        log_destination: "arn:aws:logs:us-east-1:111111111111:log-group:flow",
      },
    },
    nonCompliant: vpc,
    flags: "aws_vpc.main",
  },
  {
    rule: "vpc-default-sg-closed",
    name: "a VPC whose default security group is managed without rules, or not managed",
    compliant: { ...vpc, "aws_default_security_group.main": { vpc_id: "${aws_vpc.main.id}" } },
    nonCompliant: vpc,
    flags: "aws_vpc.main",
    message: /not managed/,
  },
  {
    rule: "vpc-default-sg-closed",
    name: "a managed default security group that keeps an ingress rule",
    nonCompliant: {
      ...vpc,
      "aws_default_security_group.main": {
        vpc_id: "${aws_vpc.main.id}",
        ingress: [{ protocol: "-1", from_port: 0, to_port: 0, self: true }],
      },
    },
    flags: "aws_vpc.main",
    message: /has rules/,
  },
  {
    rule: "subnet-no-public-ip",
    name: "map_public_ip_on_launch false vs true",
    compliant: { ...vpc, "aws_subnet.app": { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.1.0/24", map_public_ip_on_launch: false } },
    nonCompliant: { ...vpc, "aws_subnet.app": { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.1.0/24", map_public_ip_on_launch: true } },
    flags: "aws_subnet.app",
  },
  {
    rule: "sg-described",
    name: "a described group and rule vs Terraform's default group description",
    compliant: ingress({ referenced_security_group_id: "${aws_security_group.web.id}" }),
    nonCompliant: { "aws_security_group.web": { name: "web", description: "Managed by Terraform" } },
    flags: "aws_security_group.web",
    message: /no description/,
  },
  {
    rule: "sg-described",
    name: "a rule resource without a description",
    nonCompliant: {
      ...group(),
      "aws_vpc_security_group_ingress_rule.web_in": {
        security_group_id: "${aws_security_group.web.id}",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "10.0.0.0/16",
      },
    },
    flags: "aws_vpc_security_group_ingress_rule.web_in",
    message: /ingress rule has no description/,
  },
  {
    rule: "sg-admin-ports-world-open",
    name: "SSH from the VPC vs SSH from the internet",
    tier: "development",
    compliant: ingress({ from_port: 22, to_port: 22, cidr_ipv4: "10.0.0.0/16" }),
    nonCompliant: ingress({ from_port: 22, to_port: 22, cidr_ipv4: "0.0.0.0/0" }),
    flags: "aws_vpc_security_group_ingress_rule.web_in",
    message: /SSH \(22\)/,
  },
  {
    rule: "sg-admin-ports-world-open",
    name: "an inline all-traffic IPv6 ingress covers PostgreSQL",
    tier: "development",
    nonCompliant: group({ ingress: [{ description: "everything", protocol: "-1", from_port: 0, to_port: 0, ipv6_cidr_blocks: ["::/0"] }] }),
    flags: "aws_security_group.web",
    message: /PostgreSQL \(5432\)/,
  },
  {
    rule: "sg-world-ingress",
    name: "HTTPS from a security group vs HTTPS from the internet",
    compliant: ingress({ referenced_security_group_id: "${aws_security_group.web.id}" }),
    nonCompliant: ingress({ cidr_ipv4: "0.0.0.0/0" }),
    flags: "aws_vpc_security_group_ingress_rule.web_in",
    message: /tcp 443 is open to the internet/,
  },
  {
    rule: "sg-world-ingress",
    name: "a legacy aws_security_group_rule opening 80 to the world",
    nonCompliant: {
      ...group(),
      "aws_security_group_rule.http": {
        type: "ingress",
        security_group_id: "${aws_security_group.web.id}",
        protocol: "tcp",
        from_port: 80,
        to_port: 80,
        cidr_blocks: ["0.0.0.0/0"],
        description: "http",
      },
    },
    flags: "aws_security_group_rule.http",
  },
  {
    rule: "sg-world-egress-all",
    name: "HTTPS egress vs all-traffic egress to the internet",
    compliant: {
      ...group(),
      "aws_vpc_security_group_egress_rule.web_out": {
        security_group_id: "${aws_security_group.web.id}",
        description: "AWS APIs",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "0.0.0.0/0",
      },
    },
    nonCompliant: {
      ...group(),
      "aws_vpc_security_group_egress_rule.web_out": {
        security_group_id: "${aws_security_group.web.id}",
        description: "everything",
        ip_protocol: "-1",
        cidr_ipv4: "0.0.0.0/0",
      },
    },
    flags: "aws_vpc_security_group_egress_rule.web_out",
  },
  {
    rule: "internet-gateway-dependency",
    name: "an internet-facing load balancer created after the internet route, and one that may race it",
    compliant: {
      ...internetRoute,
      "aws_lb.public": { name: "public", internal: false, depends_on: ["aws_route.internet"] },
      "aws_lb.private": { name: "private", internal: true },
    },
    nonCompliant: { ...internetRoute, "aws_lb.public": { name: "public", internal: false } },
    flags: "aws_lb.public",
    message: /does not depend on a route to an internet gateway/,
  },
  {
    rule: "internet-gateway-dependency",
    name: "an Elastic IP after the internet route vs after a route to a NAT gateway",
    compliant: { ...internetRoute, "aws_eip.nat": { domain: "vpc", depends_on: ["aws_route.internet"] } },
    nonCompliant: {
      ...internetRoute,
      "aws_nat_gateway.main": { subnet_id: "subnet-0123456789abcdef0", allocation_id: "${aws_eip.nat.id}" },
      "aws_route.private": {
        route_table_id: "${aws_route_table.public.id}",
        destination_cidr_block: "0.0.0.0/0",
        nat_gateway_id: "${aws_nat_gateway.main.id}",
      },
      "aws_eip.nat": { domain: "vpc", depends_on: ["aws_route.private"] },
    },
    flags: "aws_eip.nat",
  },
];
