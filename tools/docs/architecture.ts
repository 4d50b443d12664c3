import { beanstalkSettings, block, blocks, literal, literalNumber, readableName, StackModel, TfResource } from "./terraform-json";

/** What a drawn box is; decides its shape and where it goes in the picture. */
export type ComponentKind =
  | "compute"
  | "load-balancer"
  | "cdn"
  | "database"
  | "cache"
  | "table"
  | "bucket"
  | "nat"
  | "gateway"
  | "endpoint"
  | "secrets"
  | "operations";

/** One box of the diagram, standing for one or more Terraform resources. */
export interface Component {
  /** Diagram node id, derived from the main resource's address. */
  readonly id: string;
  readonly kind: ComponentKind;
  /** Label lines, most important first. */
  readonly label: readonly string[];
  /** The Terraform resources the box stands for, main resource first. */
  readonly addresses: readonly string[];
  /** Subnets it is placed in (empty: outside the VPC or VPC-wide). */
  readonly subnets: readonly string[];
  /** VPC of a VPC-wide box without subnets (gateways, endpoints). */
  readonly vpc?: string;
  /** Security groups attached to it. */
  readonly securityGroups: readonly string[];
}

export interface SubnetInfo {
  readonly address: string;
  readonly name: string;
  readonly cidr: string;
  readonly availabilityZone: string;
  /** `public`: routed to an internet gateway. */
  readonly tier: "public" | "private";
  readonly vpc?: string;
}

export interface VpcInfo {
  readonly address: string;
  readonly cidr: string;
  readonly subnets: readonly SubnetInfo[];
}

/** A peer outside the stack that security-group rules admit: the internet or an address range. */
export interface ExternalPeer {
  readonly id: string;
  readonly label: string;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** `network`: a security-group path; `access`: IAM or service access; `data`: logs, replication, origins. */
  readonly kind: "network" | "access" | "data";
}

/** One security-group rule, normalized over the three ways Terraform can declare it. */
export interface SecurityGroupRule {
  readonly address: string;
  readonly securityGroup: string;
  readonly direction: "ingress" | "egress";
  /** `tcp 443`, `tcp 4000-5173`, `all traffic`. */
  readonly ports: string;
  /** A security group address, or a CIDR. */
  readonly peer: { readonly securityGroup: string } | { readonly cidr: string };
  readonly description: string;
}

export interface Architecture {
  readonly vpcs: readonly VpcInfo[];
  readonly components: readonly Component[];
  readonly peers: readonly ExternalPeer[];
  readonly edges: readonly Edge[];
  readonly securityGroupRules: readonly SecurityGroupRule[];
  /** Security group address -> its `name`. */
  readonly securityGroupNames: ReadonlyMap<string, string>;
}

export const INTERNET: ExternalPeer = { id: "internet", label: "Internet" };
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** Mermaid-safe node id for a Terraform address. */
export function nodeId(address: string): string {
  return address.replace(/^aws_/, "").replace(/[^A-Za-z0-9]/g, "_");
}

/** Derives the drawable architecture of a synthesized stack from its resources and references. */
export function describeArchitecture(model: StackModel): Architecture {
  const subnets = subnetInfos(model);
  const vpcs = model.ofType("aws_vpc").map((vpc) => ({
    address: vpc.address,
    cidr: literal(vpc.config.cidr_block) ?? "?",
    subnets: subnets.filter((subnet) => subnet.vpc === vpc.address),
  }));
  const components = [
    ...vpcWide(model),
    ...natGateways(model),
    ...loadBalancers(model),
    ...computes(model),
    ...databases(model),
    ...caches(model),
    ...tables(model),
    ...distributions(model),
    ...buckets(model),
    ...secrets(model),
    ...operations(model),
  ];
  const rules = securityGroupRules(model);
  const { edges: networkEdges, peers } = networkPaths(components, rules, vpcs);
  return {
    vpcs,
    components,
    peers,
    edges: [...networkEdges, ...dataPaths(model, components), ...accessPaths(model, components)],
    securityGroupRules: rules,
    securityGroupNames: new Map(model.ofType("aws_security_group").map((group) => [group.address, literal(group.config.name) ?? group.name])),
  };
}

