/**
 * Quotas the stacks approach, summed over every stack applied to the same account, in apply order,
 * against the applied quota minus what the account already uses: the stack whose resources cross the
 * quota is the one whose apply stops half-way.
 *
 * Checked (quota codes as Service Quotas names them; defaults from
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html and
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html):
 * Elastic IPs (5 per Region), VPCs (5, the default VPC included), internet gateways (5), NAT gateways
 * (5 per Availability Zone), VPC security groups (2,500 per Region), inbound or outbound rules per
 * security group (60), and CloudTrail trails (5 per Region, not adjustable:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
 *
 * Not checked, because all stacks together stay far below the default (numbers for the five committed
 * stacks): KMS keys (13 of 100,000 per Region), CloudWatch alarms (20; no quota on count), S3 buckets
 * (22 of 10,000 per account), IAM roles (21 of 1,000 per account), load balancers (3 of 50 per Region),
 * RDS instances (6 of 40), CloudFront distributions (6 of 200), gateway VPC endpoints (4 of 20).
 *
 * Resources an earlier apply created carry their stack's default tags; they count once, as usage, not
 * again as that stack's demand, so preflight stays right when run again after some stacks are applied.
 */
import { AccountReader, Observed, QuotaValue, TaggedResource } from "./aws";
import { CheckLine, CheckResult, mergeLines } from "./report";
import { PreflightStack, regionOf, regionsOf, stackOwning } from "./stacks";
import { beanstalkSettings, blocks, literal, literalNumber, TfResource } from "../docs/terraform-json";
import { referencesIn } from "../validation/references";

export type QuotaId = "elasticIps" | "vpcs" | "internetGateways" | "natGateways" | "securityGroups" | "rulesPerSecurityGroup" | "trails";

export interface QuotaDefinition {
  readonly id: QuotaId;
  /** As the report names it. */
  readonly name: string;
  readonly serviceCode: string;
  readonly quotaCode: string;
  /** What one quota value covers. */
  readonly per: "Region" | "Availability Zone" | "security group";
  /** A value AWS documents where Service Quotas is not asked. @default - read from Service Quotas */
  readonly documented?: number;
}

const QUOTAS: Readonly<Record<QuotaId, QuotaDefinition>> = {
  elasticIps: { id: "elasticIps", name: "Elastic IPs", serviceCode: "ec2", quotaCode: "L-0263D0A3", per: "Region" },
  vpcs: { id: "vpcs", name: "VPCs", serviceCode: "vpc", quotaCode: "L-F678F1CE", per: "Region" },
  internetGateways: { id: "internetGateways", name: "internet gateways", serviceCode: "vpc", quotaCode: "L-A4707A72", per: "Region" },
  natGateways: { id: "natGateways", name: "NAT gateways", serviceCode: "vpc", quotaCode: "L-FE5A380F", per: "Availability Zone" },
  securityGroups: { id: "securityGroups", name: "VPC security groups", serviceCode: "vpc", quotaCode: "L-E79EC296", per: "Region" },
  rulesPerSecurityGroup: {
    id: "rulesPerSecurityGroup",
    name: "rules per security group",
    serviceCode: "vpc",
    quotaCode: "L-0EA8095F",
    per: "security group",
  },
  // "CloudTrail has no adjustable quotas": Service Quotas has nothing to ask.
  trails: { id: "trails", name: "CloudTrail trails", serviceCode: "cloudtrail", quotaCode: "", per: "Region", documented: 5 },
};

/** What one stack's resources take of one quota in one place. */
export interface Demand {
  readonly quota: QuotaId;
  readonly region: string;
  /** The Availability Zone (NAT gateways) or `<stack> <security group address>` (rules); "" for per-Region quotas. */
  readonly scope: string;
  /** The place as the report names it. @default - the Region, or the Availability Zone */
  readonly label?: string;
  readonly count: number;
  /** The addresses it is made of, for the report. */
  readonly from: readonly string[];
  /** Why the count is unknown (a prefix list's weight could not be read). @default - known */
  readonly cannotRun?: string;
}

/** A managed prefix list a security group rule references, by id or by name. */
export interface PrefixListRef {
  readonly region: string;
  readonly id?: string;
  readonly name?: string;
}

export function prefixListKey(ref: PrefixListRef): string {
  return `${ref.region} ${ref.id ?? ""} ${ref.name ?? ""}`;
}

