import { beanstalkSettings, block, blocks, literal, literalNumber, StackModel, TfResource } from "../docs/terraform-json";
import { S3_MINIMUM_STORAGE_DAYS, StorageClass } from "../../lib/aws-formats";
import { storageClassStays } from "../../modules/secure-bucket";
import { PriceTable } from "./prices";
import { Usage, UsageKey, UsagePlan } from "./usage";

/** Groups lines the way the seeds' cost tables do, so the comparison can line them up. */
export const COST_CATEGORIES = [
  "Compute",
  "Block storage",
  "NAT gateways",
  "Public IPv4 addresses",
  "VPC endpoints",
  "Load balancers",
  "Databases",
  "Caches",
  "CDN",
  "Object storage",
  "Secrets",
  "Encryption keys",
  "Monitoring and logs",
  "Security services",
  "DNS",
  "Data transfer",
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** One priced quantity: `quantity × unitPrice = monthly`. */
export interface CostLine {
  /** Resource address, or `(stack)` for stack-wide usage such as data transfer. */
  readonly address: string;
  readonly category: CostCategory;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
  /** Usage assumptions the quantity depends on. */
  readonly assumptions: readonly UsageKey[];
}

/** A billable resource the estimate could not price; it is reported, never counted as zero. */
export interface UnpricedItem {
  readonly address: string;
  readonly type: string;
  readonly reason: string;
}

/** A resource that costs nothing by itself (its cost, if any, is on another line). */
export interface FreeItem {
  readonly address: string;
  readonly type: string;
  readonly reason: string;
}

export interface CostEstimate {
  readonly stack: string;
  readonly region: string;
  readonly priceVersion: string;
  readonly lines: readonly CostLine[];
  readonly unpriced: readonly UnpricedItem[];
  readonly free: readonly FreeItem[];
  /** Sum of the lines; unpriced items are not in it (see `unpriced`). */
  readonly total: number;
  /** Every assumption's value as used for this stack (before per-resource overrides). */
  readonly usage: Usage;
}

type Priced = CostLine | UnpricedItem | FreeItem;

interface Context {
  readonly model: StackModel;
  readonly prices: PriceTable;
  readonly usage: Usage;
  readonly stack: string;
}

type Pricer = (resource: TfResource, context: Context) => Priced[];

const STACK = "(stack)";
const isLine = (item: Priced): item is CostLine => "monthly" in item;
const isUnpriced = (item: Priced): item is UnpricedItem => "reason" in item && !("free" in item);

function charge(
  resource: TfResource | typeof STACK,
  category: CostCategory,
  item: string,
  quantity: number,
  unit: string,
  unitPrice: number,
  assumptions: readonly UsageKey[] = [],
): CostLine {
  const address = typeof resource === "string" ? resource : resource.address;
  return { address, category, item, quantity, unit, unitPrice, monthly: quantity * unitPrice, assumptions };
}

function unpriced(resource: TfResource, reason: string): UnpricedItem {
  return { address: resource.address, type: resource.type, reason };
}

function free(resource: TfResource, reason: string): FreeItem & { free: true } {
  return { address: resource.address, type: resource.type, reason, free: true };
}

function priceOf(table: Readonly<Record<string, number>>, key: string | undefined): number | undefined {
  return key === undefined ? undefined : table[key];
}

// ---------------------------------------------------------------- EC2 building blocks

/** Instance-hours, root/data volumes, detailed monitoring and public IPv4 for `count` identical instances. */
function instanceLines(
  resource: TfResource,
  context: Context,
  spec: {
    readonly instanceType: string | undefined;
    readonly count: number;
    readonly countNote: string;
    readonly volumes: readonly {
      readonly sizeGb: number | undefined;
      readonly type: string | undefined;
      readonly iops?: number;
      readonly throughput?: number;
    }[];
    readonly detailedMonitoring: boolean;
    readonly publicIpv4: boolean;
  },
): Priced[] {
  const { prices, usage } = context;
  const hours = usage.hoursPerMonth;
  const hourly = priceOf(prices.ec2.instanceHour, spec.instanceType);
  if (hourly === undefined) {
    return [unpriced(resource, `no on-demand price for instance type "${spec.instanceType ?? "?"}" in price table ${prices.version}`)];
  }
  const items: Priced[] = [
    charge(resource, "Compute", `${spec.instanceType} ${spec.countNote}`, spec.count * hours, "instance-hours", hourly, ["hoursPerMonth"]),
  ];
  for (const volume of spec.volumes) {
    const type = volume.type ?? "gp2";
    const perGb = priceOf(prices.ebs.gbMonth, type);
    const size = volume.sizeGb ?? usage.defaultRootVolumeGb;
    const assumptions: UsageKey[] = volume.sizeGb === undefined ? ["defaultRootVolumeGb"] : [];
    if (perGb === undefined) {
      items.push(unpriced(resource, `no price for EBS volume type "${type}"`));
      continue;
    }
    items.push(
      charge(resource, "Block storage", `${type} volume, ${size} GB × ${spec.count}`, size * spec.count, "GB-months", perGb, assumptions),
    );
    if (type === "gp3" && (volume.iops ?? 3000) > 3000) {
      items.push(
        charge(
          resource,
          "Block storage",
          "gp3 IOPS above 3,000",
          ((volume.iops ?? 3000) - 3000) * spec.count,
          "IOPS-months",
          prices.ebs.gp3IopsMonthAbove3000,
        ),
      );
    }
    if (type === "gp3" && (volume.throughput ?? 125) > 125) {
      items.push(
        charge(
          resource,
          "Block storage",
          "gp3 throughput above 125 MB/s",
          ((volume.throughput ?? 125) - 125) * spec.count,
          "MB/s-months",
          prices.ebs.gp3ThroughputMbpsMonthAbove125,
        ),
      );
    }
  }
  if (spec.detailedMonitoring) {
    items.push(
      charge(
        resource,
        "Monitoring and logs",
        "EC2 detailed monitoring (7 metrics at 1-minute)",
        spec.count,
        "instance-months",
        prices.ec2.detailedMonitoringInstanceMonth,
      ),
    );
  }
  if (spec.publicIpv4) {
    items.push(
      charge(
        resource,
        "Public IPv4 addresses",
        "auto-assigned public IPv4 address",
        spec.count * hours,
        "address-hours",
        prices.vpc.publicIpv4Hour,
        ["hoursPerMonth"],
      ),
    );
  }
  return items;
}

const volumeOf = (device: Readonly<Record<string, unknown>> | undefined) =>
  device === undefined
    ? { sizeGb: undefined, type: undefined }
    : {
        sizeGb: literalNumber(device.volume_size),
        type: literal(device.volume_type),
        iops: literalNumber(device.iops),
        throughput: literalNumber(device.throughput),
      };

const awsInstance: Pricer = (instance, context) => {
  const hasElasticIp = context.model.referencing(instance, "aws_eip").length > 0;
  return instanceLines(instance, context, {
    instanceType: literal(instance.config.instance_type),
    count: 1,
    countNote: "instance",
    volumes: [volumeOf(block(instance.config.root_block_device) ?? {}), ...blocks(instance.config.ebs_block_device).map(volumeOf)],
    detailedMonitoring: instance.config.monitoring === true || literal(instance.config.monitoring) === "true",
    publicIpv4: !hasElasticIp && literal(instance.config.associate_public_ip_address) === "true",
  });
};

const autoscalingGroup: Pricer = (group, context) => {
  const template = context.model.referenced(group.config.launch_template, "aws_launch_template")[0];
  if (!template) return [unpriced(group, "no launch template in the stack to read the instance type from")];
  const count = literalNumber(group.config.desired_capacity) ?? literalNumber(group.config.min_size) ?? 1;
  return instanceLines(group, context, {
    instanceType: literal(template.config.instance_type),
    count,
    countNote: `× ${count} (the group's ${group.config.desired_capacity !== undefined ? "desired" : "minimum"} size)`,
    volumes: blocks(template.config.block_device_mappings).map((mapping) => volumeOf(block(mapping.ebs))),
    detailedMonitoring: literal(block(template.config.monitoring)?.enabled) === "true",
    publicIpv4: blocks(template.config.network_interfaces).some((nic) => literal(nic.associate_public_ip_address) === "true"),
  });
};

const ebsVolume: Pricer = (volume, context) => {
  const type = literal(volume.config.type) ?? "gp2";
  const perGb = priceOf(context.prices.ebs.gbMonth, type);
  const size = literalNumber(volume.config.size);
  if (perGb === undefined || size === undefined) return [unpriced(volume, `no price or size for EBS volume type "${type}"`)];
  return [charge(volume, "Block storage", `${type} volume`, size, "GB-months", perGb)];
};

const beanstalkEnvironment: Pricer = (environment, context) => {
  const { prices, usage } = context;
  const settings = beanstalkSettings(environment);
  const count = Number(settings.get("aws:autoscaling:asg:MinSize") ?? "1");
  const items = instanceLines(environment, context, {
    instanceType: settings.get("aws:ec2:instances:InstanceTypes")?.split(",")[0]?.trim(),
    count,
    countNote: `× ${count} (the environment's minimum size)`,
    volumes: [
      {
        sizeGb: literalNumber(settings.get("aws:autoscaling:launchconfiguration:RootVolumeSize")),
        type: settings.get("aws:autoscaling:launchconfiguration:RootVolumeType"),
      },
    ],
    detailedMonitoring: settings.get("aws:autoscaling:launchconfiguration:MonitoringInterval") === "1 minute",
    publicIpv4: settings.get("aws:ec2:vpc:AssociatePublicIpAddress") === "true",
  });
  const loadBalanced = (settings.get("aws:elasticbeanstalk:environment:EnvironmentType") ?? "LoadBalanced") === "LoadBalanced";
  if (loadBalanced && settings.get("aws:elasticbeanstalk:environment:LoadBalancerIsShared") !== "true") {
    items.push(unpriced(environment, "Beanstalk creates its own load balancer for this environment; it is not in the JSON to price"));
  }
  if (settings.get("aws:elasticbeanstalk:cloudwatch:logs:StreamLogs") === "true") {
    items.push(
      charge(
        environment,
        "Monitoring and logs",
        "instance logs streamed to CloudWatch Logs (ingestion)",
        usage.beanstalkLogsGb,
        "GB",
        prices.cloudwatch.logsIngestedGb,
        ["beanstalkLogsGb"],
      ),
      charge(
        environment,
        "Monitoring and logs",
        "instance logs streamed to CloudWatch Logs (storage)",
        usage.beanstalkLogsGb,
        "GB-months",
        prices.cloudwatch.logsStoredGbMonth,
        ["beanstalkLogsGb"],
      ),
    );
  }
  return items;
};

// ---------------------------------------------------------------- network

const elasticIp: Pricer = (eip, { prices, usage }) => [
  charge(eip, "Public IPv4 addresses", "Elastic IP (public IPv4)", usage.hoursPerMonth, "address-hours", prices.vpc.publicIpv4Hour, [
    "hoursPerMonth",
  ]),
];

const natGateway: Pricer = (gateway, { prices, usage }) => [
  charge(gateway, "NAT gateways", "NAT gateway hours", usage.hoursPerMonth, "hours", prices.vpc.natGatewayHour, ["hoursPerMonth"]),
  charge(gateway, "NAT gateways", "NAT gateway data processed", usage.natGatewayProcessedGb, "GB", prices.vpc.natGatewayGb, [
    "natGatewayProcessedGb",
  ]),
];

const vpcEndpoint: Pricer = (endpoint, { prices, usage, model }) => {
  if ((literal(endpoint.config.vpc_endpoint_type) ?? "Gateway") === "Gateway")
    return [free(endpoint, "gateway endpoints (S3, DynamoDB) have no charge")];
  const zones = Math.max(1, model.referenced(endpoint.config.subnet_ids, "aws_subnet").length);
  return [
    charge(
      endpoint,
      "VPC endpoints",
      `interface endpoint in ${zones} AZ(s)`,
      zones * usage.hoursPerMonth,
      "AZ-hours",
      prices.vpc.interfaceEndpointAzHour,
      ["hoursPerMonth"],
    ),
    charge(
      endpoint,
      "VPC endpoints",
      "interface endpoint data processed",
      usage.interfaceEndpointGb,
      "GB",
      prices.vpc.interfaceEndpointGb,
      ["interfaceEndpointGb"],
    ),
  ];
};

const loadBalancer: Pricer = (lb, { prices, usage, model }) => {
  const type = literal(lb.config.load_balancer_type) ?? "application";
  if (type !== "application" && type !== "network") return [unpriced(lb, `no price for ${type} load balancers`)];
  const [hourly, capacity, capacityUnit] =
    type === "application"
      ? [prices.elb.albHour, prices.elb.albLcuHour, "LCU-hours"]
      : [prices.elb.nlbHour, prices.elb.nlbNlcuHour, "NLCU-hours"];
  const items: Priced[] = [
    charge(lb, "Load balancers", `${type} load balancer hours`, usage.hoursPerMonth, "hours", hourly, ["hoursPerMonth"]),
    charge(lb, "Load balancers", `${type} load balancer capacity units`, usage.albLcus * usage.hoursPerMonth, capacityUnit, capacity, [
      "albLcus",
      "hoursPerMonth",
    ]),
  ];
  if (lb.config.internal !== true) {
    const zones = Math.max(1, model.referenced(lb.config.subnets ?? lb.config.subnet_mapping, "aws_subnet").length);
    items.push(
      charge(
        lb,
        "Public IPv4 addresses",
        `public IPv4 address per AZ of an internet-facing load balancer × ${zones}`,
        zones * usage.hoursPerMonth,
        "address-hours",
        prices.vpc.publicIpv4Hour,
        ["hoursPerMonth"],
      ),
    );
  }
  return items;
};

// ---------------------------------------------------------------- databases and caches

const managedSecret = (resource: TfResource, { prices }: Context): Priced[] =>
  resource.config.manage_master_user_password === true
    ? [charge(resource, "Secrets", "master password secret managed by RDS", 1, "secret-months", prices.secretsManager.secretMonth)]
    : [];

const dbInstance: Pricer = (db, context) => {
  const { prices, usage } = context;
  const engine = literal(db.config.engine);
  if (engine !== "postgres") return [unpriced(db, `no price table for RDS engine "${engine ?? "?"}" (only postgres)`)];
  const instanceClass = literal(db.config.instance_class);
  const hourly = priceOf(prices.rds.postgresInstanceHourSingleAz, instanceClass);
  if (hourly === undefined) return [unpriced(db, `no on-demand price for RDS class "${instanceClass ?? "?"}"`)];
  const multiAz = db.config.multi_az === true;
  const factor = multiAz ? prices.rds.multiAzFactor : 1;
  const deployment = multiAz ? "Multi-AZ" : "Single-AZ";
  const storageType = literal(db.config.storage_type) ?? "gp2";
  const perGb = priceOf(prices.rds.storageGbMonthSingleAz, storageType);
  const storage = literalNumber(db.config.allocated_storage) ?? 20;
  const items: Priced[] = [
    charge(db, "Databases", `${instanceClass} PostgreSQL, ${deployment}`, usage.hoursPerMonth, "instance-hours", hourly * factor, [
      "hoursPerMonth",
    ]),
    perGb === undefined
      ? unpriced(db, `no price for RDS storage type "${storageType}"`)
      : charge(
          db,
          "Databases",
          `${storageType} storage, ${deployment} (allocated; autoscaling may grow it)`,
          storage,
          "GB-months",
          perGb * factor,
        ),
  ];
  const iops = literalNumber(db.config.iops);
  if (storageType === "gp3" && iops !== undefined && iops > 3000) {
    items.push(charge(db, "Databases", "gp3 IOPS above 3,000", iops - 3000, "IOPS-months", prices.rds.gp3IopsMonthAbove3000 * factor));
  }
  return [...items, ...managedSecret(db, context)];
};

const ioOptimized = (cluster: TfResource | undefined) => literal(cluster?.config.storage_type) === "aurora-iopt1";

const rdsCluster: Pricer = (cluster, context) => {
  const { prices, usage } = context;
  const engine = literal(cluster.config.engine);
  if (engine !== "aurora-postgresql")
    return [unpriced(cluster, `no price table for Aurora engine "${engine ?? "?"}" (only aurora-postgresql)`)];
  const optimized = ioOptimized(cluster);
  return [
    charge(
      cluster,
      "Databases",
      `Aurora storage${optimized ? " (I/O-Optimized)" : ""}`,
      usage.auroraStorageGb,
      "GB-months",
      optimized ? prices.aurora.storageGbMonthIoOptimized : prices.aurora.storageGbMonth,
      ["auroraStorageGb"],
    ),
    ...(optimized
      ? []
      : [
          charge(cluster, "Databases", "Aurora I/O requests", usage.auroraIoMillions, "million requests", prices.aurora.ioPerMillion, [
            "auroraIoMillions",
          ]),
        ]),
    ...managedSecret(cluster, context),
  ];
};

const rdsClusterInstance: Pricer = (instance, { prices, usage, model }) => {
  const cluster = model.referenced(instance.config.cluster_identifier, "aws_rds_cluster")[0];
  const instanceClass = literal(instance.config.instance_class);
  if (instanceClass === "db.serverless") {
    const minimum = literalNumber(block(cluster?.config.serverlessv2_scaling_configuration)?.min_capacity);
    if (minimum === undefined) return [unpriced(instance, "Serverless v2 instance without a readable minimum capacity on its cluster")];
    const acus = minimum + usage.auroraAcuAboveMinimum;
    const rate = ioOptimized(cluster) ? prices.aurora.serverlessV2AcuHourIoOptimized : prices.aurora.serverlessV2AcuHour;
    return [
      charge(
        instance,
        "Databases",
        `Serverless v2 at ${acus} ACU (configured minimum ${minimum})`,
        acus * usage.hoursPerMonth,
        "ACU-hours",
        rate,
        ["auroraAcuAboveMinimum", "hoursPerMonth"],
      ),
    ];
  }
  const hourly = priceOf(prices.aurora.postgresInstanceHour, instanceClass);
  if (hourly === undefined) return [unpriced(instance, `no on-demand price for Aurora class "${instanceClass ?? "?"}"`)];
  return [
    charge(instance, "Databases", `${instanceClass} Aurora PostgreSQL instance`, usage.hoursPerMonth, "instance-hours", hourly, [
      "hoursPerMonth",
    ]),
  ];
};

const cacheNodes = (resource: TfResource, nodeType: string | undefined, nodes: number, { prices, usage }: Context): Priced[] => {
  const engine = literal(resource.config.engine) ?? "redis";
  if (engine !== "redis") return [unpriced(resource, `no price table for ElastiCache engine "${engine}" (only redis)`)];
  const hourly = priceOf(prices.elasticache.redisNodeHour, nodeType);
  if (hourly === undefined) return [unpriced(resource, `no on-demand price for cache node type "${nodeType ?? "?"}"`)];
  return [
    charge(resource, "Caches", `${nodeType} × ${nodes} node(s)`, nodes * usage.hoursPerMonth, "node-hours", hourly, ["hoursPerMonth"]),
  ];
};

const replicationGroup: Pricer = (group, context) => {
  const shards = literalNumber(group.config.num_node_groups) ?? 1;
  const nodes = literalNumber(group.config.num_cache_clusters) ?? shards * ((literalNumber(group.config.replicas_per_node_group) ?? 0) + 1);
  return cacheNodes(group, literal(group.config.node_type), nodes, context);
};

const cacheCluster: Pricer = (cluster, context) =>
  cluster.config.replication_group_id !== undefined
    ? [free(cluster, "a member of a replication group, priced there")]
    : cacheNodes(cluster, literal(cluster.config.node_type), literalNumber(cluster.config.num_cache_nodes) ?? 1, context);

const dynamodbTable: Pricer = (table, { prices, usage }) => {
  const items: Priced[] = [];
  if ((literal(table.config.billing_mode) ?? "PROVISIONED") === "PAY_PER_REQUEST") {
    items.push(
      charge(
        table,
        "Databases",
        "on-demand writes",
        usage.dynamodbWritesMillions,
        "million WRUs",
        prices.dynamodb.onDemandWritesPerMillion,
        ["dynamodbWritesMillions"],
      ),
      charge(table, "Databases", "on-demand reads", usage.dynamodbReadsMillions, "million RRUs", prices.dynamodb.onDemandReadsPerMillion, [
        "dynamodbReadsMillions",
      ]),
    );
  } else {
    const hours = usage.hoursPerMonth;
    items.push(
      charge(
        table,
        "Databases",
        "provisioned write capacity",
        (literalNumber(table.config.write_capacity) ?? 0) * hours,
        "WCU-hours",
        prices.dynamodb.provisionedWcuHour,
        ["hoursPerMonth"],
      ),
      charge(
        table,
        "Databases",
        "provisioned read capacity",
        (literalNumber(table.config.read_capacity) ?? 0) * hours,
        "RCU-hours",
        prices.dynamodb.provisionedRcuHour,
        ["hoursPerMonth"],
      ),
    );
  }
  items.push(
    charge(table, "Databases", "table storage", usage.dynamodbStorageGb, "GB-months", prices.dynamodb.storageGbMonth, [
      "dynamodbStorageGb",
    ]),
  );
  if (block(table.config.point_in_time_recovery)?.enabled === true) {
    items.push(
      charge(table, "Databases", "point-in-time recovery", usage.dynamodbStorageGb, "GB-months", prices.dynamodb.pitrGbMonth, [
        "dynamodbStorageGb",
      ]),
    );
  }
  return items;
};

// ---------------------------------------------------------------- edge, storage, secrets, keys

const distribution: Pricer = (cdn, { prices, usage }) => [
  charge(
    cdn,
    "CDN",
    "data out to viewers (North America/Europe)",
    usage.cloudfrontDataOutGb,
    "GB",
    prices.cloudfront.dataOutGbNorthAmericaEurope,
    ["cloudfrontDataOutGb"],
  ),
  charge(cdn, "CDN", "HTTPS requests", usage.cloudfrontHttpsRequestsMillions * 100, "10k requests", prices.cloudfront.httpsRequestsPer10k, [
    "cloudfrontHttpsRequestsMillions",
  ]),
];

/** A viewer-request function runs once per request of the distribution it serves (assumed: one distribution). */
const cloudfrontFunction: Pricer = (fn, { prices, usage }) => [
  charge(
    fn,
    "CDN",
    "function invocations",
    usage.cloudfrontHttpsRequestsMillions,
    "million invocations",
    prices.cloudfront.functionInvocationsPerMillion,
    ["cloudfrontHttpsRequestsMillions"],
  ),
];

/** Read by its function on every request (assumed: one distribution's requests). */
const keyValueStore: Pricer = (store, { prices, usage }) => [
  charge(
    store,
    "CDN",
    "key value store reads",
    usage.cloudfrontHttpsRequestsMillions,
    "million reads",
    prices.cloudfront.keyValueStoreReadsPerMillion,
    ["cloudfrontHttpsRequestsMillions"],
  ),
];

const bucket: Pricer = (s3, { prices, usage, model }) => {
  const region = model.regionOf(s3);
  const where = region && region !== prices.region ? ` (${region}, at ${prices.region} rates)` : "";
  return [
    charge(s3, "Object storage", `S3 Standard storage${where}`, usage.s3StoredGb, "GB-months", prices.s3.standardGbMonth, ["s3StoredGb"]),
    charge(s3, "Object storage", "PUT/COPY/POST/LIST requests", usage.s3PutThousands, "1k requests", prices.s3.putPer1000, [
      "s3PutThousands",
    ]),
    charge(s3, "Object storage", "GET requests", usage.s3GetThousands, "1k requests", prices.s3.getPer1000, ["s3GetThousands"]),
  ];
};

/**
 * Lifecycle rules, in steady state: each month `s3LifecycleGb` reaches every transition of a rule and
 * stays in that class until the next transition or the expiry, billed for at least the class's minimum
 * storage duration (an early-deletion charge when the stay is shorter; SecureBucket refuses those).
 */
const bucketLifecycle: Pricer = (lifecycle, { prices, usage }) => {
  const items: Priced[] = [];
  for (const rule of blocks(lifecycle.config.rule)) {
    if (literal(rule.status) === "Disabled") continue;
    const chains = [
      {
        versions: "current",
        transitions: blocks(rule.transition).map((t) => ({ days: literalNumber(t.days), storageClass: literal(t.storage_class) })),
        expirationDays: literalNumber(block(rule.expiration)?.days),
      },
      {
        versions: "noncurrent",
        transitions: blocks(rule.noncurrent_version_transition).map((t) => ({
          days: literalNumber(t.noncurrent_days),
          storageClass: literal(t.storage_class),
        })),
        expirationDays: literalNumber(block(rule.noncurrent_version_expiration)?.noncurrent_days),
      },
    ];
    for (const { versions, transitions, expirationDays } of chains) {
      const known = transitions.filter(
        (t): t is { days: number; storageClass: StorageClass } =>
          t.days !== undefined && t.storageClass !== undefined && t.storageClass in S3_MINIMUM_STORAGE_DAYS,
      );
      if (known.length < transitions.length) {
        items.push(
          unpriced(lifecycle, `rule ${literal(rule.id) ?? "?"}: a ${versions}-version transition without a literal day or known class`),
        );
      }
      for (const stay of storageClassStays(known, expirationDays)) {
        const perGbMonth = priceOf(prices.s3.storageClassGbMonth, stay.storageClass);
        const perTransition = priceOf(prices.s3.lifecycleTransitionsPer1000, stay.storageClass);
        if (perGbMonth === undefined || perTransition === undefined) {
          items.push(unpriced(lifecycle, `storage class ${stay.storageClass} is not in price table ${prices.version}`));
          continue;
        }
        const billedDays = Math.max(stay.days ?? 0, stay.minimumDays);
        const early =
          stay.days !== undefined && stay.days < stay.minimumDays ? `, ${stay.minimumDays - stay.days} of them after deletion` : "";
        const kept = stay.days === undefined ? `kept until deleted: priced for its ${stay.minimumDays}-day minimum` : `${billedDays} days`;
        const what = `${literal(rule.id) ?? "rule"}: ${versions} versions in ${stay.storageClass} from day ${stay.fromDay}`;
        items.push(
          charge(
            lifecycle,
            "Object storage",
            `${what}, ${kept}${early} (minimum ${stay.minimumDays})`,
            usage.s3LifecycleGb * (billedDays / 30),
            "GB-months",
            perGbMonth,
            ["s3LifecycleGb"],
          ),
          charge(
            lifecycle,
            "Object storage",
            `${what}: transition requests`,
            usage.s3LifecycleTransitionThousands,
            "1k requests",
            perTransition,
            ["s3LifecycleTransitionThousands"],
          ),
        );
      }
    }
  }
  return items.length ? items : [free(lifecycle, "expiry only: deleting objects has no charge")];
};

const bucketReplication: Pricer = (replication, { prices, usage, model }) => {
  const source = model.referenced(replication.config.bucket, "aws_s3_bucket")[0];
  const destinations = blocks(replication.config.rule).flatMap((rule) => model.referenced(rule.destination, "aws_s3_bucket"));
  const crossRegion = destinations.some((destination) => source && model.regionOf(destination) !== model.regionOf(source));
  if (!crossRegion) return [free(replication, "same-region replication has no transfer charge (requests are within the bucket estimate)")];
  return [
    charge(
      replication,
      "Data transfer",
      "cross-region replication transfer",
      usage.s3ReplicatedGb,
      "GB",
      prices.dataTransfer.interRegionGb,
      ["s3ReplicatedGb"],
    ),
  ];
};

const secret: Pricer = (resource, { prices, usage }) => [
  charge(resource, "Secrets", "secret", 1, "secret-months", prices.secretsManager.secretMonth),
  charge(resource, "Secrets", "API calls", usage.secretApiCallsTenThousands, "10k calls", prices.secretsManager.apiCallsPer10k, [
    "secretApiCallsTenThousands",
  ]),
];

const kmsKey: Pricer = (key, { prices, usage }) => [
  charge(
    key,
    "Encryption keys",
    "customer managed key (first year; each rotation adds $1/month, up to two)",
    1,
    "key-months",
    prices.kms.customerKeyMonth,
  ),
  charge(key, "Encryption keys", "requests", usage.kmsRequestsTenThousands, "10k requests", prices.kms.requestsPer10k, [
    "kmsRequestsTenThousands",
  ]),
];

// ---------------------------------------------------------------- monitoring, audit, security services

const logGroup: Pricer = (group, { prices, usage }) => {
  const infrequent = literal(group.config.log_group_class) === "INFREQUENT_ACCESS";
  return [
    charge(
      group,
      "Monitoring and logs",
      `log ingestion${infrequent ? " (Infrequent Access)" : ""}`,
      usage.logsIngestedGb,
      "GB",
      infrequent ? prices.cloudwatch.logsIngestedGbInfrequentAccess : prices.cloudwatch.logsIngestedGb,
      ["logsIngestedGb"],
    ),
    charge(group, "Monitoring and logs", "log storage", usage.logsStoredGb, "GB-months", prices.cloudwatch.logsStoredGbMonth, [
      "logsStoredGb",
    ]),
  ];
};

const logDelivery: Pricer = (delivery, { prices, usage, model }) => {
  const destination = model.referenced(delivery.config.delivery_destination_arn, "aws_cloudwatch_log_delivery_destination")[0];
  const target = destination ? model.referenced(destination.config.delivery_destination_configuration)[0] : undefined;
  const rate =
    target?.type === "aws_s3_bucket"
      ? prices.cloudwatch.vendedLogsToS3Gb
      : target?.type === "aws_cloudwatch_log_group"
        ? prices.cloudwatch.vendedLogsToCloudWatchGb
        : undefined;
  if (rate === undefined) return [unpriced(delivery, "log delivery to a destination other than S3 or CloudWatch Logs")];
  return [
    charge(
      delivery,
      "Monitoring and logs",
      `vended log delivery to ${target?.type === "aws_s3_bucket" ? "S3" : "CloudWatch Logs"}`,
      usage.vendedLogsGb,
      "GB",
      rate,
      ["vendedLogsGb"],
    ),
  ];
};

const metricAlarm: Pricer = (alarm, { prices }) => {
  const queries = blocks(alarm.config.metric_query);
  const metrics = queries.length ? queries.filter((query) => query.metric !== undefined).length : 1;
  const period =
    literalNumber(alarm.config.period) ?? queries.map((query) => literalNumber(block(query.metric)?.period)).find(Boolean) ?? 60;
  const highResolution = period < 60;
  return [
    charge(
      alarm,
      "Monitoring and logs",
      `${highResolution ? "high-resolution" : "standard"} alarm`,
      metrics,
      "alarm-metric-months",
      highResolution ? prices.cloudwatch.highResolutionAlarmMetricMonth : prices.cloudwatch.standardAlarmMetricMonth,
    ),
  ];
};

const cloudTrail: Pricer = (trail, { prices, usage }) => {
  const items: Priced[] = [
    charge(
      trail,
      "Security services",
      "management events, the account's first copy (free)",
      1,
      "trail-months",
      prices.cloudtrail.firstManagementEventsCopy,
      ["cloudtrailPaidManagementCopies"],
    ),
  ];
  if (usage.cloudtrailPaidManagementCopies > 0) {
    items.push(
      charge(
        trail,
        "Security services",
        `management events, ${usage.cloudtrailPaidManagementCopies} paid copy(ies)`,
        usage.cloudtrailPaidManagementCopies * usage.cloudtrailManagementEventsHundredThousands,
        "100k events",
        prices.cloudtrail.additionalManagementEventsPer100k,
        ["cloudtrailPaidManagementCopies", "cloudtrailManagementEventsHundredThousands"],
      ),
    );
  }
  const dataEvents =
    blocks(trail.config.event_selector).some((selector) => blocks(selector.data_resource).length > 0) ||
    blocks(trail.config.advanced_event_selector).length > 0;
  if (dataEvents) {
    items.push(
      charge(
        trail,
        "Security services",
        "data events",
        usage.cloudtrailDataEventsHundredThousands,
        "100k events",
        prices.cloudtrail.dataEventsPer100k,
        ["cloudtrailDataEventsHundredThousands"],
      ),
    );
  }
  if (blocks(trail.config.insight_selector).length > 0)
    items.push(unpriced(trail, "CloudTrail Insights events are not in the price table"));
  return items;
};

const guardDutyDetector: Pricer = (detector, { prices, usage }) =>
  detector.config.enable === false
    ? [free(detector, "detector disabled")]
    : [
        charge(
          detector,
          "Security services",
          "GuardDuty: CloudTrail management events analysed",
          usage.guarddutyCloudTrailEventsMillions,
          "million events",
          prices.guardduty.cloudTrailManagementEventsPerMillion,
          ["guarddutyCloudTrailEventsMillions"],
        ),
        charge(
          detector,
          "Security services",
          "GuardDuty: VPC flow and DNS logs analysed",
          usage.guarddutyFlowDnsLogsGb,
          "GB",
          prices.guardduty.vpcFlowAndDnsLogsGb,
          ["guarddutyFlowDnsLogsGb"],
        ),
      ];

const guardDutyFeature: Pricer = (feature, { prices, usage }) => {
  if (literal(feature.config.status) === "DISABLED") return [free(feature, "protection plan disabled")];
  const name = literal(feature.config.name);
  const plan = (item: string, quantity: number, unit: string, unitPrice: number, assumption: UsageKey) => [
    charge(feature, "Security services", item, quantity, unit, unitPrice, [assumption]),
  ];
  switch (name) {
    case "S3_DATA_EVENTS":
      return plan(
        "GuardDuty S3 protection: data events analysed",
        usage.guarddutyS3DataEventsMillions,
        "million events",
        prices.guardduty.s3DataEventsPerMillion,
        "guarddutyS3DataEventsMillions",
      );
    case "EBS_MALWARE_PROTECTION":
      return plan(
        "GuardDuty Malware Protection for EC2: EBS data scanned",
        usage.guarddutyMalwareScannedGb,
        "GB",
        prices.guardduty.ebsMalwareScannedGb,
        "guarddutyMalwareScannedGb",
      );
    case "RDS_LOGIN_EVENTS":
      return plan(
        "GuardDuty RDS Protection: login activity of monitored instances",
        usage.guarddutyRdsVcpus,
        "vCPU-months",
        prices.guardduty.rdsProtectionVcpuMonth,
        "guarddutyRdsVcpus",
      );
    default:
      return [unpriced(feature, `GuardDuty protection plan ${name ?? "?"} is not in the price table`)];
  }
};

const configRecorder: Pricer = (recorder, { prices, usage }) => [
  charge(
    recorder,
    "Security services",
    "AWS Config configuration items recorded",
    usage.configItemsRecorded,
    "items",
    prices.config.configurationItemRecorded,
    ["configItemsRecorded"],
  ),
];

const configRule: Pricer = (rule, { prices, usage }) => [
  charge(
    rule,
    "Security services",
    "AWS Config rule evaluations",
    usage.configRuleEvaluations,
    "evaluations",
    prices.config.ruleEvaluation,
    ["configRuleEvaluations"],
  ),
];

const webAcl: Pricer = (acl, { prices, usage }) => {
  let rules = blocks(acl.config.rule).length;
  if (typeof acl.config.rule_json === "string") {
    const parsed: unknown = JSON.parse(acl.config.rule_json);
    rules = Array.isArray(parsed) ? parsed.length : 0;
  }
  return [
    charge(acl, "Security services", `WAF web ACL (${literal(acl.config.scope) ?? "REGIONAL"})`, 1, "ACL-months", prices.waf.webAclMonth),
    charge(acl, "Security services", "WAF rules and managed rule groups", rules, "rule-months", prices.waf.ruleMonth),
    charge(
      acl,
      "Security services",
      "WAF requests inspected",
      usage.wafRequestsMillions,
      "million requests",
      prices.waf.requestsPerMillion,
      ["wafRequestsMillions"],
    ),
  ];
};

const hostedZone: Pricer = (zone, { prices }) => [charge(zone, "DNS", "hosted zone", 1, "zone-months", prices.route53.hostedZoneMonth)];

/** Resource types with a price model; every other type is either in the table's `noCharge` or reported as unpriced. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_instance: awsInstance,
  aws_autoscaling_group: autoscalingGroup,
  aws_ebs_volume: ebsVolume,
  aws_elastic_beanstalk_environment: beanstalkEnvironment,
  aws_eip: elasticIp,
  aws_nat_gateway: natGateway,
  aws_vpc_endpoint: vpcEndpoint,
  aws_lb: loadBalancer,
  aws_db_instance: dbInstance,
  aws_rds_cluster: rdsCluster,
  aws_rds_cluster_instance: rdsClusterInstance,
  aws_elasticache_replication_group: replicationGroup,
  aws_elasticache_cluster: cacheCluster,
  aws_dynamodb_table: dynamodbTable,
  aws_cloudfront_distribution: distribution,
  aws_cloudfront_function: cloudfrontFunction,
  aws_cloudfront_key_value_store: keyValueStore,
  aws_s3_bucket: bucket,
  aws_s3_bucket_lifecycle_configuration: bucketLifecycle,
  aws_s3_bucket_replication_configuration: bucketReplication,
  aws_secretsmanager_secret: secret,
  aws_kms_key: kmsKey,
  aws_cloudwatch_log_group: logGroup,
  aws_cloudwatch_log_delivery: logDelivery,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_cloudtrail: cloudTrail,
  aws_guardduty_detector: guardDutyDetector,
  aws_guardduty_detector_feature: guardDutyFeature,
  aws_config_configuration_recorder: configRecorder,
  aws_config_config_rule: configRule,
  aws_wafv2_web_acl: webAcl,
  aws_route53_zone: hostedZone,
};

/** Terraform's own resource types: they create nothing in AWS (https://developer.hashicorp.com/terraform/language/resources/terraform-data). */
const TERRAFORM_BUILT_IN: Readonly<Record<string, string>> = {
  terraform_data: "Terraform's built-in resource: nothing is created in AWS",
};

/** Estimated monthly cost of one synthesized stack. */
export function estimateStack(stack: string, model: StackModel, prices: PriceTable, plan: UsagePlan = new UsagePlan()): CostEstimate {
  const stackUsage = plan.for(stack);
  const region = model.region ?? prices.region;
  const items: Priced[] = [];
  for (const resource of model.resources) {
    if (region !== prices.region) {
      items.push(unpriced(resource, `stack region ${region} has no price table (have ${prices.region})`));
      continue;
    }
    const pricer = PRICERS[resource.type];
    const noCharge = resource.type.startsWith("aws_") ? prices.noCharge[resource.type] : TERRAFORM_BUILT_IN[resource.type];
    if (pricer) items.push(...pricer(resource, { model, prices, stack, usage: plan.for(stack, resource.address) }));
    else if (noCharge) items.push(free(resource, noCharge));
    else
      items.push(
        unpriced(resource, `unknown resource kind: add a price model (tools/cost/estimate.ts) or a noCharge entry (${prices.version})`),
      );
  }
  if (region === prices.region && model.ofType("aws_internet_gateway").length > 0) {
    items.push(
      charge(
        STACK,
        "Data transfer",
        "data transfer out to the internet",
        stackUsage.internetOutGb,
        "GB",
        prices.dataTransfer.internetOutGb,
        ["internetOutGb"],
      ),
    );
  }
  const lines = items.filter(isLine);
  return {
    stack,
    region,
    priceVersion: prices.version,
    lines,
    unpriced: items.filter(isUnpriced),
    free: items.filter((item): item is FreeItem => "free" in item).map(({ address, type, reason }) => ({ address, type, reason })),
    total: lines.reduce((sum, line) => sum + line.monthly, 0),
    usage: stackUsage,
  };
}

/** Sum of a stack's lines per category, in COST_CATEGORIES order, without empty categories. */
export function byCategory(estimate: CostEstimate): { category: CostCategory; monthly: number }[] {
  return COST_CATEGORIES.map((category) => ({
    category,
    monthly: estimate.lines.filter((line) => line.category === category).reduce((sum, line) => sum + line.monthly, 0),
  })).filter((entry) => estimate.lines.some((line) => line.category === entry.category));
}