// ---------------------------------------------------------------- subnets

function subnetInfos(model: StackModel): SubnetInfo[] {
  const publicRouteTables = new Set(
    model
      .ofType("aws_route_table")
      .filter((table) => routesToInternetGateway(model, table))
      .map((table) => table.address),
  );
  return model.ofType("aws_subnet").map((subnet) => {
    const tags = (subnet.config.tags ?? {}) as Record<string, unknown>;
    const associated = model
      .referencing(subnet, "aws_route_table_association")
      .flatMap((association) => model.referenced(association.config.route_table_id, "aws_route_table"));
    const routed = associated.length > 0 ? associated.some((table) => publicRouteTables.has(table.address)) : undefined;
    const tier = (routed ?? (literal(tags.Tier) === "public" || subnet.config.map_public_ip_on_launch === true)) ? "public" : "private";
    return {
      address: subnet.address,
      name: literal(tags.Name) ?? subnet.name,
      cidr: literal(subnet.config.cidr_block) ?? "?",
      availabilityZone: literal(subnet.config.availability_zone) ?? "zone ?",
      tier,
      vpc: model.referenced(subnet.config.vpc_id, "aws_vpc")[0]?.address,
    };
  });
}

function routesToInternetGateway(model: StackModel, table: TfResource): boolean {
  const inline = blocks(table.config.route).some((route) => model.referenced(route.gateway_id, "aws_internet_gateway").length > 0);
  const separate = model.referencing(table, "aws_route").some((route) => model.referenced(route.config.gateway_id, "aws_internet_gateway").length > 0);
  return inline || separate;
}

/** Subnets a resource is placed in: referenced directly, or through a DB/cache subnet group. */
function placement(model: StackModel, value: unknown): string[] {
  const direct = model.referenced(value, "aws_subnet");
  const grouped = model
    .referenced(value)
    .filter((target) => target.type.endsWith("_subnet_group"))
    .flatMap((group) => model.referenced(group.config.subnet_ids ?? group.config.subnets, "aws_subnet"));
  return [...new Set([...direct, ...grouped].map((subnet) => subnet.address))];
}

const securityGroupsIn = (model: StackModel, value: unknown) => model.referenced(value, "aws_security_group").map((group) => group.address);

// ---------------------------------------------------------------- components

function component(main: TfResource, kind: ComponentKind, label: (string | undefined)[], extra: Partial<Component> = {}): Component {
  return {
    id: nodeId(main.address),
    kind,
    label: label.filter((line): line is string => Boolean(line)),
    addresses: [main.address, ...(extra.addresses ?? [])],
    subnets: extra.subnets ?? [],
    vpc: extra.vpc,
    securityGroups: extra.securityGroups ?? [],
  };
}

/** DNS names (Route 53 records) that point at a resource, directly or through an alias. */
function dnsNames(model: StackModel, target: TfResource): string[] {
  return model
    .referencing(target, "aws_route53_record")
    .map((record) => literal(record.config.name))
    .filter((name): name is string => Boolean(name))
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
}

function vpcWide(model: StackModel): Component[] {
  const gateways = model.ofType("aws_internet_gateway").map((gateway) =>
    component(gateway, "gateway", ["Internet gateway"], { vpc: model.referenced(gateway.config.vpc_id, "aws_vpc")[0]?.address }),
  );
  const endpoints = model.ofType("aws_vpc_endpoint").map((endpoint) => {
    const service = (literal(endpoint.config.service_name) ?? "").split(".").pop() ?? "service";
    const type = literal(endpoint.config.vpc_endpoint_type) ?? "Gateway";
    return component(endpoint, "endpoint", [`${service.toUpperCase()} ${type.toLowerCase()} endpoint`], {
      vpc: model.referenced(endpoint.config.vpc_id, "aws_vpc")[0]?.address,
      subnets: type === "Interface" ? placement(model, endpoint.config.subnet_ids) : [],
      securityGroups: securityGroupsIn(model, endpoint.config.security_group_ids),
    });
  });
  return [...gateways, ...endpoints];
}

