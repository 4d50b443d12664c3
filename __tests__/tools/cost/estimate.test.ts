import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CostEstimate, estimateStack, PRICERS } from "../../../tools/cost/estimate";
import { loadPriceTable, PriceTable, priceTableFile } from "../../../tools/cost/prices";
import { UsagePlan } from "../../../tools/cost/usage";
import { StackJson, StackModel } from "../../../tools/docs/terraform-json";

const prices = loadPriceTable();
type Resources = NonNullable<StackJson["resource"]>;

/** A stack JSON from `{ type: { name: config } }`; provider `aws.west` is a second region for replicas. */
function stack(resource: Resources, region = "us-east-1"): StackJson {
  return { provider: { aws: [{ region }, { alias: "west", region: "us-west-2" }] }, resource };
}

function estimate(resource: Resources, plan?: UsagePlan, table: PriceTable = prices): CostEstimate {
  return estimateStack("fixture", new StackModel(stack(resource)), table, plan);
}

/** Monthly cost of one address, to the cent-fraction. */
const monthlyOf = (result: CostEstimate, address: string) =>
  result.lines.filter((line) => line.address === address).reduce((sum, line) => sum + line.monthly, 0);

const SUBNETS = {
  aws_subnet: { a: { cidr_block: "10.0.1.0/24" }, b: { cidr_block: "10.0.2.0/24" } },
};

/**
 * One fixture per priced kind, with the expected monthly cost worked out by hand from the committed
 * price table (2026-12-01.1) and the default usage assumptions. A changed rate or formula fails here.
 */