/** A literal count (`count = 2`), else one. */
function instances(resource: TfResource): number {
  return literalNumber(resource.config.count) ?? 1;
}

/**
 * Elastic Beanstalk makes some resources itself: an Elastic IP for a single-instance environment
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features-managing-env-types.html) and a
 * security group for its instances unless DisableDefaultEC2SecurityGroup is true
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html).
 */
function beanstalkMakes(environment: TfResource): { elasticIps: number; securityGroups: number } {
  const settings = beanstalkSettings(environment);
  return {
    elasticIps: settings.get("aws:elasticbeanstalk:environment:EnvironmentType") === "SingleInstance" ? 1 : 0,
    securityGroups: settings.get("aws:autoscaling:launchconfiguration:DisableDefaultEC2SecurityGroup") === "true" ? 0 : 1,
  };
}

/** The resources a `${aws_x.name.attr}` value points at. */
function referencedResource(stack: PreflightStack, value: unknown, type: string): TfResource | undefined {
  return typeof value === "string" ? stack.model.referenced(value, type)[0] : undefined;
}

/** The prefix list a rule's `prefix_list_id` names: a literal id, or a data source by id or name. */
function prefixListOf(stack: PreflightStack, rule: TfResource): PrefixListRef | undefined {
  const value = rule.config.prefix_list_id;
  if (typeof value !== "string") return undefined;
  const region = regionOf(stack, rule);
  const id = literal(value);
  if (id) return { region, id };
  const reference = referencesIn(value).find((ref) => ref.root === "data" && ref.path[0] === "aws_ec2_managed_prefix_list");
  const source = reference ? stack.json.data?.aws_ec2_managed_prefix_list?.[reference.path[1]] : undefined;
  const byFilter = blocks(source?.filter).find((entry) => entry.name === "prefix-list-name")?.values;
  return { region, id: literal(source?.id), name: literal(source?.name) ?? (Array.isArray(byFilter) ? literal(byFilter[0]) : undefined) };
}

/** Every managed prefix list the stack's security group rules reference (their weights are read from AWS). */
export function prefixListsReferenced(stack: PreflightStack): PrefixListRef[] {
  return securityGroupRules(stack)
    .map((rule) => prefixListOf(stack, rule))
    .filter((ref): ref is PrefixListRef => ref !== undefined);
}

function securityGroupRules(stack: PreflightStack): TfResource[] {
  return [...stack.model.ofType("aws_vpc_security_group_ingress_rule"), ...stack.model.ofType("aws_vpc_security_group_egress_rule")];
}

/**
 * What a security group's rules weigh against "inbound or outbound rules per security group": counted per
 * direction and, as AWS enforces the quota, separately for IPv4 and IPv6. A referenced security group is
 * one rule; a prefix list weighs its maximum entries (an AWS-managed one its published weight: the
 * CloudFront origin-facing list counts as 55 rules,
 * https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html). A rule
 * without a CIDR is counted in both families: AWS does not say which one it takes, so assume both.
 */