function natGateways(model: StackModel): Component[] {
  return model.ofType("aws_nat_gateway").map((gateway) => {
    const eip = model.referenced(gateway.config.allocation_id, "aws_eip");
    return component(gateway, "nat", ["NAT gateway", eip.length ? "Elastic IP" : undefined], {
      addresses: eip.map((address) => address.address),
      subnets: placement(model, gateway.config.subnet_id),
    });
  });
}

function loadBalancers(model: StackModel): Component[] {
  return model.ofType("aws_lb").map((lb) => {
    const type = literal(lb.config.load_balancer_type) ?? "application";
    const listeners = model.referencing(lb, "aws_lb_listener").map((listener) => {
      const protocol = literal(listener.config.protocol) ?? "?";
      const redirect = blocks(listener.config.default_action).some((action) => action.type === "redirect");
      const mtls = literal(block(listener.config.mutual_authentication)?.mode);
      return `${protocol} ${literal(listener.config.port) ?? "?"}${redirect ? " → redirect" : ""}${mtls && mtls !== "off" ? ` (mTLS ${mtls})` : ""}`;
    });
    const waf = model.referencing(lb, "aws_wafv2_web_acl_association").length > 0;
    const kind = type === "network" ? "NLB" : type === "gateway" ? "GWLB" : "ALB";
    return component(
      lb,
      "load-balancer",
      [
        `${kind} ${literal(lb.config.name) ?? lb.name}`,
        lb.config.internal === true ? "internal" : "internet-facing",
        ...dnsNames(model, lb),
        listeners.sort().join(", ") || undefined,
        waf ? "WAF attached" : undefined,
      ],
      { subnets: placement(model, lb.config.subnets ?? lb.config.subnet_mapping), securityGroups: securityGroupsIn(model, lb.config.security_groups) },
    );
  });
}

function computes(model: StackModel): Component[] {
  const instances = model.ofType("aws_instance").map((instance) => {
    const eips = model.referencing(instance, "aws_eip");
    const root = block(instance.config.root_block_device);
    return component(
      instance,
      "compute",
      [
        `EC2 ${literal((instance.config.tags as Record<string, unknown> | undefined)?.Name) ?? instance.name}`,
        literal(instance.config.instance_type),
        root ? `${literal(root.volume_size) ?? "?"} GB ${literal(root.volume_type) ?? ""} root`.trim() : undefined,
        eips.length ? "Elastic IP" : undefined,
        ...eips.flatMap((eip) => dnsNames(model, eip)),
        ...dnsNames(model, instance),
      ],
      {
        addresses: eips.map((eip) => eip.address),
        subnets: placement(model, instance.config.subnet_id),
        securityGroups: securityGroupsIn(model, [instance.config.vpc_security_group_ids, instance.config.security_groups]),
      },
    );
  });
  const groups = model.ofType("aws_autoscaling_group").map((group) => {
    const template = model.referenced(group.config.launch_template, "aws_launch_template")[0];
    return component(
      group,
      "compute",
      [
        `Auto Scaling group ${literal(group.config.name) ?? group.name}`,
        `${literal(group.config.min_size) ?? "?"}-${literal(group.config.max_size) ?? "?"} × ${literal(template?.config.instance_type) ?? "?"}`,
      ],
      {
        addresses: template ? [template.address] : [],
        subnets: placement(model, group.config.vpc_zone_identifier),
        securityGroups: template ? securityGroupsIn(model, [template.config.vpc_security_group_ids, template.config.network_interfaces]) : [],
      },
    );
  });
  const environments = model.ofType("aws_elastic_beanstalk_environment").map((environment) => {
    const settings = beanstalkSettings(environment);
    const application = model.referenced(environment.config.application, "aws_elastic_beanstalk_application");
    return component(
      environment,
      "compute",
      [
        `Elastic Beanstalk ${literal(environment.config.name) ?? environment.name}`,
        `${settings.get("aws:autoscaling:asg:MinSize") ?? "1"}-${settings.get("aws:autoscaling:asg:MaxSize") ?? "4"} × ${settings.get("aws:ec2:instances:InstanceTypes") ?? "?"}`,
        ...dnsNames(model, environment),
      ],
      {
        addresses: application.map((app) => app.address),
        subnets: placement(model, settings.get("aws:ec2:vpc:Subnets")),
        securityGroups: securityGroupsIn(model, settings.get("aws:autoscaling:launchconfiguration:SecurityGroups")),
      },
    );
  });
  const functions = model.ofType("aws_lambda_function").map((fn) => {
    const vpc = block(fn.config.vpc_config);
    return component(fn, "compute", [`Lambda ${literal(fn.config.function_name) ?? fn.name}`, literal(fn.config.runtime)], {
      subnets: placement(model, vpc?.subnet_ids),
      securityGroups: securityGroupsIn(model, vpc?.security_group_ids),
    });
  });
  return [...instances, ...groups, ...environments, ...functions];
}

