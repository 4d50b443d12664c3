import { z } from "zod";
import { loadConfigFile } from "../../lib/config/load";

interface Assumption {
  readonly value: number;
  /** What the number counts, and per what. */
  readonly unit: string;
  /** Why this default. */
  readonly why: string;
}

/**
 * Usage the synthesized JSON cannot tell: traffic, stored data, requests. Every priced line names the
 * assumptions it used; `npm run cost -- --usage <file>` overrides any of them (see UsageFile).
 */
export const USAGE_DEFAULTS = {
  hoursPerMonth: { value: 730, unit: "hours per month", why: "AWS's billing month (8,760 h / 12); everything runs all month" },
  internetOutGb: {
    value: 100,
    unit: "GB per stack per month",
    why: "data transfer out to the internet; the Treasury seed budgets ~$10 for it",
  },
  natGatewayProcessedGb: {
    value: 10,
    unit: "GB per NAT gateway per month",
    why: "package updates and API calls; S3 traffic uses the free gateway endpoint",
  },
  albLcus: { value: 1, unit: "LCUs per load balancer, hourly average", why: "a small web application stays near one LCU" },
  cloudfrontDataOutGb: { value: 10, unit: "GB per distribution per month", why: "a single-page application's assets" },
  cloudfrontHttpsRequestsMillions: { value: 1, unit: "million HTTPS requests per distribution per month", why: "small internal user base" },
  s3StoredGb: { value: 1, unit: "GB in S3 Standard per bucket", why: "application artifacts, logs and site assets at launch" },
  s3PutThousands: { value: 10, unit: "thousand PUT/LIST requests per bucket per month", why: "uploads, log delivery, deployments" },
  s3GetThousands: { value: 100, unit: "thousand GET requests per bucket per month", why: "reads and CloudFront origin fetches" },
  s3LifecycleGb: {
    value: 1,
    unit: "GB per lifecycle rule per month reaching each storage-class transition",
    why: "a month's new or overwritten data of a small application (its time in S3 Standard is on the bucket's line)",
  },
  s3LifecycleTransitionThousands: {
    value: 1,
    unit: "thousand objects per lifecycle transition per month",
    why: "about 1 MB per object; S3 does not transition objects under 128 KB by default",
  },
  s3ReplicatedGb: { value: 1, unit: "GB replicated across regions per replication configuration per month", why: "changed site assets" },
  secretApiCallsTenThousands: { value: 1, unit: "ten-thousand API calls per secret per month", why: "read at start-up and on rotation" },
  kmsRequestsTenThousands: {
    value: 1,
    unit: "ten-thousand requests per key per month",
    why: "S3 bucket keys and data keys keep requests low",
  },
  logsIngestedGb: { value: 1, unit: "GB ingested per log group per month", why: "small application" },
  logsStoredGb: { value: 1, unit: "GB stored per log group (compressed)", why: "one month's ingestion kept" },
  vendedLogsGb: { value: 1, unit: "GB per log delivery per month", why: "CloudFront access logs of a small site" },
  defaultRootVolumeGb: {
    value: 8,
    unit: "GB root volume per instance when the configuration leaves it to the AMI",
    why: "the usual default of Amazon Linux and Beanstalk platform AMIs",
  },
  beanstalkLogsGb: {
    value: 1,
    unit: "GB of instance logs streamed per environment per month",
    why: "Beanstalk creates these log groups itself",
  },
  auroraStorageGb: { value: 10, unit: "GB of cluster storage", why: "a new application database" },
  auroraIoMillions: { value: 2, unit: "million I/O requests per cluster per month", why: "Aurora Standard bills I/O separately" },
  auroraAcuAboveMinimum: {
    value: 0,
    unit: "ACUs above the configured minimum, monthly average per instance",
    why: "the estimate is the configured floor",
  },
  dynamodbStorageGb: { value: 0.1, unit: "GB per table", why: "a state lock table holds a few items" },
  dynamodbWritesMillions: {
    value: 0.01,
    unit: "million write request units per table per month",
    why: "lock acquire/release per terraform run",
  },
  dynamodbReadsMillions: { value: 0.01, unit: "million read request units per table per month", why: "lock checks per terraform run" },
  cloudtrailPaidManagementCopies: {
    value: 0,
    unit: "management-event copies beyond the account's first",
    why: "the stack's trail is assumed to be the account's first; set 1 if an organization trail exists",
  },
  cloudtrailManagementEventsHundredThousands: {
    value: 2,
    unit: "hundred-thousand management events per month",
    why: "only billed for paid copies",
  },
  cloudtrailDataEventsHundredThousands: {
    value: 1,
    unit: "hundred-thousand data events per trail per month",
    why: "only billed when a trail selects data events",
  },
  guarddutyCloudTrailEventsMillions: { value: 0.2, unit: "million management events analysed per month", why: "a small account" },
  guarddutyFlowDnsLogsGb: { value: 5, unit: "GB of VPC flow and DNS logs analysed per month", why: "a small VPC" },
  guarddutyS3DataEventsMillions: { value: 0.1, unit: "million S3 data events analysed per month", why: "when S3 protection is on" },
  guarddutyMalwareScannedGb: {
    value: 30,
    unit: "GB of EBS volumes scanned by GuardDuty Malware Protection per month",
    why: "scans start only after a finding that suggests malware: one scan of the app server's 30 GB root volume as a monthly ceiling",
  },
  guarddutyRdsVcpus: {
    value: 2,
    unit: "vCPUs of the database instances RDS Protection monitors",
    why: "the stacks' db.t3 classes have 2 vCPUs (the writer only); set 0 where the engine is not monitored",
  },
  configItemsRecorded: {
    value: 1000,
    unit: "configuration items recorded per month",
    why: "continuous recording of a few hundred resources",
  },
  configRuleEvaluations: { value: 1000, unit: "evaluations per Config rule per month", why: "change-triggered rules" },
  wafRequestsMillions: {
    value: 1,
    unit: "million requests per web ACL per month",
    why: "matches the CloudFront and ALB request assumptions",
  },
  interfaceEndpointGb: { value: 1, unit: "GB per interface endpoint per month", why: "API calls" },
} as const satisfies Record<string, Assumption>;

