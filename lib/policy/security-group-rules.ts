import { Config, blocks, numberValue, stringList, text } from "./config-values";
import { ResourceConfig } from "./types";

/** One permission of a security group, whatever resource type declared it. */
export interface Permission {
  readonly direction: "ingress" | "egress";
  /** `-1` for all traffic. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** IPv4 and IPv6 ranges (security group and prefix list peers are not ranges). */
  readonly cidrs: readonly string[];
  readonly description?: string;
}

export const WORLD = ["0.0.0.0/0", "::/0"];
export const SECURITY_GROUP_RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
] as const;

/** Permissions declared by a security group (inline blocks) or one of the three rule resource types. */
export function permissions(resource: ResourceConfig): Permission[] {
  const { type, config } = resource;
  const fromBlock = (direction: Permission["direction"], entry: Config): Permission => ({
    direction,
    protocol: text(entry.protocol ?? entry.ip_protocol ?? "-1"),
    fromPort: numberValue(entry.from_port),
    toPort: numberValue(entry.to_port),
    cidrs: [
      ...stringList(entry.cidr_blocks),
      ...stringList(entry.ipv6_cidr_blocks),
      ...stringList(entry.cidr_ipv4),
      ...stringList(entry.cidr_ipv6),
    ],
    description: typeof entry.description === "string" ? entry.description : undefined,
  });
  switch (type) {
    case "aws_security_group":
      return [
        ...blocks(config, "ingress").map((entry) => fromBlock("ingress", entry)),
        ...blocks(config, "egress").map((entry) => fromBlock("egress", entry)),
      ];
    case "aws_security_group_rule":
      return [fromBlock(config.type === "egress" ? "egress" : "ingress", config)];
    case "aws_vpc_security_group_ingress_rule":
      return [fromBlock("ingress", config)];
    case "aws_vpc_security_group_egress_rule":
      return [fromBlock("egress", config)];
    default:
      return [];
  }
}

export function isAllTraffic(permission: Permission): boolean {
  return permission.protocol === "-1" || permission.protocol.toLowerCase() === "all";
}

/** True when the permission covers `port` (all-traffic rules cover every port). */
function coversPort(permission: Permission, port: number): boolean {
  if (isAllTraffic(permission)) return true;
  if (permission.fromPort === undefined || permission.toPort === undefined) return false;
  return permission.fromPort <= port && port <= permission.toPort;
}

export function opensToWorld(permission: Permission): boolean {
  return permission.cidrs.some((cidr) => WORLD.includes(cidr));
}

export function describePorts(permission: Permission): string {
  if (isAllTraffic(permission)) return "all traffic";
  const range = permission.fromPort === permission.toPort ? `${permission.fromPort}` : `${permission.fromPort}-${permission.toPort}`;
  return `${permission.protocol} ${range}`;
}

/** Remote administration and database ports that must never face the internet. */
export const ADMIN_AND_DATABASE_PORTS: Readonly<Record<number, string>> = {
  22: "SSH",
  3389: "RDP",
  3306: "MySQL",
  5432: "PostgreSQL",
  1433: "SQL Server",
  1521: "Oracle",
  6379: "Redis",
  11211: "Memcached",
  27017: "MongoDB",
  9200: "OpenSearch",
};

export function exposedAdminPorts(permission: Permission): string[] {
  return Object.entries(ADMIN_AND_DATABASE_PORTS)
    .filter(([port]) => coversPort(permission, Number(port)))
    .map(([port, service]) => `${service} (${port})`);
}