function databases(model: StackModel): Component[] {
  const instances = model.ofType("aws_db_instance").map((db) => {
    const storage = literalNumber(db.config.allocated_storage);
    const max = literalNumber(db.config.max_allocated_storage);
    return component(
      db,
      "database",
      [
        `RDS ${literal(db.config.engine) ?? ""} ${literal(db.config.engine_version) ?? ""}`.replace(/\s+/g, " ").trim(),
        literal(db.config.instance_class),
        storage !== undefined ? `${storage}${max ? `-${max}` : ""} GB ${literal(db.config.storage_type) ?? ""}`.trim() : undefined,
        db.config.multi_az === true ? "Multi-AZ (standby in the other AZ)" : "Single-AZ",
      ],
      { subnets: placement(model, db.config.db_subnet_group_name), securityGroups: securityGroupsIn(model, db.config.vpc_security_group_ids) },
    );
  });
  const clusters = model.ofType("aws_rds_cluster").map((cluster) => {
    const members = model.referencing(cluster, "aws_rds_cluster_instance");
    const scaling = block(cluster.config.serverlessv2_scaling_configuration);
    const zones = members.map((member) => literal(member.config.availability_zone)).filter(Boolean);
    return component(
      cluster,
      "database",
      [
        `Aurora ${literal(cluster.config.engine) ?? ""} ${literal(cluster.config.engine_version) ?? ""}`.replace(/\s+/g, " ").trim(),
        scaling ? `Serverless v2 ${literal(scaling.min_capacity) ?? "?"}-${literal(scaling.max_capacity) ?? "?"} ACU` : undefined,
        `${members.length} instance${members.length === 1 ? "" : "s"}${zones.length ? ` (${zones.join(", ")})` : ""}`,
      ],
      {
        addresses: members.map((member) => member.address),
        subnets: placement(model, cluster.config.db_subnet_group_name),
        securityGroups: securityGroupsIn(model, cluster.config.vpc_security_group_ids),
      },
    );
  });
  return [...instances, ...clusters];
}

function caches(model: StackModel): Component[] {
  return model.ofType("aws_elasticache_replication_group").map((group) =>
    component(
      group,
      "cache",
      [
        `ElastiCache ${literal(group.config.engine) ?? "redis"} ${literal(group.config.engine_version) ?? ""}`.trim(),
        `${literal(group.config.num_cache_clusters) ?? "1"} × ${literal(group.config.node_type) ?? "?"}`,
      ],
      { subnets: placement(model, group.config.subnet_group_name), securityGroups: securityGroupsIn(model, group.config.security_group_ids) },
    ),
  );
}

function tables(model: StackModel): Component[] {
  return model
    .ofType("aws_dynamodb_table")
    .map((table) => component(table, "table", [`DynamoDB ${literal(table.config.name) ?? table.name}`, literal(table.config.billing_mode) ?? "PROVISIONED"]));
}

function distributions(model: StackModel): Component[] {
  return model.ofType("aws_cloudfront_distribution").map((distribution) => {
    const aliases = Array.isArray(distribution.config.aliases) ? distribution.config.aliases.map(literal).filter(Boolean) : [];
    const viewer = block(distribution.config.viewer_certificate);
    return component(distribution, "cdn", [
      `CloudFront ${literal(distribution.config.comment) ?? distribution.name}`,
      ...(aliases as string[]),
      viewer?.cloudfront_default_certificate === true ? "default certificate" : literal(viewer?.minimum_protocol_version),
      distribution.config.web_acl_id ? "WAF attached" : undefined,
    ]);
  });
}

