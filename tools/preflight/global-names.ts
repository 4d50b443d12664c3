/**
 * Names that are global, or must already exist, before an apply: S3 bucket names (one namespace for
 * every account, https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), Elastic
 * Beanstalk CNAME prefixes (one namespace per Region), and the Route 53 hosted zones the records go into.
 */
import { AccountReader, BucketOwnership, HostedZone, Observed } from "./aws";
import { CheckLine, CheckResult, mergeLines, rowFor } from "./report";
import { nameInAccount, PreflightStack, regionOf, stackOwning } from "./stacks";
import { literal } from "../docs/terraform-json";

export interface BucketName {
  readonly address: string;
  /** Undefined when the name is computed at apply from something other than the account id. */
  readonly name?: string;
  readonly region: string;
}

/** Every bucket the stack creates, its plan-time account id filled in. */
export function bucketNamesOf(stack: PreflightStack, account: string): BucketName[] {
  return stack.model
    .ofType("aws_s3_bucket")
    .map((bucket) => ({ address: bucket.address, name: nameInAccount(bucket.config.bucket, account), region: regionOf(stack, bucket) }));
}

/**
 * Whether each bucket name is free: `ours` (this account's) passes only when the bucket carries this
 * stack's tags, i.e. an earlier apply of this stack created it. Otherwise CreateBucket answers
 * BucketAlreadyOwnedByYou, except in us-east-1, where it answers 200 and resets the bucket's ACLs
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html): a failed apply, or a bucket
 * Terraform takes over unasked. Both fail here.
 */
export function bucketNamesCheck(
  stack: PreflightStack,
  buckets: readonly { bucket: BucketName; owner?: Observed<BucketOwnership> }[],
): CheckResult | undefined {
  if (buckets.length === 0) return undefined;
  const lines = buckets.map(({ bucket, owner }): CheckLine => {
    if (!bucket.name || !owner) return { verdict: "warn", detail: `${bucket.address}: the name is computed at apply; not checked` };
    if (!owner.ok) return { verdict: "cannot run", detail: `${bucket.name}: ${owner.cannotRun}` };
    switch (owner.value.state) {
      case "free":
        return { verdict: "pass", detail: `${bucket.name}: free` };
      case "taken":
        return {
          verdict: "fail",
          detail: `${bucket.name}: another account owns this name (bucket names are global)`,
          fix: `choose another name for ${bucket.address} through ${stack.file}`,
        };
      case "ours":
        return stackOwning(owner.value.tags, [stack])
          ? { verdict: "pass", detail: `${bucket.name}: exists, created by this stack` }
          : {
              verdict: "fail",
              detail: `${bucket.name}: exists in this account without this stack's tags: creating it fails the apply`,
              fix: `adopt it (terraform import ${bucket.address} ${bucket.name}, in cdktf.out/stacks/${stack.name}) or delete it`,
            };
    }
  });
  const problems = lines.filter((line) => line.verdict !== "pass");
  const passed = lines.length - problems.length;
  return mergeLines(stack.name, "bucket names", [
    { verdict: "pass", detail: `${passed} of ${lines.length} names free or already this stack's` },
    ...problems,
  ]);
}

export interface CnamePrefix {
  readonly address: string;
  readonly prefix: string;
  readonly environment?: string;
  readonly region: string;
}

/** Beanstalk environments with a literal `cname_prefix`. */
export function cnamePrefixesOf(stack: PreflightStack): CnamePrefix[] {
  return stack.model.ofType("aws_elastic_beanstalk_environment").flatMap((environment) => {
    const prefix = literal(environment.config.cname_prefix);
    return prefix
      ? [{ address: environment.address, prefix, environment: literal(environment.config.name), region: regionOf(stack, environment) }]
      : [];
  });
}

/**
 * A CNAME prefix is free when CheckDNSAvailability says so, or when this stack's own environment (from an
 * earlier apply) holds it; anyone else's makes CreateEnvironment fail.
 */
