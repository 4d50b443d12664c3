import { TerraformOutput } from "cdktf";
import { AuroraServerless, AuroraServerlessProps, auroraPostgresMaxConnections } from "../../modules/aurora-serverless";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { grantsOf, testKey, testNetwork, testAlarmTopic } from "../support/fixtures";

type Overrides = Partial<Omit<AuroraServerlessProps, "network" | "securityGroup" | "kmsKey">>;

function build(stack: PlatformStack, overrides: Overrides = {}, network = testNetwork(stack)) {
  const securityGroup = new SecurityGroup(stack, "db-sg", { network, name: "db", description: "db" });
  return new AuroraServerless(stack, "aurora", {
    clusterIdentifier: "tp-dev-aurora",
    network,
    securityGroup,
    kmsKey: testKey(stack),
    engineVersion: "15.4",
    minCapacity: 0.5,
    maxCapacity: 4,
    databaseName: "treasury_plane",
    masterUsername: "treasury_admin",
    deletionProtection: false,
    finalSnapshot: false,
    account: stack.account,
    ...overrides,
  });
}

/** The cluster with its alarms on a topic of their own. */
function withAlarms(overrides: Overrides = {}, options: Parameters<AuroraServerless["addAlarms"]>[1] = {}) {
  return synthModule((stack) => {
    const aurora = build(stack, overrides);
    aurora.addAlarms(testAlarmTopic(stack, "alarm-key"), options);
    return aurora;
  });
}