function buckets(model: StackModel): Component[] {
  return model.ofType("aws_s3_bucket").map((bucket) => {
    const region = model.regionOf(bucket);
    const versioned = model
      .referencing(bucket, "aws_s3_bucket_versioning")
      .some((versioning) => literal(block(versioning.config.versioning_configuration)?.status) === "Enabled");
    return component(bucket, "bucket", [
      `S3 ${readableName(bucket.config.bucket) ?? bucket.name}`,
      region && region !== model.region ? region : undefined,
      versioned ? "versioned" : undefined,
    ]);
  });
}

function secrets(model: StackModel): Component[] {
  const all = model.ofType("aws_secretsmanager_secret");
  if (all.length === 0) return [];
  const names = all.map((secret) => literal(secret.config.name) ?? secret.name);
  return [{ ...component(all[0], "secrets", [`Secrets Manager (${all.length})`, ...names]), id: "secrets", addresses: all.map((secret) => secret.address) }];
}

function operations(model: StackModel): Component[] {
  const trails = model
    .ofType("aws_cloudtrail")
    .map((trail) =>
      component(trail, "operations", [
        `CloudTrail ${literal(trail.config.name) ?? trail.name}`,
        trail.config.is_multi_region_trail === true ? "multi-region" : undefined,
      ]),
    );
  const topics = model.ofType("aws_sns_topic").map((topic) => component(topic, "operations", [`SNS ${literal(topic.config.name) ?? topic.name}`]));
  const alarms = model.ofType("aws_cloudwatch_metric_alarm");
  const alarmBox = alarms.length
    ? [{ ...component(alarms[0], "operations", [`CloudWatch alarms (${alarms.length})`]), id: "alarms", addresses: alarms.map((alarm) => alarm.address) }]
    : [];
  const singletons: [string, string][] = [
    ["aws_guardduty_detector", "GuardDuty"],
    ["aws_config_configuration_recorder", "AWS Config recorder"],
    ["aws_flow_log", "VPC flow logs"],
  ];
  const others = singletons.flatMap(([type, title]) => model.ofType(type).map((resource) => component(resource, "operations", [title])));
  return [...trails, ...alarmBox, ...topics, ...others];
}

// ---------------------------------------------------------------- security groups

/** Every security-group rule, whether a separate rule resource or an inline block. */
export function securityGroupRules(model: StackModel): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  const portsOf = (protocol: unknown, from: unknown, to: unknown) => {
    const proto = literal(protocol) ?? "tcp";
    if (proto === "-1" || proto === "all") return "all traffic";
    const first = literal(from);
    const last = literal(to) ?? first;
    return `${proto} ${first === last ? first : `${first}-${last}`}`;
  };
  for (const direction of ["ingress", "egress"] as const) {
    for (const rule of model.ofType(`aws_vpc_security_group_${direction}_rule`)) {
      const group = model.referenced(rule.config.security_group_id, "aws_security_group")[0];
      if (!group) continue;
      const peerGroup = model.referenced(rule.config.referenced_security_group_id, "aws_security_group")[0];
      const cidr =
        literal(rule.config.cidr_ipv4) ?? literal(rule.config.cidr_ipv6) ?? prefixListName(model, rule.config.prefix_list_id) ?? "?";
      rules.push({
        address: rule.address,
        securityGroup: group.address,
        direction,
        ports: portsOf(rule.config.ip_protocol, rule.config.from_port, rule.config.to_port),
        peer: peerGroup ? { securityGroup: peerGroup.address } : { cidr },
        description: literal(rule.config.description) ?? "",
      });
    }
  }
  for (const rule of model.ofType("aws_security_group_rule")) {
    const group = model.referenced(rule.config.security_group_id, "aws_security_group")[0];
    const direction = literal(rule.config.type) === "egress" ? "egress" : "ingress";
    if (!group) continue;
    const base = {
      address: rule.address,
      securityGroup: group.address,
      direction,
      ports: portsOf(rule.config.protocol, rule.config.from_port, rule.config.to_port),
      description: literal(rule.config.description) ?? "",
    } as const;
    const peerGroup = model.referenced(rule.config.source_security_group_id, "aws_security_group")[0];
    if (peerGroup) rules.push({ ...base, peer: { securityGroup: peerGroup.address } });
    for (const cidr of [rule.config.cidr_blocks, rule.config.ipv6_cidr_blocks].flat()) {
      if (typeof cidr === "string") rules.push({ ...base, peer: { cidr } });
    }
  }
  for (const group of model.ofType("aws_security_group")) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const [index, inline] of blocks(group.config[direction]).entries()) {
        const base = {
          address: `${group.address}.${direction}[${index}]`,
          securityGroup: group.address,
          direction,
          ports: portsOf(inline.protocol, inline.from_port, inline.to_port),
          description: literal(inline.description) ?? "",
        } as const;
        for (const peer of model.referenced(inline.security_groups, "aws_security_group")) rules.push({ ...base, peer: { securityGroup: peer.address } });
        for (const cidr of [inline.cidr_blocks, inline.ipv6_cidr_blocks].flat()) {
          if (typeof cidr === "string") rules.push({ ...base, peer: { cidr } });
        }
      }
    }
  }
  return rules.sort((a, b) => a.securityGroup.localeCompare(b.securityGroup) || a.direction.localeCompare(b.direction) || a.address.localeCompare(b.address));
}