const PRICED_KINDS: [kind: string, resources: Resources, address: string, expected: number, arithmetic: string][] = [
  [
    "aws_instance",
    { aws_instance: { app: { instance_type: "t3.medium", monitoring: true, root_block_device: { volume_size: 30, volume_type: "gp3" } } } },
    "aws_instance.app",
    730 * 0.0416 + 30 * 0.08 + 2.1,
    "730 h × $0.0416 + 30 GB gp3 × $0.08 + detailed monitoring $2.10",
  ],
  [
    "aws_autoscaling_group",
    {
      aws_launch_template: {
        lt: {
          instance_type: "t3.small",
          monitoring: { enabled: true },
          block_device_mappings: [{ device_name: "/dev/sda1", ebs: { volume_size: "20", volume_type: "gp3" } }],
          network_interfaces: [{ associate_public_ip_address: "true" }],
        },
      },
      aws_autoscaling_group: { asg: { min_size: 2, max_size: 4, launch_template: { id: "${aws_launch_template.lt.id}" } } },
    },
    "aws_autoscaling_group.asg",
    2 * 730 * 0.0208 + 2 * 20 * 0.08 + 2 * 2.1 + 2 * 730 * 0.005,
    "2 × (730 h × $0.0208 + 20 GB × $0.08 + $2.10 monitoring + 730 h × $0.005 public IPv4)",
  ],
  ["aws_ebs_volume", { aws_ebs_volume: { data: { size: 100, type: "gp3" } } }, "aws_ebs_volume.data", 100 * 0.08, "100 GB × $0.08"],
  [
    "aws_elastic_beanstalk_environment",
    {
      aws_elastic_beanstalk_environment: {
        eb: {
          setting: [
            { namespace: "aws:ec2:instances", name: "InstanceTypes", value: "t3.small" },
            { namespace: "aws:autoscaling:asg", name: "MinSize", value: "2" },
            { namespace: "aws:autoscaling:launchconfiguration", name: "RootVolumeType", value: "gp3" },
            { namespace: "aws:elasticbeanstalk:environment", name: "LoadBalancerIsShared", value: "true" },
            { namespace: "aws:elasticbeanstalk:cloudwatch:logs", name: "StreamLogs", value: "true" },
          ],
        },
      },
    },
    "aws_elastic_beanstalk_environment.eb",
    2 * 730 * 0.0208 + 2 * 8 * 0.08 + 1 * 0.5 + 1 * 0.03,
    "2 × 730 h × $0.0208 + 2 × 8 GB default root × $0.08 + 1 GB logs ingested × $0.50 + stored × $0.03",
  ],
  ["aws_eip", { aws_eip: { ip: { domain: "vpc" } } }, "aws_eip.ip", 730 * 0.005, "730 h × $0.005"],
  ["aws_nat_gateway", { aws_nat_gateway: { nat: {} } }, "aws_nat_gateway.nat", 730 * 0.045 + 10 * 0.045, "730 h × $0.045 + 10 GB × $0.045"],
  [
    "aws_vpc_endpoint",
    { ...SUBNETS, aws_vpc_endpoint: { ssm: { vpc_endpoint_type: "Interface", subnet_ids: ["${aws_subnet.a.id}", "${aws_subnet.b.id}"] } } },
    "aws_vpc_endpoint.ssm",
    2 * 730 * 0.01 + 1 * 0.01,
    "2 AZ × 730 h × $0.01 + 1 GB × $0.01",
  ],
  [
    "aws_lb",
    {
      ...SUBNETS,
      aws_lb: { alb: { load_balancer_type: "application", internal: false, subnets: ["${aws_subnet.a.id}", "${aws_subnet.b.id}"] } },
    },
    "aws_lb.alb",
    730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005,
    "730 h × $0.0225 + 1 LCU × 730 h × $0.008 + 2 public IPv4 × 730 h × $0.005",
  ],
  [
    "aws_db_instance",
    {
      aws_db_instance: {
        db: {
          engine: "postgres",
          instance_class: "db.t3.micro",
          multi_az: true,
          allocated_storage: 20,
          storage_type: "gp3",
          manage_master_user_password: true,
        },
      },
    },
    "aws_db_instance.db",
    730 * 0.036 + 20 * 0.23 + 0.4,
    "Multi-AZ: 730 h × 2 × $0.018 + 20 GB × 2 × $0.115 + managed secret $0.40",
  ],
  [
    "aws_rds_cluster",
    { aws_rds_cluster: { aurora: { engine: "aurora-postgresql", manage_master_user_password: true } } },
    "aws_rds_cluster.aurora",
    10 * 0.1 + 2 * 0.2 + 0.4,
    "10 GB × $0.10 + 2 M I/O × $0.20 + managed secret $0.40",
  ],
  [
    "aws_rds_cluster_instance",
    {
      aws_rds_cluster: {
        aurora: { engine: "aurora-postgresql", serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 } },
      },
      aws_rds_cluster_instance: { writer: { cluster_identifier: "${aws_rds_cluster.aurora.id}", instance_class: "db.serverless" } },
    },
    "aws_rds_cluster_instance.writer",
    0.5 * 730 * 0.12,
    "0.5 ACU (configured minimum) × 730 h × $0.12",
  ],
  [
    "aws_elasticache_replication_group",
    { aws_elasticache_replication_group: { redis: { engine: "redis", node_type: "cache.t4g.micro", num_cache_clusters: 2 } } },
    "aws_elasticache_replication_group.redis",
    2 * 730 * 0.016,
    "2 nodes × 730 h × $0.016",
  ],
  [
    "aws_elasticache_cluster",
    { aws_elasticache_cluster: { one: { engine: "redis", node_type: "cache.t3.micro", num_cache_nodes: 1 } } },
    "aws_elasticache_cluster.one",
    730 * 0.017,
    "730 h × $0.017",
  ],
  [
    "aws_dynamodb_table",
    { aws_dynamodb_table: { lock: { billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true } } } },
    "aws_dynamodb_table.lock",
    0.01 * 0.625 + 0.01 * 0.125 + 0.1 * 0.25 + 0.1 * 0.2,
    "0.01 M writes × $0.625 + 0.01 M reads × $0.125 + 0.1 GB × $0.25 + PITR 0.1 GB × $0.20",
  ],
  [
    "aws_cloudfront_distribution",
    { aws_cloudfront_distribution: { cdn: {} } },
    "aws_cloudfront_distribution.cdn",
    10 * 0.085 + 100 * 0.01,
    "10 GB × $0.085 + 100 × 10k requests × $0.01",
  ],
  [
    "aws_cloudfront_function",
    { aws_cloudfront_function: { origin: {} } },
    "aws_cloudfront_function.origin",
    1 * 0.1,
    "1 million viewer requests, one invocation each × $0.10 per million",
  ],
  [
    "aws_cloudfront_key_value_store",
    { aws_cloudfront_key_value_store: { origin: {} } },
    "aws_cloudfront_key_value_store.origin",
    1 * 0.03,
    "1 million reads (one per viewer request) × $0.03 per million",
  ],
  [
    "aws_s3_bucket",
    { aws_s3_bucket: { data: { bucket: "data" } } },
    "aws_s3_bucket.data",
    1 * 0.023 + 10 * 0.005 + 100 * 0.0004,
    "1 GB × $0.023 + 10k PUT × $0.005/1k + 100k GET × $0.0004/1k",
  ],
  [
    "aws_s3_bucket_replication_configuration",
    {
      aws_s3_bucket: { source: {}, replica: { provider: "aws.west" } },
      aws_s3_bucket_replication_configuration: {
        copy: { bucket: "${aws_s3_bucket.source.id}", rule: [{ destination: { bucket: "${aws_s3_bucket.replica.arn}" } }] },
      },
    },
    "aws_s3_bucket_replication_configuration.copy",
    1 * 0.02,
    "1 GB cross-region × $0.02",
  ],
  [
    "aws_secretsmanager_secret",
    { aws_secretsmanager_secret: { s: { name: "s" } } },
    "aws_secretsmanager_secret.s",
    0.4 + 0.05,
    "$0.40 + 10k calls × $0.05",
  ],
  ["aws_kms_key", { aws_kms_key: { k: {} } }, "aws_kms_key.k", 1 + 0.03, "$1 + 10k requests × $0.03"],
  [
    "aws_cloudwatch_log_group",
    { aws_cloudwatch_log_group: { logs: {} } },
    "aws_cloudwatch_log_group.logs",
    0.5 + 0.03,
    "1 GB × $0.50 + 1 GB-month × $0.03",
  ],
  [
    "aws_cloudwatch_log_delivery",
    {
      aws_s3_bucket: { logs: {} },
      aws_cloudwatch_log_delivery_destination: {
        dest: { delivery_destination_configuration: [{ destination_resource_arn: "${aws_s3_bucket.logs.arn}/cf" }] },
      },
      aws_cloudwatch_log_delivery: { delivery: { delivery_destination_arn: "${aws_cloudwatch_log_delivery_destination.dest.arn}" } },
    },
    "aws_cloudwatch_log_delivery.delivery",
    1 * 0.25,
    "1 GB vended to S3 × $0.25",
  ],
  [
    "aws_cloudwatch_metric_alarm",
    { aws_cloudwatch_metric_alarm: { cpu: { period: 300 } } },
    "aws_cloudwatch_metric_alarm.cpu",
    0.1,
    "one standard-resolution metric",
  ],
  [
    "aws_cloudtrail",
    { aws_cloudtrail: { trail: { is_multi_region_trail: true } } },
    "aws_cloudtrail.trail",
    0,
    "the account's first management-events copy is free",
  ],
  [
    "aws_guardduty_detector",
    { aws_guardduty_detector: { gd: { enable: true } } },
    "aws_guardduty_detector.gd",
    0.2 * 4 + 5 * 1,
    "0.2 M events × $4 + 5 GB × $1",
  ],
  [
    "aws_guardduty_detector_feature",
    { aws_guardduty_detector_feature: { s3: { name: "S3_DATA_EVENTS", status: "ENABLED" } } },
    "aws_guardduty_detector_feature.s3",
    0.1 * 0.8,
    "0.1 M events × $0.80",
  ],
  [
    "aws_guardduty_detector_feature (EBS malware protection)",
    { aws_guardduty_detector_feature: { ebs: { name: "EBS_MALWARE_PROTECTION", status: "ENABLED" } } },
    "aws_guardduty_detector_feature.ebs",
    30 * 0.03,
    "30 GB scanned × $0.03",
  ],
  [
    "aws_guardduty_detector_feature (RDS login events)",
    { aws_guardduty_detector_feature: { rds: { name: "RDS_LOGIN_EVENTS", status: "ENABLED" } } },
    "aws_guardduty_detector_feature.rds",
    2 * 1.0,
    "2 vCPUs × $1.00 per vCPU-month",
  ],
  [
    "aws_s3_bucket_lifecycle_configuration",
    {
      aws_s3_bucket_lifecycle_configuration: {
        archive: {
          rule: [
            {
              id: "archive",
              status: "Enabled",
              transition: [
                { days: 120, storage_class: "DEEP_ARCHIVE" },
                { days: 30, storage_class: "STANDARD_IA" },
              ],
              expiration: [{ days: 400 }],
              noncurrent_version_transition: [{ noncurrent_days: 0, storage_class: "GLACIER_IR" }],
              noncurrent_version_expiration: [{ noncurrent_days: 90 }],
            },
          ],
        },
      },
    },
    "aws_s3_bucket_lifecycle_configuration.archive",
    (90 / 30) * 0.0125 + 0.01 + (280 / 30) * 0.00099 + 0.05 + (90 / 30) * 0.004 + 0.02,
    "1 GB × (90 d IA × $0.0125 + 280 d Deep Archive × $0.00099 + 90 d old versions in Glacier IR × $0.004) per 30 d + 1k transitions × ($0.01 + $0.05 + $0.02)",
  ],
  [
    "aws_config_configuration_recorder",
    { aws_config_configuration_recorder: { rec: {} } },
    "aws_config_configuration_recorder.rec",
    1000 * 0.003,
    "1,000 items × $0.003",
  ],
  [
    "aws_config_config_rule",
    { aws_config_config_rule: { rule: {} } },
    "aws_config_config_rule.rule",
    1000 * 0.001,
    "1,000 evaluations × $0.001",
  ],
  [
    "aws_wafv2_web_acl",
    { aws_wafv2_web_acl: { acl: { scope: "REGIONAL", rule_json: JSON.stringify([{ Name: "a" }, { Name: "b" }, { Name: "c" }]) } } },
    "aws_wafv2_web_acl.acl",
    5 + 3 * 1 + 1 * 0.6,
    "$5 ACL + 3 rules × $1 + 1 M requests × $0.60",
  ],
  ["aws_route53_zone", { aws_route53_zone: { zone: { name: "example.org" } } }, "aws_route53_zone.zone", 0.5, "$0.50 per hosted zone"],
];