export type UsageKey = keyof typeof USAGE_DEFAULTS;
export type Usage = Readonly<Record<UsageKey, number>>;

const partialUsage = z.strictObject(
  Object.fromEntries(Object.keys(USAGE_DEFAULTS).map((key) => [key, z.number().nonnegative().optional()])) as Record<
    UsageKey,
    z.ZodOptional<z.ZodNumber>
  >,
);

/**
 * An override file: `defaults` for every stack, `stacks.<name>` for one stack, `resources.<address>`
 * for one resource (in any stack, or under `stacks.<name>.resources` for one stack's). Later wins.
 */
export const usageFile = z.strictObject({
  defaults: partialUsage.optional(),
  stacks: z.record(z.string(), partialUsage.extend({ resources: z.record(z.string(), partialUsage).optional() })).optional(),
  resources: z.record(z.string(), partialUsage).optional(),
});
export type UsageFile = z.infer<typeof usageFile>;

/** Resolves the usage for a stack, and for each resource of it. */
export class UsagePlan {
  constructor(private readonly overrides: UsageFile = {}) {}

  /** Reads and validates an override file; a typo in a key is an error, never a silent default. */
  static fromFile(file: string): UsagePlan {
    // Same reading and messages as config/ files: file, field, value and what is allowed.
    return new UsagePlan(loadConfigFile(file, usageFile));
  }

  for(stack: string, address?: string): Usage {
    const defaults = Object.fromEntries(Object.entries(USAGE_DEFAULTS).map(([key, assumption]) => [key, assumption.value])) as Record<
      UsageKey,
      number
    >;
    const { resources: stackResources, ...stackUsage } = this.overrides.stacks?.[stack] ?? {};
    return {
      ...defaults,
      ...definedOnly(this.overrides.defaults),
      ...definedOnly(stackUsage),
      ...(address ? definedOnly(this.overrides.resources?.[address]) : {}),
      ...(address ? definedOnly(stackResources?.[address]) : {}),
    };
  }
}

function definedOnly(values: Partial<Record<UsageKey, number | undefined>> | undefined): Partial<Usage> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined));
}
