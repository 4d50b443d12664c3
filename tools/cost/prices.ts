import * as fs from "fs";
import * as path from "path";
import { z } from "zod";

const rate = z.number().nonnegative();
const rates = z.record(z.string(), rate);

/** Shape of tools/cost/prices-<region>.json: every rate the estimator uses, nothing implicit. */
const priceTableSchema = z.strictObject({
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, "version is <date>.<revision>"),
  region: z.string(),
  currency: z.literal("USD"),
  compiled: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  basis: z.string(),
  sources: z.record(z.string(), z.string()),
  ec2: z.strictObject({ instanceHour: rates, detailedMonitoringInstanceMonth: rate }),
  ebs: z.strictObject({ gbMonth: rates, gp3IopsMonthAbove3000: rate, gp3ThroughputMbpsMonthAbove125: rate }),
  vpc: z.strictObject({
    natGatewayHour: rate,
    natGatewayGb: rate,
    publicIpv4Hour: rate,
    interfaceEndpointAzHour: rate,
    interfaceEndpointGb: rate,
  }),
  dataTransfer: z.strictObject({ internetOutGb: rate, interRegionGb: rate }),
  rds: z.strictObject({
    postgresInstanceHourSingleAz: rates,
    multiAzFactor: z.number().min(1),
    storageGbMonthSingleAz: rates,
    gp3IopsMonthAbove3000: rate,
  }),
  aurora: z.strictObject({
    serverlessV2AcuHour: rate,
    serverlessV2AcuHourIoOptimized: rate,
    postgresInstanceHour: rates,
    storageGbMonth: rate,
    storageGbMonthIoOptimized: rate,
    ioPerMillion: rate,
  }),
  elasticache: z.strictObject({ redisNodeHour: rates }),
  elb: z.strictObject({ albHour: rate, albLcuHour: rate, nlbHour: rate, nlbNlcuHour: rate }),
  cloudfront: z.strictObject({
    dataOutGbNorthAmericaEurope: rate,
    httpsRequestsPer10k: rate,
    functionInvocationsPerMillion: rate,
    keyValueStoreReadsPerMillion: rate,
  }),
  s3: z.strictObject({
    standardGbMonth: rate,
    putPer1000: rate,
    getPer1000: rate,
    /** GB-month rate of each lifecycle target class, keyed by the API name (GLACIER is Flexible Retrieval). */
    storageClassGbMonth: rates,
    /** Lifecycle transition requests into each class. */
    lifecycleTransitionsPer1000: rates,
  }),
  secretsManager: z.strictObject({ secretMonth: rate, apiCallsPer10k: rate }),
  kms: z.strictObject({ customerKeyMonth: rate, requestsPer10k: rate }),
  cloudwatch: z.strictObject({
    standardAlarmMetricMonth: rate,
    highResolutionAlarmMetricMonth: rate,
    logsIngestedGb: rate,
    logsIngestedGbInfrequentAccess: rate,
    logsStoredGbMonth: rate,
    vendedLogsToS3Gb: rate,
    vendedLogsToCloudWatchGb: rate,
  }),
  dynamodb: z.strictObject({
    onDemandWritesPerMillion: rate,
    onDemandReadsPerMillion: rate,
    provisionedWcuHour: rate,
    provisionedRcuHour: rate,
    storageGbMonth: rate,
    pitrGbMonth: rate,
  }),
  cloudtrail: z.strictObject({ firstManagementEventsCopy: rate, additionalManagementEventsPer100k: rate, dataEventsPer100k: rate }),
  guardduty: z.strictObject({
    cloudTrailManagementEventsPerMillion: rate,
    vpcFlowAndDnsLogsGb: rate,
    s3DataEventsPerMillion: rate,
    /** Malware Protection for EC2 (EBS_MALWARE_PROTECTION): EBS data scanned. */
    ebsMalwareScannedGb: rate,
    /** RDS Protection (RDS_LOGIN_EVENTS): per vCPU of the monitored database instances. */
    rdsProtectionVcpuMonth: rate,
  }),
  config: z.strictObject({ configurationItemRecorded: rate, ruleEvaluation: rate }),
  waf: z.strictObject({ webAclMonth: rate, ruleMonth: rate, requestsPerMillion: rate }),
  route53: z.strictObject({ hostedZoneMonth: rate }),
  /** Resource types that are known to cost nothing by themselves, with the reason shown in reports. */
  noCharge: z.record(z.string().regex(/^aws_[a-z0-9_]+$/), z.string().min(1)),
});

export type PriceTable = z.infer<typeof priceTableSchema>;

/** The committed price table for a region. */
export function priceTableFile(region: string): string {
  return path.join(__dirname, `prices-${region}.json`);
}

/** Loads and validates a price table; a missing or mistyped rate fails here, not as a wrong total. */
export function loadPriceTable(file = priceTableFile("us-east-1")): PriceTable {
  const parsed = priceTableSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${file}: invalid price table:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