describe("cost estimate", () => {
  test("GIVEN the committed price table WHEN it is loaded THEN it validates and is dated and versioned", () => {
    expect(prices.region).toBe("us-east-1");
    expect(prices.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(prices.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(prices.sources).length).toBeGreaterThan(10);
  });

  test("GIVEN the price models THEN every resource kind with one has a pinned arithmetic case below", () => {
    const kinds = new Set(PRICED_KINDS.map(([kind]) => kind.split(" ")[0]));
    expect([...kinds].sort()).toEqual(Object.keys(PRICERS).sort());
  });

  test.each(PRICED_KINDS)("GIVEN a %s THEN it costs exactly what the rates say", (_kind, resources, address, expected, arithmetic) => {
    const result = estimate(resources);
    expect({ arithmetic, monthly: monthlyOf(result, address) }).toEqual({ arithmetic, monthly: expect.closeTo(expected, 10) });
    expect(result.unpriced).toEqual([]);
  });

  test("GIVEN an internet gateway THEN the stack pays for 100 GB out at $0.09, once", () => {
    const result = estimate({ aws_internet_gateway: { igw: {} } });
    expect(monthlyOf(result, "(stack)")).toBeCloseTo(9, 10);
    expect(estimate({ aws_vpc: { vpc: {} } }).lines).toEqual([]);
  });

  test("GIVEN an Aurora I/O-Optimized cluster THEN ACUs and storage use the I/O-Optimized rates and I/O is free", () => {
    const result = estimate({
      aws_rds_cluster: {
        aurora: { engine: "aurora-postgresql", storage_type: "aurora-iopt1", serverlessv2_scaling_configuration: { min_capacity: 1 } },
      },
      aws_rds_cluster_instance: { writer: { cluster_identifier: "${aws_rds_cluster.aurora.id}", instance_class: "db.serverless" } },
    });
    expect(monthlyOf(result, "aws_rds_cluster.aurora")).toBeCloseTo(10 * 0.225, 10);
    expect(monthlyOf(result, "aws_rds_cluster_instance.writer")).toBeCloseTo(730 * 0.156, 10);
  });

  test("GIVEN a lifecycle that leaves a class before its minimum storage duration THEN the estimate bills the whole minimum and says so", () => {
    const result = estimate({
      aws_s3_bucket_lifecycle_configuration: {
        lc: {
          rule: [
            {
              id: "r",
              status: "Enabled",
              noncurrent_version_transition: [{ noncurrent_days: 0, storage_class: "DEEP_ARCHIVE" }],
              noncurrent_version_expiration: [{ noncurrent_days: 30 }],
            },
          ],
        },
      },
    });
    const storage = result.lines.find((line) => line.unit === "GB-months");
    expect(storage).toMatchObject({ quantity: 180 / 30, unitPrice: 0.00099 });
    expect(storage?.item).toBe("r: noncurrent versions in DEEP_ARCHIVE from day 0, 180 days, 150 of them after deletion (minimum 180)");
  });

  test("GIVEN the minimum billed storage of each class THEN Standard-IA is 30 days, Glacier Instant and Flexible Retrieval 90 and Deep Archive 180", () => {
    const lifecycle = (storageClass: string) =>
      estimate({
        aws_s3_bucket_lifecycle_configuration: {
          lc: {
            rule: [{ id: "r", status: "Enabled", transition: [{ days: 30, storage_class: storageClass }], expiration: [{ days: 31 }] }],
          },
        },
      }).lines.find((line) => line.unit === "GB-months")?.quantity;
    expect({
      STANDARD_IA: lifecycle("STANDARD_IA"),
      GLACIER_IR: lifecycle("GLACIER_IR"),
      GLACIER: lifecycle("GLACIER"),
      DEEP_ARCHIVE: lifecycle("DEEP_ARCHIVE"),
    }).toEqual({ STANDARD_IA: 1, GLACIER_IR: 3, GLACIER: 3, DEEP_ARCHIVE: 6 });
  });

  test("GIVEN an expiry-only lifecycle THEN it costs nothing", () => {
    const result = estimate({
      aws_s3_bucket_lifecycle_configuration: { lc: { rule: [{ id: "r", status: "Enabled", expiration: [{ days: 30 }] }] } },
    });
    expect(result.lines).toEqual([]);
    expect(result.free).toEqual([expect.objectContaining({ address: "aws_s3_bucket_lifecycle_configuration.lc" })]);
  });

  test("GIVEN a high-resolution alarm over two metrics THEN each metric costs $0.30", () => {
    const result = estimate({
      aws_cloudwatch_metric_alarm: {
        fast: { metric_query: [{ metric: { period: 10 } }, { metric: { period: 10 } }, { expression: "m1+m2" }] },
      },
    });
    expect(monthlyOf(result, "aws_cloudwatch_metric_alarm.fast")).toBeCloseTo(0.6, 10);
  });

  test("GIVEN an instance with an Elastic IP THEN the address is billed once, on the EIP", () => {
    const result = estimate({
      aws_instance: { app: { instance_type: "t3.micro", associate_public_ip_address: true } },
      aws_eip: { ip: { instance: "${aws_instance.app.id}" } },
    });
    expect(result.lines.filter((line) => line.category === "Public IPv4 addresses").map((line) => line.address)).toEqual(["aws_eip.ip"]);
  });

  describe("what cannot be priced is listed, never counted as zero", () => {
    test.each<[string, Resources, RegExp]>([
      ["an unknown resource kind", { aws_transfer_server: { sftp: {} } }, /unknown resource kind/],
      ["an instance type missing from the table", { aws_instance: { big: { instance_type: "u-12tb1.metal" } } }, /u-12tb1\.metal/],
      ["an RDS engine without prices", { aws_db_instance: { db: { engine: "oracle-ee", instance_class: "db.t3.micro" } } }, /oracle-ee/],
      [
        "a cache engine without prices",
        { aws_elasticache_replication_group: { v: { engine: "valkey", node_type: "cache.t4g.micro" } } },
        /valkey/,
      ],
      [
        "a GuardDuty plan without a rate",
        { aws_guardduty_detector_feature: { runtime: { name: "RUNTIME_MONITORING", status: "ENABLED" } } },
        /RUNTIME_MONITORING is not in the price table/,
      ],
      [
        "a lifecycle transition to a class without a rate",
        {
          aws_s3_bucket_lifecycle_configuration: {
            lc: { rule: [{ id: "r", status: "Enabled", transition: [{ days: 0, storage_class: "INTELLIGENT_TIERING" }] }] },
          },
        },
        /INTELLIGENT_TIERING is not in price table/,
      ],
      [
        "a Beanstalk environment with its own load balancer",
        {
          aws_elastic_beanstalk_environment: {
            eb: { setting: [{ namespace: "aws:ec2:instances", name: "InstanceTypes", value: "t3.micro" }] },
          },
        },
        /its own load balancer/,
      ],
    ])("GIVEN %s THEN it is reported as not priced", (_case, resources, reason) => {
      const result = estimate(resources);
      expect(result.unpriced).toEqual([expect.objectContaining({ reason: expect.stringMatching(reason) })]);
      expect(result.total).toBe(result.lines.reduce((sum, line) => sum + line.monthly, 0));
    });

    test("GIVEN a stack in a region without a price table THEN every resource is reported and the total is 0 with a reason each", () => {
      const result = estimateStack("eu", new StackModel(stack({ aws_s3_bucket: { b: {} }, aws_kms_key: { k: {} } }, "eu-west-1")), prices);
      expect(result.lines).toEqual([]);
      expect(result.unpriced.map((item) => item.reason)).toEqual([expect.stringMatching(/eu-west-1/), expect.stringMatching(/eu-west-1/)]);
    });

    test("GIVEN known free kinds THEN they are listed as free with the table's reason", () => {
      const result = estimate({ aws_iam_role: { r: {} }, aws_vpc_endpoint: { s3: { vpc_endpoint_type: "Gateway" } } });
      expect(result.free).toEqual([
        { address: "aws_iam_role.r", type: "aws_iam_role", reason: prices.noCharge.aws_iam_role },
        { address: "aws_vpc_endpoint.s3", type: "aws_vpc_endpoint", reason: expect.stringMatching(/gateway endpoints/) },
      ]);
      expect(result.unpriced).toEqual([]);
    });

    test("GIVEN Terraform's built-in terraform_data THEN it is free, and another provider's unknown type is still unpriced", () => {
      const result = estimate({ terraform_data: { suffix: {} }, random_id: { r: {} } });
      expect(result.free).toEqual([
        { address: "terraform_data.suffix", type: "terraform_data", reason: expect.stringMatching(/nothing is created in AWS/) },
      ]);
      expect(result.unpriced.map((item) => item.address)).toEqual(["random_id.r"]);
    });

    test("GIVEN replication within one region THEN there is no transfer charge", () => {
      const result = estimate({
        aws_s3_bucket: { source: {}, copy: {} },
        aws_s3_bucket_replication_configuration: {
          r: { bucket: "${aws_s3_bucket.source.id}", rule: [{ destination: { bucket: "${aws_s3_bucket.copy.arn}" } }] },
        },
      });
      expect(result.free.map((item) => item.address)).toEqual(["aws_s3_bucket_replication_configuration.r"]);
    });
  });

  describe("usage assumptions", () => {
    const nat = { aws_nat_gateway: { nat: {} } };

    test("GIVEN overrides for defaults, a stack and a resource THEN the most specific wins", () => {
      const plan = new UsagePlan({
        defaults: { natGatewayProcessedGb: 100 },
        stacks: { fixture: { natGatewayProcessedGb: 200, resources: { "aws_nat_gateway.nat": { natGatewayProcessedGb: 300 } } } },
      });
      expect(monthlyOf(estimate(nat, plan), "aws_nat_gateway.nat")).toBeCloseTo(730 * 0.045 + 300 * 0.045, 10);
      expect(monthlyOf(estimate(nat, new UsagePlan({ defaults: { natGatewayProcessedGb: 100 } })), "aws_nat_gateway.nat")).toBeCloseTo(
        730 * 0.045 + 100 * 0.045,
        10,
      );
    });

    test("GIVEN a priced line THEN it names the assumptions it depends on", () => {
      const result = estimate(nat);
      expect(result.lines.map((line) => line.assumptions)).toEqual([["hoursPerMonth"], ["natGatewayProcessedGb"]]);
    });

    test.each([
      [{ defaults: { natGatewayGb: 5 } }, /natGatewayGb/],
      [{ stacks: { x: { hoursPerMonth: -1 } } }, /hoursPerMonth/],
      [{ resource: {} }, /resource/],
    ])("GIVEN a usage file %j THEN it is refused naming the bad key", (content, message) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "usage-")), "usage.json");
      fs.writeFileSync(file, JSON.stringify(content));
      expect(() => UsagePlan.fromFile(file)).toThrow(message);
    });
  });

  test.each([
    [
      "a negative rate",
      (table: Record<string, unknown>) => ({ ...table, vpc: { ...(table.vpc as object), natGatewayHour: -1 } }),
      /vpc\.natGatewayHour/,
    ],
    ["a missing section", (table: Record<string, unknown>) => ({ ...table, waf: undefined }), /waf/],
    ["an undated version", (table: Record<string, unknown>) => ({ ...table, version: "latest" }), /version/],
  ])("GIVEN a price table with %s THEN loading it fails naming the field", (_case, mutate, message) => {
    const original = JSON.parse(fs.readFileSync(priceTableFile("us-east-1"), "utf8")) as Record<string, unknown>;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "prices.json");
    fs.writeFileSync(file, JSON.stringify(mutate(original)));
    expect(() => loadPriceTable(file)).toThrow(message);
  });
});
