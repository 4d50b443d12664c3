/**
 * Building blocks shared by every stack's config schema. Each field's default lives here or in the
 * system schema, once; the JSON files in config/ hold only what differs.
 */
import { z } from "zod";
import { cidrContains, cidrsOverlap, parseCidr } from "../cidr";
import { isDocumentationCidr, isExampleAccountId, isExampleArn, isPlaceholderText, isReservedDomain, placeholder } from "./placeholders";

export const cidrBlock = placeholder(
  z.string().refine((value) => parseCidr(value) !== undefined, "must be an IPv4 CIDR aligned to its prefix, like 10.0.1.0/24"),
  { test: isDocumentationCidr, fix: "a range of your own network; this one is reserved for documentation (RFC 5737)" },
);

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region name like us-east-1");

export const availabilityZone = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone like us-east-1a");

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const logRetentionDays = z
  .number()
  .refine(
    (d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d),
    `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
  );

/** A placeholder bucket: `*-replace-me`, or AWS's documentation prefix `amzn-s3-demo-` (reserved, bucketnamingrules.html). */
export function isPlaceholderBucketName(value: string): boolean {
  return isPlaceholderText(value) || value.startsWith("amzn-s3-demo-");
}

export const s3BucketName = placeholder(
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens"),
  { test: isPlaceholderBucketName, fix: "the name of a bucket your account owns" },
);

export const awsAccountId = placeholder(z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id"), {
  test: isExampleAccountId,
  fix: "the id of your own account (`aws sts get-caller-identity`); this one is from AWS's documentation",
});

export const emailAddress = placeholder(z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an e-mail address"), {
  test: (value) => isReservedDomain(value.slice(value.lastIndexOf("@") + 1)),
  fix: "a mailbox someone reads; this domain never receives mail",
});

export const domainName = placeholder(
  z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, "must be a lowercase DNS name like example.com"),
  { test: isReservedDomain, fix: "a domain your organisation controls; this one is reserved for documentation (RFC 2606)" },
);

export const hostedZoneId = placeholder(
  z.string().regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ"),
  {
    test: (value) => isPlaceholderText(value) || value === "Z0123456789ABCDEFGHIJ",
    fix: "the id of the domain's public Route 53 hosted zone (`aws route53 list-hosted-zones-by-name --dns-name <domain>`)",
  },
);

export const acmCertificateArn = placeholder(
  z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN"),
  { test: isExampleArn, fix: "the ARN of an issued certificate in your account (`aws acm list-certificates`)" },
);

export const tagMap = z.record(
  z.string().regex(/^[\w .:/=+@-]{1,128}$/, "tag keys are 1-128 letters, digits, spaces and _.:/=+-@"),
  z.string().max(256),
);

export const tier = z.enum(["development", "production"]);
export type Tier = z.infer<typeof tier>;

/** Where a stack keeps its Terraform state (the S3 + DynamoDB backend). */
export const kmsKeyArn = placeholder(
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
      "must be a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/<uuid>",
    ),
  { test: isExampleArn, fix: "the ARN of a key in your account (the state-backend stack's state_kms_key_arn output)" },
);

export const stateBackendSettings = z.strictObject({
  /** S3 bucket holding state files. */
  bucket: s3BucketName,
  /** DynamoDB table used for state locking (hash key LockID). */
  dynamodbTable: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, "must be a DynamoDB table name: 3-255 letters, digits, _ . -"),
  /** Region of the bucket and table. */
  region: awsRegion,
  /** Also write Terraform's native S3 lock file (Terraform >= 1.10), for teams migrating off DynamoDB locking. @default false */
  useLockfile: z.boolean().default(false),
  /**
   * KMS key ARN Terraform encrypts state files with (the state-backend stack's `state_kms_key_arn` output).
   * Without it Terraform's `encrypt` asks S3 for AES-256 (SSE-S3), overriding the bucket's KMS default.
   * @default - SSE-S3
   */
  kmsKeyId: kmsKeyArn.optional(),
});
export type StateBackendSettings = z.output<typeof stateBackendSettings>;

export const subnetSpec = z.strictObject({
  /** Name tag, e.g. app-subnet-1; also the subnet's Terraform address. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and hyphens, starting with a letter"),
  cidr: cidrBlock,
});

export const natGatewayMode = z.enum(["none", "single", "per-az"]);

export interface NetworkDefaults {
  readonly vpcCidr: string;
  readonly publicSubnets: readonly { name: string; cidr: string }[];
  readonly privateSubnets: readonly { name: string; cidr: string }[];
  readonly natGateways: z.infer<typeof natGatewayMode>;
  readonly flowLogRetentionDays: number;
}

/** Network settings with a system's defaults (the seed document's layout). */
export function networkSettings(defaults: NetworkDefaults) {
  return z
    .strictObject({
      /** @default the system's seed CIDR */
      vpcCidr: cidrBlock.default(defaults.vpcCidr),
      /** One per subnet pair. @default `<region>a`, `<region>b` */
      availabilityZones: z.array(availabilityZone).min(2, "must list at least two availability zones").optional(),
      /** Subnet i lives in availability zone i. */
      publicSubnets: z
        .array(subnetSpec)
        .min(1)
        .default(defaults.publicSubnets.map((s) => ({ ...s }))),
      privateSubnets: z
        .array(subnetSpec)
        .min(1)
        .default(defaults.privateSubnets.map((s) => ({ ...s }))),
      /** NAT gateways for private subnets' outbound traffic. */
      natGateways: natGatewayMode.default(defaults.natGateways),
      flowLogRetentionDays: logRetentionDays.default(defaults.flowLogRetentionDays),
    })
    .prefault({});
}

type SubnetList = readonly { name: string; cidr: string }[];
/** The part of zod's refinement context the checks use; `input` is the value being judged. */
type IssueSink = { addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string; input?: unknown }): void };

/** Availability zones default to the region's `a` and `b` zones. */
export function resolveZones(region: string, zones: string[] | undefined): string[] {
  return zones ?? [`${region}a`, `${region}b`];
}

/** Cross-field network checks: subnets inside the VPC, no overlaps, unique names, one subnet per AZ. */
export function checkNetwork(
  network: { vpcCidr: string; availabilityZones?: string[]; publicSubnets: SubnetList; privateSubnets: SubnetList },
  region: string,
  ctx: IssueSink,
): void {
  const vpc = parseCidr(network.vpcCidr);
  const zones = resolveZones(region, network.availabilityZones);
  const seen: { path: PropertyKey[]; cidr: string; name: string }[] = [];
  for (const tierName of ["publicSubnets", "privateSubnets"] as const) {
    const subnets = network[tierName];
    if (subnets.length > zones.length) {
      ctx.addIssue({
        code: "custom",
        path: ["network", tierName],
        message: `has ${subnets.length} subnets but only ${zones.length} availability zones (${zones.join(", ")}); subnet i goes to availability zone i, so list more in network.availabilityZones`,
      });
    }
    subnets.forEach((subnet, index) => {
      const path = ["network", tierName, index, "cidr"];
      const parsed = parseCidr(subnet.cidr);
      if (vpc && parsed && !cidrContains(vpc, parsed)) {
        ctx.addIssue({ code: "custom", path, input: subnet.cidr, message: `must lie inside network.vpcCidr ${network.vpcCidr}` });
      }
      for (const other of seen) {
        const otherParsed = parseCidr(other.cidr);
        if (parsed && otherParsed && cidrsOverlap(parsed, otherParsed)) {
          ctx.addIssue({
            code: "custom",
            path,
            input: subnet.cidr,
            message: `overlaps ${other.name} (${other.cidr}); subnets must not overlap`,
          });
        }
        if (other.name === subnet.name) {
          ctx.addIssue({
            code: "custom",
            path: ["network", tierName, index, "name"],
            input: subnet.name,
            message: "is used by another subnet; names must be unique",
          });
        }
      }
      seen.push({ path, cidr: subnet.cidr, name: subnet.name });
    });
  }
  (network.availabilityZones ?? []).forEach((zone, index) => {
    if (!zone.startsWith(region)) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availabilityZones", index],
        input: zone,
        message: `must be in the stack's region ${region}`,
      });
    }
  });
}

/** The widest range an administrative port may be opened to (a /8, the size of 10.0.0.0/8). */
const WIDEST_ADMIN_PREFIX = 8;

/** Refuses a CIDR that opens a port to the internet or to a range wider than a /8. */
export function checkNotWorldOpen(cidr: string, path: PropertyKey[], what: string, ctx: IssueSink): void {
  const parsed = parseCidr(cidr);
  if (parsed && parsed.prefixLength < WIDEST_ADMIN_PREFIX) {
    ctx.addIssue({
      code: "custom",
      path,
      input: cidr,
      message: `must not open ${what} to the whole internet or any range wider than /${WIDEST_ADMIN_PREFIX}; use your office or VPN range, e.g. 203.0.113.0/24`,
    });
  }
}

/** Refuses min > max for a pair of fields. */
export function checkRange(min: number, max: number, path: PropertyKey[], minName: string, ctx: IssueSink): void {
  if (min > max) {
    ctx.addIssue({ code: "custom", path, input: max, message: `must be >= ${minName} (${min})` });
  }
}