/** AWS-managed prefix lists by name, as a reader knows them. */
const PREFIX_LIST_LABELS: Readonly<Record<string, string>> = {
  "com.amazonaws.global.cloudfront.origin-facing": "CloudFront origin-facing servers",
};

/** The name of the managed prefix list a rule's `prefix_list_id` reads (`${data.aws_ec2_managed_prefix_list.x.id}`). */
function prefixListName(model: StackModel, value: unknown): string | undefined {
  const literalId = literal(value);
  if (literalId !== undefined) return literalId;
  const name = typeof value === "string" ? /\$\{data\.aws_ec2_managed_prefix_list\.([^.}]+)\./.exec(value)?.[1] : undefined;
  const list = name === undefined ? undefined : model.json.data?.aws_ec2_managed_prefix_list?.[name];
  return typeof list?.name === "string" ? `prefix list ${list.name}` : undefined;
}

/**
 * Ingress rules as arrows between the boxes that carry the groups: `source -> target` labelled with
 * the ports, from the internet for 0.0.0.0/0, from an address-range peer for other CIDRs.
 */
function networkPaths(components: readonly Component[], rules: readonly SecurityGroupRule[], vpcs: readonly VpcInfo[]) {
  const members = (group: string) => components.filter((candidate) => candidate.securityGroups.includes(group));
  const peers = new Map<string, ExternalPeer>();
  const labels = new Map<string, { from: string; to: string; ports: string[] }>();
  for (const rule of rules.filter((candidate) => candidate.direction === "ingress")) {
    let sources: string[];
    if ("securityGroup" in rule.peer) {
      sources = members(rule.peer.securityGroup).map((source) => source.id);
    } else {
      const cidr = rule.peer.cidr;
      const vpc = vpcs.find((candidate) => candidate.cidr === cidr);
      const prefixList = /^prefix list (.+)$/.exec(cidr)?.[1];
      const label = prefixList ? (PREFIX_LIST_LABELS[prefixList] ?? prefixList) : vpc ? `VPC range ${cidr}` : cidr;
      const peer = WORLD.has(cidr) ? INTERNET : { id: `cidr_${cidr.replace(/[^A-Za-z0-9]/g, "_")}`, label };
      peers.set(peer.id, peer);
      sources = [peer.id];
    }
    for (const target of members(rule.securityGroup)) {
      for (const source of sources) {
        const key = `${source}->${target.id}`;
        const entry = labels.get(key) ?? { from: source, to: target.id, ports: [] };
        if (!entry.ports.includes(rule.ports)) entry.ports.push(rule.ports);
        labels.set(key, entry);
      }
    }
  }
  const edges: Edge[] = [...labels.values()].map((entry) => ({ from: entry.from, to: entry.to, label: entry.ports.sort(byPort).join(", "), kind: "network" }));
  return { edges, peers: [...peers.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

/** `tcp 80` before `tcp 443` before `tcp 4000`; `all traffic` last. */
function byPort(a: string, b: string): number {
  const port = (ports: string) => Number(/\d+/.exec(ports)?.[0] ?? Infinity);
  return port(a) - port(b) || a.localeCompare(b);
}

// ---------------------------------------------------------------- other paths

function owner(components: readonly Component[], address: string | undefined): Component | undefined {
  return address === undefined ? undefined : components.find((candidate) => candidate.addresses.includes(address));
}

/** Origins, replication, audit and access-log delivery, alarm notifications. */
function dataPaths(model: StackModel, components: readonly Component[]): Edge[] {
  const edges: Edge[] = [];
  const add = (from: string | undefined, to: string | undefined, label: string) => {
    const source = owner(components, from);
    const target = owner(components, to);
    if (source && target && source !== target && !edges.some((edge) => edge.from === source.id && edge.to === target.id)) {
      edges.push({ from: source.id, to: target.id, label, kind: "data" });
    }
  };
  for (const distribution of model.ofType("aws_cloudfront_distribution")) {
    edges.push({ from: INTERNET.id, to: nodeId(distribution.address), label: "HTTPS", kind: "network" });
    for (const origin of blocks(distribution.config.origin)) {
      const label = origin.origin_access_control_id ? "origin (OAC)" : "origin";
      for (const target of model.referenced(origin.domain_name)) add(distribution.address, target.address, label);
    }
  }
  for (const replication of model.ofType("aws_s3_bucket_replication_configuration")) {
    const source = model.referenced(replication.config.bucket, "aws_s3_bucket")[0];
    for (const rule of blocks(replication.config.rule)) {
      for (const target of model.referenced(rule.destination, "aws_s3_bucket")) add(source?.address, target.address, "replication");
    }
  }
  for (const trail of model.ofType("aws_cloudtrail")) add(trail.address, model.referenced(trail.config.s3_bucket_name, "aws_s3_bucket")[0]?.address, "audit logs");
  for (const lb of model.ofType("aws_lb")) add(lb.address, model.referenced(lb.config.access_logs, "aws_s3_bucket")[0]?.address, "access logs");
  for (const alarm of model.ofType("aws_cloudwatch_metric_alarm")) {
    for (const topic of model.referenced(alarm.config.alarm_actions, "aws_sns_topic")) add(alarm.address, topic.address, "notify");
  }
  return edges;
}

/** What each compute box may reach through its instance role's policies (buckets, secrets, tables). */
function accessPaths(model: StackModel, components: readonly Component[]): Edge[] {
  const edges: Edge[] = [];
  for (const compute of components.filter((candidate) => candidate.kind === "compute")) {
    const resources = compute.addresses.map((address) => model.get(address)).filter((resource): resource is TfResource => Boolean(resource));
    const profiles = resources.flatMap((resource) => {
      const settings = resource.type === "aws_elastic_beanstalk_environment" ? beanstalkSettings(resource) : undefined;
      const value = settings ? settings.get("aws:autoscaling:launchconfiguration:IamInstanceProfile") : [resource.config.iam_instance_profile];
      return model.referenced(value, "aws_iam_instance_profile");
    });
    const roles = [
      ...profiles.flatMap((profile) => model.referenced(profile.config.role, "aws_iam_role")),
      ...resources.flatMap((resource) => model.referenced(resource.config.role, "aws_iam_role")),
    ];
    const policies = roles.flatMap((role) => [
      ...blocks(role.config.inline_policy).map((inline) => inline.policy),
      ...model.referencing(role, "aws_iam_role_policy").map((policy) => policy.config.policy),
      ...model
        .referencing(role, "aws_iam_role_policy_attachment")
        .flatMap((attachment) => model.referenced(attachment.config.policy_arn, "aws_iam_policy"))
        .map((policy) => policy.config.policy),
    ]);
    const targets = new Set<Component>();
    for (const target of model.referenced(policies)) {
      const box = owner(components, target.address);
      if (box && box !== compute && ["bucket", "secrets", "table"].includes(box.kind)) targets.add(box);
    }
    for (const target of [...targets].sort((a, b) => a.id.localeCompare(b.id))) edges.push({ from: compute.id, to: target.id, label: "IAM", kind: "access" });
  }
  return edges;
}