function ruleDemands(stack: PreflightStack, weights: ReadonlyMap<string, Observed<number | undefined>>): Demand[] {
  const bySecurityGroup = new Map<string, { group: TfResource; rules: TfResource[] }>();
  for (const rule of securityGroupRules(stack)) {
    const group = referencedResource(stack, rule.config.security_group_id, "aws_security_group");
    if (!group) continue;
    const entry = bySecurityGroup.get(group.address) ?? { group, rules: [] };
    entry.rules.push(rule);
    bySecurityGroup.set(group.address, entry);
  }
  return [...bySecurityGroup.values()].map(({ group, rules }) => {
    const totals = new Map<string, number>();
    let cannotRun: string | undefined;
    for (const rule of rules) {
      const direction = rule.type.endsWith("ingress_rule") ? "inbound" : "outbound";
      const list = prefixListOf(stack, rule);
      let weight = 1;
      if (list) {
        const observed = weights.get(prefixListKey(list));
        if (!observed?.ok || observed.value === undefined) {
          cannotRun ??=
            observed && !observed.ok ? observed.cannotRun : `the weight of prefix list ${list.id ?? list.name ?? "?"} is unknown`;
        } else weight = observed.value;
      }
      const families = rule.config.cidr_ipv4 !== undefined ? ["IPv4"] : rule.config.cidr_ipv6 !== undefined ? ["IPv6"] : ["IPv4", "IPv6"];
      for (const family of families) totals.set(`${direction} ${family}`, (totals.get(`${direction} ${family}`) ?? 0) + weight);
    }
    const [worst, count] = [...totals.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["inbound IPv4", 0];
    const region = regionOf(stack, group);
    return {
      quota: "rulesPerSecurityGroup" as const,
      region,
      scope: `${stack.name} ${group.address}`,
      label: `${group.address} (${region})`,
      count,
      from: [`${worst} rules`],
      cannotRun,
    };
  });
}

/**
 * What one stack takes of each quota. `regions` are the Regions of every stack in the account: a
 * multi-Region trail counts as a trail in each of them.
 */
export function demandsOf(
  stack: PreflightStack,
  regions: readonly string[],
  weights: ReadonlyMap<string, Observed<number | undefined>> = new Map(),
): Demand[] {
  const entries: { quota: QuotaId; region: string; scope?: string; count: number; from: string }[] = [];
  const add = (quota: QuotaId, resource: TfResource, count = instances(resource), region = regionOf(stack, resource), scope?: string) =>
    entries.push({ quota, region, scope, count, from: resource.address });
  for (const resource of stack.model.resources) {
    switch (resource.type) {
      case "aws_eip":
        add("elasticIps", resource);
        break;
      case "aws_vpc":
        add("vpcs", resource);
        // Every VPC comes with its default security group.
        add("securityGroups", resource);
        break;
      case "aws_internet_gateway":
        add("internetGateways", resource);
        break;
      case "aws_nat_gateway": {
        const subnet = referencedResource(stack, resource.config.subnet_id, "aws_subnet");
        add("natGateways", resource, undefined, undefined, literal(subnet?.config.availability_zone) ?? "an unknown Availability Zone");
        break;
      }
      case "aws_security_group":
        add("securityGroups", resource);
        break;
      case "aws_elastic_beanstalk_environment": {
        const makes = beanstalkMakes(resource);
        if (makes.elasticIps) add("elasticIps", resource, makes.elasticIps);
        if (makes.securityGroups) add("securityGroups", resource, makes.securityGroups);
        break;
      }
      case "aws_cloudtrail": {
        const home = regionOf(stack, resource);
        const multiRegion = resource.config.is_multi_region_trail === true;
        for (const region of multiRegion ? [...new Set([home, ...regions])] : [home]) add("trails", resource, 1, region);
        break;
      }
    }
  }
  const grouped = new Map<string, Demand>();
  for (const entry of entries) {
    const key = `${entry.quota} ${entry.region} ${entry.scope ?? ""}`;
    const before = grouped.get(key);
    grouped.set(key, {
      quota: entry.quota,
      region: entry.region,
      scope: entry.scope ?? "",
      count: (before?.count ?? 0) + entry.count,
      from: [...(before?.from ?? []), entry.from],
    });
  }
  return [...grouped.values(), ...ruleDemands(stack, weights)];
}

/** A resource in use, as the account lists it. */
export interface UsageItem extends TaggedResource {
  /** The Availability Zone, for per-AZ quotas. */
  readonly scope?: string;
  /** A trail's name (trails carry no tags in DescribeTrails). */
  readonly name?: string;
}

/** What the account says, per quota and Region. */
export interface QuotaFacts {
  quota(id: QuotaId, region: string): Observed<QuotaValue>;
  /** Resources in use (none for the rules quota: every security group a stack creates is new). */
  usage(id: QuotaId, region: string): Observed<readonly UsageItem[]>;
}

/** Which stack created a resource in use: by its default tags, or (trails) by name in this account. */
function ownerOf(item: UsageItem, stacks: readonly PreflightStack[], account: string): PreflightStack | undefined {
  if (item.name !== undefined) {
    return stacks.find(
      (stack) =>
        item.id.split(":")[4] === account && stack.model.ofType("aws_cloudtrail").some((trail) => literal(trail.config.name) === item.name),
    );
  }
  return stackOwning(item.tags, stacks);
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** `the 6th` or `the 6th to 7th`. */
function positions(from: number, to: number): string {
  return from === to ? `the ${ordinal(from)}` : `the ${ordinal(from)} to ${ordinal(to)}`;
}

/** The command that asks for `desired` (what every stack in the account needs), or why none can. */
function increaseFix(definition: QuotaDefinition, value: QuotaValue, region: string, desired: number, inUse: number): string {
  const over = desired - value.value;
  const free = over <= inUse ? `, or free ${over} of the ${inUse} in use` : "";
  if (!value.adjustable) {
    const trails =
      definition.id === "trails" ? '; an organization trail can replace the stacks\' own (the cloudTrail switch, "organization")' : "";
    return `this quota cannot be raised${free || `: ${over} more than it allows`}${trails}`;
  }
  return [
    `request ${desired}${free}:`,
    `aws service-quotas request-service-quota-increase --service-code ${definition.serviceCode} --quota-code ${definition.quotaCode} --desired-value ${desired} --region ${region}`,
  ].join("\n");
}

/**
 * The quota checks of the `selected` stacks. `stacks` are all stacks applied to the same account, in apply
 * order: what they take before a selected stack counts against it. Each selected stack gets one row per
 * quota it takes from, with a line per Region, zone or security group.
 */
export function quotaChecks(
  stacks: readonly PreflightStack[],
  account: string,
  facts: QuotaFacts,
  demands: ReadonlyMap<string, readonly Demand[]>,
  selected: readonly PreflightStack[] = stacks,
): CheckResult[] {
  const lines: QuotaLine[] = [];
  const groups = new Map<string, Demand>();
  for (const stack of selected)
    for (const demand of demands.get(stack.name) ?? []) groups.set(`${demand.quota} ${demand.region} ${demand.scope}`, demand);

  for (const { quota, region, scope, label } of groups.values()) {
    const definition = QUOTAS[quota];
    const where = label ?? (scope || region);
    const mine = stacks
      .map((stack) => ({
        stack,
        demand: demands.get(stack.name)?.find((d) => d.quota === quota && d.region === region && d.scope === scope),
      }))
      .filter((entry): entry is { stack: PreflightStack; demand: Demand } => entry.demand !== undefined);
    const value = facts.quota(quota, region);
    const usage = facts.usage(quota, region);
    const unknown = !value.ok
      ? value.cannotRun
      : !usage.ok
        ? usage.cannotRun
        : mine.find((entry) => entry.demand.cannotRun)?.demand.cannotRun;
    if (unknown !== undefined || !value.ok || !usage.ok) {
      for (const { stack } of mine)
        lines.push({ stack: stack.name, quota, verdict: "cannot run", detail: `${where}: ${unknown ?? "not read"}` });
      continue;
    }
    const inUse = usage.value.filter((item) => (quota === "natGateways" ? item.scope === scope : true));
    const existing = (stack: PreflightStack) => inUse.filter((item) => ownerOf(item, [stack], account) !== undefined).length;
    const need = (entry: { stack: PreflightStack; demand: Demand }) => Math.max(0, entry.demand.count - existing(entry.stack));
    const desired = inUse.length + mine.reduce((sum, entry) => sum + need(entry), 0);
    const limit = value.value.value;
    const source = { applied: "applied quota", default: "AWS default, no applied value", documented: "fixed by AWS" }[value.value.source];
    if (definition.per === "security group") {
      // Each group is one stack's own and new: no order and no usage, only its weight against the quota.
      for (const { stack, demand } of mine) {
        const over = demand.count > limit;
        lines.push({
          stack: stack.name,
          quota,
          verdict: over ? "fail" : demand.count === limit ? "warn" : "pass",
          detail: `${where}: ${demand.count} ${demand.from.join(", ")} of ${limit} (${source})`,
          fix: over ? increaseFix(definition, value.value, region, demand.count, 0) : undefined,
        });
      }
      continue;
    }
    let running = inUse.length;
    for (const entry of mine) {
      const before = running;
      running += need(entry);
      const count = `${entry.demand.count} (${entry.demand.from.join(", ")})`;
      const already = entry.demand.count - need(entry);
      const context = `${source}; ${inUse.length} in use${already ? `, ${already} of them this stack's` : ""}${
        before > inUse.length ? `; ${before - inUse.length} more for stacks applied before it` : ""
      }`;
      if (running > limit && need(entry) > 0) {
        lines.push({
          stack: entry.stack.name,
          quota,
          verdict: "fail",
          detail: `${where}: takes ${count}: ${positions(before + 1, running)} of ${limit} (${context})`,
          fix: increaseFix(definition, value.value, region, desired, inUse.length),
        });
      } else {
        lines.push({
          stack: entry.stack.name,
          quota,
          verdict: running === limit && need(entry) > 0 ? "warn" : "pass",
          detail: `${where}: takes ${count}; ${running} of ${limit} after it (${context})${running === limit ? ": none left" : ""}`,
        });
      }
    }
  }
  const names = new Set(selected.map((stack) => stack.name));
  return mergeRows(lines.filter((line) => names.has(line.stack)));
}

/** One place's line of a stack's quota row. */
interface QuotaLine extends CheckLine {
  readonly stack: string;
  readonly quota: QuotaId;
}

/** One row per stack and quota: the worst verdict, a line per place. */
function mergeRows(lines: readonly QuotaLine[]): CheckResult[] {
  const rows = new Map<string, QuotaLine[]>();
  for (const line of lines) {
    const key = `${line.stack} ${line.quota}`;
    rows.set(key, [...(rows.get(key) ?? []), line]);
  }
  return [...rows.values()].map((same) => mergeLines(same[0].stack, `quota: ${QUOTAS[same[0].quota].name}`, same));
}

/** Reads every quota value and usage the demands of `selected` stacks need, then checks them. */
export async function quotaLiveChecks(
  inAccount: readonly PreflightStack[],
  selected: readonly PreflightStack[],
  account: string,
  reader: AccountReader,
): Promise<CheckResult[]> {
  // Every Region a stack of the account uses: a multi-Region trail takes a place in each.
  const regions = [...new Set(inAccount.flatMap(regionsOf))];
  const refs = inAccount.flatMap(prefixListsReferenced);
  const weights = new Map(
    await Promise.all(refs.map(async (ref) => [prefixListKey(ref), await reader.prefixListMaxEntries(ref.region, ref)] as const)),
  );
  const demands = new Map(inAccount.map((stack) => [stack.name, demandsOf(stack, regions, weights)]));
  const pairs = new Map<string, { quota: QuotaId; region: string }>();
  for (const stack of selected)
    for (const { quota, region } of demands.get(stack.name) ?? []) pairs.set(`${quota} ${region}`, { quota, region });

  const values = new Map<string, Observed<QuotaValue>>();
  const usages = new Map<string, Observed<readonly UsageItem[]>>();
  await Promise.all(
    [...pairs.entries()].map(async ([key, { quota, region }]) => {
      const definition = QUOTAS[quota];
      const [value, usage] = await Promise.all([
        definition.documented !== undefined
          ? ({ ok: true, value: { value: definition.documented, adjustable: false, source: "documented" } } as const)
          : reader.quota(region, definition.serviceCode, definition.quotaCode),
        usageOf(reader, quota, region),
      ]);
      values.set(key, value);
      usages.set(key, usage);
    }),
  );
  const facts: QuotaFacts = {
    quota: (quota, region) => values.get(`${quota} ${region}`) ?? { ok: false, cannotRun: "not read" },
    usage: (quota, region) => usages.get(`${quota} ${region}`) ?? { ok: false, cannotRun: "not read" },
  };
  return quotaChecks(inAccount, account, facts, demands, selected);
}

async function usageOf(reader: AccountReader, quota: QuotaId, region: string): Promise<Observed<readonly UsageItem[]>> {
  switch (quota) {
    case "elasticIps":
      return reader.elasticIps(region);
    case "vpcs":
      return reader.vpcs(region);
    case "internetGateways":
      return reader.internetGateways(region);
    case "securityGroups":
      return reader.securityGroups(region);
    case "natGateways": {
      const gateways = await reader.natGateways(region);
      return gateways.ok
        ? { ok: true, value: gateways.value.map((gateway) => ({ ...gateway, scope: gateway.availabilityZone })) }
        : gateways;
    }
    case "trails": {
      const trails = await reader.trails(region);
      // Known by name, and by account in the ARN (an organization trail is another account's).
      return trails.ok ? { ok: true, value: trails.value.map((trail) => ({ id: trail.arn, name: trail.name, tags: {} })) } : trails;
    }
    case "rulesPerSecurityGroup":
      // Every security group a stack creates is new: nothing in the account takes from its rules.
      return { ok: true, value: [] };
  }
}