export function cnameCheck(
  stack: PreflightStack,
  cname: CnamePrefix,
  available: Observed<boolean>,
  ownCnames?: Observed<readonly string[]>,
): CheckResult {
  const result = rowFor(stack.name, "Beanstalk CNAME");
  const host = `${cname.prefix}.${cname.region}.elasticbeanstalk.com`;
  if (!available.ok) return result("cannot run", available.cannotRun);
  if (available.value) return result("pass", `${host} is free`);
  if (!ownCnames) return result("cannot run", `${host} is taken; whether by this stack's environment was not checked`);
  if (!ownCnames.ok) return result("cannot run", ownCnames.cannotRun);
  if (ownCnames.value.some((entry) => entry.toLowerCase().startsWith(`${cname.prefix.toLowerCase()}.`))) {
    return result("pass", `${host} is held by this stack's environment ${cname.environment ?? cname.address}`);
  }
  return result(
    "fail",
    `${host} is taken by another environment (CNAME prefixes are unique per Region): creating ${cname.address} fails`,
    `the prefix is the environment's name: rename the environment (the config file ${stack.file}) or apply in another Region`,
  );
}

export interface ZoneUse {
  readonly zoneId: string;
  /** Literal record names in the zone (computed ones, such as ACM validation records, are left out). */
  readonly records: readonly string[];
}

/** Every hosted zone the stack's records go into, with the names it puts there. */
export function zonesOf(stack: PreflightStack): ZoneUse[] {
  const zones = new Map<string, string[]>();
  for (const record of stack.model.ofType("aws_route53_record")) {
    const zoneId = literal(record.config.zone_id);
    if (!zoneId) continue;
    const names = zones.get(zoneId) ?? [];
    const name = literal(record.config.name);
    if (name && !names.includes(name)) names.push(name);
    zones.set(zoneId, names);
  }
  return [...zones.entries()].map(([zoneId, records]) => ({ zoneId, records }));
}

/** A name is served by a zone when the zone's name is a suffix of it (`api.example.com` in `example.com.`). */
export function servedBy(record: string, zone: string): boolean {
  const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");
  return bare(record) === bare(zone) || bare(record).endsWith(`.${bare(zone)}`);
}

/** Each hosted zone exists in this account, is public, and is a suffix of every record name put in it. */
export function hostedZonesCheck(
  stack: PreflightStack,
  zones: readonly { use: ZoneUse; zone: Observed<HostedZone | undefined> }[],
): CheckResult | undefined {
  if (zones.length === 0) return undefined;
  const lines = zones.map(({ use, zone }): CheckLine => {
    if (!zone.ok) return { verdict: "cannot run", detail: zone.cannotRun };
    const fix = `put the id of the public hosted zone that serves ${use.records[0] ?? "the domain"} in ${stack.file} (domain.hostedZoneId)`;
    if (!zone.value) return { verdict: "fail", detail: `${use.zoneId}: no such hosted zone in this account`, fix };
    if (zone.value.privateZone)
      return {
        verdict: "fail",
        detail: `${use.zoneId} (${zone.value.name}) is a private zone: the internet and ACM cannot see its records`,
        fix,
      };
    const outside = use.records.filter((record) => !servedBy(record, zone.value!.name));
    if (outside.length) return { verdict: "fail", detail: `${use.zoneId} (${zone.value.name}) does not serve ${outside.join(", ")}`, fix };
    return {
      verdict: "pass",
      detail: `${use.zoneId} (${zone.value.name}, public) serves ${use.records.join(", ") || "the validation records"}`,
    };
  });
  return mergeLines(stack.name, "hosted zones", lines);
}

/** The global-name checks of one stack, asking the account what they need. */
export async function globalNameChecks(stack: PreflightStack, account: string, reader: AccountReader): Promise<CheckResult[]> {
  const buckets = await Promise.all(
    bucketNamesOf(stack, account).map(async (bucket) => ({
      bucket,
      owner: bucket.name ? await reader.bucketOwnership(bucket.name, bucket.region, account) : undefined,
    })),
  );
  const cnames = await Promise.all(
    cnamePrefixesOf(stack).map(async (cname) => {
      const available = await reader.cnameAvailable(cname.prefix, cname.region);
      const own =
        available.ok && !available.value && cname.environment ? await reader.environmentCnames(cname.environment, cname.region) : undefined;
      return cnameCheck(stack, cname, available, own);
    }),
  );
  const zones = await Promise.all(zonesOf(stack).map(async (use) => ({ use, zone: await reader.hostedZone(use.zoneId) })));
  return [bucketNamesCheck(stack, buckets), ...cnames, hostedZonesCheck(stack, zones)].filter(
    (row): row is CheckResult => row !== undefined,
  );
}