describe("AuroraServerless", () => {
  test("GIVEN the seed's settings THEN an encrypted Aurora PostgreSQL Serverless v2 cluster scales 0.5-4 ACU with 7-day backups", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_rds_cluster.aurora")).toMatchObject({
      cluster_identifier: "tp-dev-aurora",
      engine: "aurora-postgresql",
      engine_mode: "provisioned",
      engine_version: "15.4",
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 },
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.key.arn}",
      backup_retention_period: 7,
      port: 5432,
      vpc_security_group_ids: ["${aws_security_group.db-sg.id}"],
      enabled_cloudwatch_logs_exports: ["postgresql"],
      copy_tags_to_snapshot: true,
    });
  });

  test("GIVEN a cluster THEN the master password is generated and kept by RDS in Secrets Manager under the cluster's KMS key, never in the plan", () => {
    const { json } = synthModule((stack) => {
      const aurora = build(stack);
      new TerraformOutput(stack, "master-secret", { value: aurora.masterUserSecretArn });
      return aurora;
    });
    const cluster = resource(json, "aws_rds_cluster.aurora");
    expect(cluster).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: "${aws_kms_key.key.arn}" });
    expect(cluster.master_password).toBeUndefined();
    expect(json.output?.["master-secret"].value).toBe("${aws_rds_cluster.aurora.master_user_secret[0].secret_arn}");
  });

  test("GIVEN a cluster THEN a writer and a reader (its failover target) run as db.serverless in different AZs, private, in promotion tiers that follow the writer's capacity", () => {
    const { json } = synthModule((stack) => build(stack));
    const instances = Object.values(resources(json, "aws_rds_cluster_instance"));
    expect(instances).toHaveLength(2);
    expect(instances.map((instance) => instance.availability_zone)).toEqual(["us-east-1a", "us-east-1b"]);
    for (const instance of instances) {
      expect(instance).toMatchObject({
        instance_class: "db.serverless",
        publicly_accessible: false,
        cluster_identifier: "${aws_rds_cluster.aurora.id}",
      });
      expect(instance.promotion_tier).toBeLessThanOrEqual(1);
    }
    expect(resource(json, "aws_db_subnet_group.aurora_subnet-group").subnet_ids).toEqual([
      "${aws_subnet.network_private-1.id}",
      "${aws_subnet.network_private-2.id}",
    ]);
  });

  test("GIVEN the defaults THEN both instances publish Enhanced Monitoring OS metrics every 60 s through one role trusted by RDS monitoring", () => {
    const { json } = synthModule((stack) => build(stack));
    for (const instance of Object.values(resources(json, "aws_rds_cluster_instance"))) {
      expect(instance).toMatchObject({
        monitoring_interval: 60,
        monitoring_role_arn: "${aws_iam_role.aurora_monitoring-role.arn}",
        depends_on: ["aws_iam_role_policy_attachment.aurora_monitoring-role_policy"],
      });
    }
    const role = resource(json, "aws_iam_role.aurora_monitoring-role");
    expect(role.name).toBe("tp-dev-aurora-monitoring");
    expect(policy(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    expect(resource(json, "aws_iam_role_policy_attachment.aurora_monitoring-role_policy").policy_arn).toMatch(
      /^arn:\$\{.+\}:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/,
    );
  });

  test("GIVEN monitoringIntervalSeconds 15 THEN every instance samples every 15 s; GIVEN 0 THEN monitoring is off and there is no role", () => {
    const fifteen = synthModule((stack) => build(stack, { monitoringIntervalSeconds: 15 })).json;
    expect(Object.values(resources(fifteen, "aws_rds_cluster_instance")).map((instance) => instance.monitoring_interval)).toEqual([15, 15]);
    const { json: off, construct } = synthModule((stack) => build(stack, { monitoringIntervalSeconds: 0 }));
    for (const instance of Object.values(resources(off, "aws_rds_cluster_instance"))) {
      expect(instance.monitoring_interval).toBe(0);
      expect(instance.monitoring_role_arn).toBeUndefined();
    }
    expect(Object.keys(resources(off, "aws_iam_role"))).toEqual(["network_flow-log-role"]);
    expect(construct.monitoringRole).toBeUndefined();
  });

  test("GIVEN pg_cron THEN the cluster parameter group preloads it for the application database and requires TLS", () => {
    const { json } = synthModule((stack) => build(stack));
    const group = resource(json, "aws_rds_cluster_parameter_group.aurora_parameter-group");
    expect(group.family).toBe("aurora-postgresql15");
    const parameters = Object.fromEntries((group.parameter as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    expect(parameters.shared_preload_libraries.split(",")).toContain("pg_cron");
    expect(parameters["cron.database_name"]).toBe("treasury_plane");
    expect(parameters["rds.force_ssl"]).toBe("1");
    expect(resource(json, "aws_rds_cluster.aurora").db_cluster_parameter_group_name).toBe(
      "${aws_rds_cluster_parameter_group.aurora_parameter-group.name}",
    );
  });

  test("GIVEN audit logging THEN the cluster parameter group preloads pgAudit, which logs DDL and role changes, and connections are logged", () => {
    const { json } = synthModule((stack) => build(stack));
    const group = resource(json, "aws_rds_cluster_parameter_group.aurora_parameter-group");
    const parameters = Object.fromEntries(
      (group.parameter as { name: string; value: string; apply_method: string }[]).map((p) => [p.name, [p.value, p.apply_method]]),
    );
    expect(parameters).toMatchObject({
      shared_preload_libraries: ["pg_stat_statements,pg_cron,pgaudit", "pending-reboot"],
      "pgaudit.log": ["ddl,role", "immediate"],
      "pgaudit.role": ["rds_pgaudit", "immediate"],
      log_connections: ["1", "immediate"],
      log_disconnections: ["1", "immediate"],
      log_statement: ["none", "immediate"],
    });
  });

  // AWS's table for Aurora PostgreSQL Serverless v2 (max ACU -> max_connections), capped at 2,000 with a 0.5 ACU minimum.
  test.each([
    [0.5, 1, 189],
    [0.5, 2, 400],
    [0.5, 4, 823],
    [1, 4, 823],
    [0.5, 8, 1669],
    [0.5, 16, 2000],
    [1, 16, 3360],
    [2, 24, 4180],
    [1, 32, 5000],
    [0.5, 128, 2000],
    [1, 128, 5000],
  ])("GIVEN a %d-%d ACU range THEN max_connections is %d", (min, max, connections) => {
    expect(auroraPostgresMaxConnections(min, max)).toBe(connections);
  });

  test.each([
    // The seed's range: 90% of 823, where the document's 4500 could never be reached.
    [0.5, 4, undefined, 740],
    [0.5, 4, 80, 658],
    [1, 16, undefined, 3024],
    [0.5, 128, undefined, 1800],
    [1, 128, undefined, 4500],
  ])(
    "GIVEN %d-%d ACU and connectionsPercent %s THEN the connections alarm fires above %d",
    (minCapacity, maxCapacity, percent, threshold) => {
      const { json } = withAlarms({ minCapacity, maxCapacity }, { connectionsPercent: percent });
      expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_aurora-connections-high")).toMatchObject({
        alarm_name: "tp-dev-aurora-connections-high",
        namespace: "AWS/RDS",
        metric_name: "DatabaseConnections",
        dimensions: { DBClusterIdentifier: "tp-dev-aurora" },
        statistic: "Maximum",
        comparison_operator: "GreaterThanThreshold",
        threshold,
        period: 60,
        evaluation_periods: 1,
        alarm_actions: ["${aws_sns_topic.alarms.arn}"],
      });
    },
  );

  test.each([4, 16, 128])(
    "GIVEN a %d ACU ceiling THEN the capacity alarm fires after 10 minutes at exactly that ceiling",
    (maxCapacity) => {
      const { json } = withAlarms({ maxCapacity });
      expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_aurora-capacity-at-max")).toMatchObject({
        alarm_name: "tp-dev-aurora-capacity-at-max",
        metric_name: "ServerlessDatabaseCapacity",
        dimensions: { DBClusterIdentifier: "tp-dev-aurora" },
        statistic: "Minimum",
        comparison_operator: "GreaterThanOrEqualToThreshold",
        threshold: maxCapacity,
        period: 300,
        evaluation_periods: 2,
      });
    },
  );

  test.each([0, 120])("GIVEN connectionsPercent %d THEN the alarms are refused", (connectionsPercent) => {
    const stack = moduleTestStack();
    const aurora = build(stack);
    expect(() => aurora.addAlarms(testAlarmTopic(stack, "alarm-key"), { connectionsPercent })).toThrow(
      `AuroraServerless "test/aurora": connectionsPercent = ${connectionsPercent}: must be above 0 and at most 100`,
    );
  });

  test("GIVEN a cluster THEN IAM database authentication is on, so the application can log in with tokens instead of a password", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_rds_cluster.aurora").iam_database_authentication_enabled).toBe(true);
  });

  test("GIVEN a cluster THEN the exported PostgreSQL log lands in a KMS-encrypted log group created first with 90-day retention", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_cloudwatch_log_group.aurora_log-group")).toMatchObject({
      name: "/aws/rds/cluster/tp-dev-aurora/postgresql",
      retention_in_days: 90,
      kms_key_id: "${aws_kms_key.key.arn}",
    });
    const keyPolicy = policy(resource(json, "aws_kms_key.key").policy).Statement;
    expect(keyPolicy.find((s) => s.Sid === "CloudWatchLogs")?.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(resource(json, "aws_rds_cluster.aurora").depends_on).toContain("aws_cloudwatch_log_group.aurora_log-group");
  });

  test("GIVEN deletion protection and a final snapshot THEN deleting the cluster is refused and a final snapshot plus backups are kept", () => {
    const { json } = synthModule((stack) => build(stack, { deletionProtection: true, finalSnapshot: true }));
    expect(resource(json, "aws_rds_cluster.aurora")).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "tp-dev-aurora-final-${substr(terraform_data.aurora_final-snapshot-suffix.id, 0, 8)}",
      delete_automated_backups: false,
    });
  });

  test("GIVEN a cluster snapshot to restore THEN the cluster is restored from it, with a new final snapshot suffix, and the Data API is on for the bootstrap", () => {
    const { json } = synthModule((stack) => build(stack, { finalSnapshot: true, restoreFromSnapshot: "tp-prod-before-upgrade" }));
    expect(resource(json, "aws_rds_cluster.aurora")).toMatchObject({
      snapshot_identifier: "tp-prod-before-upgrade",
      enable_http_endpoint: true,
    });
    expect(resource(json, "terraform_data.aurora_final-snapshot-suffix").triggers_replace).toMatchObject({
      restoredFrom: "tp-prod-before-upgrade",
    });
  });

  test("GIVEN grantConnect and bootstrap statements THEN Django logs in with IAM tokens as its own role, which may create tables in public and schedule pg_cron jobs", () => {
    const granted = grantsOf(
      (stack) => build(stack),
      (aurora, grantee) => aurora.logins.grantConnect(grantee, ["treasury_app"]),
    );
    expect(granted).toEqual([
      expect.objectContaining({
        Action: "rds-db:connect",
        Resource: [expect.stringMatching(/:rds-db:us-east-1:.*:dbuser:\$\{aws_rds_cluster\.aurora\.cluster_resource_id\}\/treasury_app$/)],
      }),
    ]);
    const statements = build(moduleTestStack()).logins.bootstrapStatements({
      app: { role: "treasury_app", schema: "public" },
      extensions: [{ name: "pg_trgm" }, { name: "pg_cron", schema: "cron" }],
    });
    expect(statements.slice(2)).toEqual([
      "GRANT CONNECT ON DATABASE treasury_plane TO treasury_app",
      "GRANT USAGE, CREATE ON SCHEMA public TO treasury_app",
      "CREATE EXTENSION IF NOT EXISTS pg_trgm",
      "CREATE EXTENSION IF NOT EXISTS pg_cron",
      "GRANT USAGE ON SCHEMA cron TO treasury_app",
    ]);
  });

  test("GIVEN neither THEN a disposable cluster deletes without a snapshot", () => {
    const { json } = synthModule((stack) => build(stack));
    const cluster = resource(json, "aws_rds_cluster.aurora");
    expect(cluster).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(cluster.final_snapshot_identifier).toBeUndefined();
  });

  test.each([
    [{ minCapacity: 0.25 }, /minCapacity = 0\.25: must be 0\.5-128 ACU in steps of 0\.5/],
    [{ restoreFromSnapshot: "snap shot" }, /restoreFromSnapshot = "snap shot": must be a snapshot identifier/],
    [{ maxCapacity: 130 }, /maxCapacity = 130: must be 0\.5-128 ACU in steps of 0\.5/],
    [{ maxCapacity: 3.3 }, /maxCapacity = 3\.3: must be 0\.5-128 ACU in steps of 0\.5/],
    [{ minCapacity: 8, maxCapacity: 4 }, /maxCapacity = 4: must be >= minCapacity \(8\)/],
    [{ minCapacity: 0.5, maxCapacity: 0.5 }, /maxCapacity = 0\.5: must be at least 1 ACU \(AWS refuses a 0\.5 ACU maximum\)/],
    [
      { engineVersion: "latest" },
      /engineVersion = "latest": must be an Aurora PostgreSQL major version like "15" or a full one like "15\.10"/,
    ],
    [
      { deletionProtection: true, finalSnapshot: false },
      /finalSnapshot = false: must be true with deletionProtection: a protected cluster must also keep a final snapshot/,
    ],
    [{ backupRetentionDays: 0 }, /backupRetentionDays = 0: must be 1-35 \(0 would turn off backups and point-in-time recovery\)/],
    [
      { clusterIdentifier: "Bad_Name" },
      /clusterIdentifier = "Bad_Name": must be 1-63 lowercase letters, digits and hyphens starting with a letter \(no trailing or double hyphen\)/,
    ],
    [
      { monitoringIntervalSeconds: 45 },
      /monitoringIntervalSeconds = 45: must be one of 0, 1, 5, 10, 15, 30, 60 \(0 turns Enhanced Monitoring off\)/,
    ],
    [
      { clusterIdentifier: `a${"b".repeat(54)}` },
      /clusterIdentifier = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": must be at most 53 characters with Enhanced Monitoring on \(the role "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-monitoring" would exceed IAM's 64\)/,
    ],
  ])("GIVEN %j THEN it is refused naming the construct", (overrides, message) => {
    expect(() => build(moduleTestStack(), overrides)).toThrow(new RegExp(`AuroraServerless "test/aurora": ${message.source}`));
  });

  test("GIVEN a pinned full version THEN it is used as is, without automatic minor upgrades", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_rds_cluster.aurora").lifecycle).toBeUndefined();
    expect(json.data?.aws_rds_engine_version).toBeUndefined();
    for (const instance of Object.values(resources(json, "aws_rds_cluster_instance")))
      expect(instance.auto_minor_version_upgrade).toBe(false);
  });

  test("GIVEN a major version THEN the newest minor is looked up at plan time and AWS's minor upgrades are not fought", () => {
    const { json } = synthModule((stack) => build(stack, { engineVersion: "16" }));
    expect(json.data?.aws_rds_engine_version?.["aurora_engine-version"]).toMatchObject({
      engine: "aurora-postgresql",
      parameter_group_family: "aurora-postgresql16",
      latest: true,
    });
    expect(resource(json, "aws_rds_cluster.aurora")).toMatchObject({
      engine_version: "${data.aws_rds_engine_version.aurora_engine-version.version_actual}",
      lifecycle: { ignore_changes: ["engine_version"] },
    });
    expect(resource(json, "aws_rds_cluster_parameter_group.aurora_parameter-group").family).toBe("aurora-postgresql16");
    for (const instance of Object.values(resources(json, "aws_rds_cluster_instance")))
      expect(instance.auto_minor_version_upgrade).toBe(true);
  });

  test("GIVEN a network with one private subnet (no AZ for the reader) THEN it is refused", () => {
    const stack = moduleTestStack();
    const network = testNetwork(stack, { privateSubnets: [{ name: "private-1", cidr: "10.0.11.0/24" }] });
    expect(() => build(stack, {}, network)).toThrow(/private subnets in at least two availability zones/);
  });
});
