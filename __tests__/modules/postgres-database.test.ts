import { PostgresDatabase, PostgresDatabaseProps } from "../../modules/postgres-database";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { grantsOf, testGrantee, testKey, testNetwork, testAlarmTopic } from "../support/fixtures";

function database(stack: PlatformStack, overrides: Partial<PostgresDatabaseProps> = {}, network = testNetwork(stack)): PostgresDatabase {
  return new PostgresDatabase(stack, "database", {
    identifier: "coherent-dev-postgres",
    network,
    subnetGroupName: "coherent-data-subnet-group-dev",
    securityGroup: new SecurityGroup(stack, "db-sg", { network, name: "db-sg", description: "db" }),
    databaseName: "coherent",
    masterUsername: "coherent_admin",
    account: stack.account,
    ...overrides,
  });
}

describe("PostgresDatabase", () => {
  test("GIVEN grantConnect THEN the grantee may log in as exactly those database users of this instance with IAM tokens, and reads no secret", () => {
    const granted = grantsOf(
      (stack) => database(stack, { kmsKey: testKey(stack) }),
      (db, grantee) => db.logins.grantConnect(grantee, ["coherent_app", "coherent_backup"]),
    );
    const user = (name: string) =>
      `arn:\${data.aws_partition.current-partition.partition}:rds-db:us-east-1:\${data.aws_caller_identity.current-account.account_id}:dbuser:\${aws_db_instance.database.resource_id}/${name}`;
    expect(granted).toEqual([
      { Sid: "ConnectToDatabase", Effect: "Allow", Action: "rds-db:connect", Resource: [user("coherent_app"), user("coherent_backup")] },
    ]);
  });

  test("GIVEN the master user among the logins THEN the grant is refused", () => {
    const stack = moduleTestStack();
    const db = database(stack);
    expect(() => db.logins.grantConnect(testGrantee(stack), ["coherent_admin"])).toThrow(
      'PostgresDatabase "test/database": roles = ["coherent_admin"]: must not include the master user coherent_admin',
    );
  });

  test("GIVEN bootstrap statements THEN they create the app and backup roles idempotently with IAM login, the app owning schema app and the backup reading all data", () => {
    const statements = database(moduleTestStack()).logins.bootstrapStatements({
      app: { role: "coherent_app", schema: "app" },
      backupRole: "coherent_backup",
    });
    expect(statements).toEqual([
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'coherent_app') THEN CREATE ROLE coherent_app LOGIN; END IF; END $$",
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'coherent_backup') THEN CREATE ROLE coherent_backup LOGIN; END IF; END $$",
      "GRANT rds_iam TO coherent_app, coherent_backup",
      "GRANT CONNECT ON DATABASE coherent TO coherent_app, coherent_backup",
      "CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION coherent_app",
      "ALTER SCHEMA app OWNER TO coherent_app",
      "ALTER ROLE coherent_app SET search_path TO app",
      "GRANT pg_read_all_data TO coherent_backup",
    ]);
  });

  test("GIVEN a role name that is not a plain identifier THEN no SQL is written for it", () => {
    expect(() => database(moduleTestStack()).logins.bootstrapStatements({ app: { role: "app; DROP TABLE x", schema: "app" } })).toThrow(
      /role = "app; DROP TABLE x": must be a PostgreSQL role name/,
    );
  });

  test("GIVEN a snapshot to restore THEN the instance is restored from it, and its final snapshot name changes with it", () => {
    const { json } = synthModule((stack) => database(stack, { restoreFromSnapshot: "rds:coherent-prod-postgres-2026-12-01-03-10" }));
    expect(resource(json, "aws_db_instance.database").snapshot_identifier).toBe("rds:coherent-prod-postgres-2026-12-01-03-10");
    expect(resource(json, "terraform_data.database_final-snapshot-suffix").triggers_replace).toEqual({
      identifier: "coherent-dev-postgres",
      databaseName: "coherent",
      masterUsername: "coherent_admin",
      restoredFrom: "rds:coherent-prod-postgres-2026-12-01-03-10",
    });
  });

  test("GIVEN the defaults THEN it is PostgreSQL 14 following AWS's minor releases, db.t3.micro with 20 GB gp3 growing to 100 GB, encrypted", () => {
    const { json } = synthModule((stack) => database(stack));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      identifier: "coherent-dev-postgres",
      engine: "postgres",
      engine_version: "14",
      auto_minor_version_upgrade: true,
      instance_class: "db.t3.micro",
      db_name: "coherent",
      port: 5432,
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_encrypted: true,
    });
  });

  test("GIVEN a full version such as the seed's 14.10 THEN it is pinned: no automatic minor upgrades", () => {
    const { json } = synthModule((stack) => database(stack, { engineVersion: "14.10" }));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({ engine_version: "14.10", auto_minor_version_upgrade: false });
  });

  test("GIVEN the instance THEN it lives in the private subnets only and is never publicly accessible", () => {
    const { json } = synthModule((stack) => database(stack));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      publicly_accessible: false,
      db_subnet_group_name: "${aws_db_subnet_group.database_subnet-group.name}",
      vpc_security_group_ids: ["${aws_security_group.db-sg.id}"],
    });
    expect(resource(json, "aws_db_subnet_group.database_subnet-group")).toMatchObject({
      name: "coherent-data-subnet-group-dev",
      subnet_ids: ["${aws_subnet.network_private-1.id}", "${aws_subnet.network_private-2.id}"],
    });
  });

  test("GIVEN the master user THEN RDS manages its password in Secrets Manager and no password is in the configuration", () => {
    const { json, construct } = synthModule((stack) => database(stack));
    const instance = resource(json, "aws_db_instance.database");
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.iam_database_authentication_enabled).toBe(true);
    expect(instance.username).toBe("coherent_admin");
    expect(instance.password).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/"password"/);
    expect(construct.masterSecretArn).toMatch(/TfToken/);
  });

  test("GIVEN the parameter group THEN SSL is forced, pgAudit logs DDL and role changes, and connections are logged", () => {
    const { json } = synthModule((stack) => database(stack));
    const group = resource(json, "aws_db_parameter_group.database_parameter-group");
    expect(group).toMatchObject({
      name: "coherent-dev-postgres-postgres14",
      family: "postgres14",
      lifecycle: { create_before_destroy: true },
    });
    expect(group.parameter).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
      // Static: RDS refuses "immediate" for it; a new instance boots with it, an existing one at its next reboot.
      { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", apply_method: "pending-reboot" },
      { name: "pgaudit.log", value: "ddl,role", apply_method: "immediate" },
      { name: "pgaudit.role", value: "rds_pgaudit", apply_method: "immediate" },
      { name: "log_connections", value: "1", apply_method: "immediate" },
      { name: "log_disconnections", value: "1", apply_method: "immediate" },
      // log_statement = ddl would write ALTER ROLE ... PASSWORD in clear text; pgAudit redacts it.
      { name: "log_statement", value: "none", apply_method: "immediate" },
    ]);
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      parameter_group_name: "${aws_db_parameter_group.database_parameter-group.name}",
      enabled_cloudwatch_logs_exports: expect.arrayContaining(["postgresql"]),
    });
  });

  test("GIVEN audit logging off THEN pgAudit is not preloaded and nothing beyond SSL is set", () => {
    const { json } = synthModule((stack) => database(stack, { auditLogging: false }));
    expect(resource(json, "aws_db_parameter_group.database_parameter-group").parameter).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
    ]);
  });

  test("GIVEN a single-AZ instance near the app subnet THEN it is pinned to that subnet's zone, and a later zone change never replaces it", () => {
    const { json } = synthModule((stack) => {
      const network = testNetwork(stack);
      return database(stack, { sameZoneAs: network.publicSubnets[0] }, network);
    });
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      multi_az: false,
      availability_zone: "us-east-1a",
      lifecycle: { ignore_changes: ["availability_zone"] },
    });
  });

  test("GIVEN no sameZoneAs THEN AWS chooses the zone", () => {
    const { json } = synthModule((stack) => database(stack));
    expect(resource(json, "aws_db_instance.database").availability_zone).toBeUndefined();
  });

  test("GIVEN the defaults THEN backups are kept 7 days in the 03:00-04:00 UTC window, logs go to CloudWatch, and the instance is protected", () => {
    const { json } = synthModule((stack) => database(stack));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      backup_retention_period: 7,
      backup_window: "03:00-04:00",
      maintenance_window: "sun:04:30-sun:05:30",
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      performance_insights_enabled: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "coherent-dev-postgres-final-${substr(terraform_data.database_final-snapshot-suffix.id, 0, 8)}",
      multi_az: false,
      delete_automated_backups: false,
    });
  });

  test("GIVEN Multi-AZ and no protection THEN the standby is on and the instance can be destroyed without a snapshot", () => {
    const { json } = synthModule((stack) => database(stack, { multiAz: true, deletionProtection: false, finalSnapshot: false }));
    const instance = resource(json, "aws_db_instance.database");
    expect(instance).toMatchObject({ multi_az: true, deletion_protection: false, skip_final_snapshot: true });
    expect(instance.final_snapshot_identifier).toBeUndefined();
    expect(resources(json, "terraform_data")).toEqual({});
  });

  test("GIVEN the defaults THEN Enhanced Monitoring samples the OS every 60 s through its own role, created before the instance", () => {
    const { json } = synthModule((stack) => database(stack));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      monitoring_interval: 60,
      monitoring_role_arn: "${aws_iam_role.database_monitoring-role.arn}",
    });
    expect(resource(json, "aws_db_instance.database").depends_on).toContain(
      "aws_iam_role_policy_attachment.database_monitoring-role_policy",
    );
    const role = resource(json, "aws_iam_role.database_monitoring-role");
    expect(role.name).toBe("coherent-dev-postgres-monitoring");
    expect(policy(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    expect(resource(json, "aws_iam_role_policy_attachment.database_monitoring-role_policy")).toMatchObject({
      role: "${aws_iam_role.database_monitoring-role.name}",
      policy_arn: expect.stringMatching(/^arn:\$\{.+\}:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/),
    });
  });

  test("GIVEN monitoringIntervalSeconds 0 THEN Enhanced Monitoring is off and no role is created", () => {
    const { json, construct } = synthModule((stack) => database(stack, { monitoringIntervalSeconds: 0 }));
    const instance = resource(json, "aws_db_instance.database");
    expect(instance.monitoring_interval).toBe(0);
    expect(instance.monitoring_role_arn).toBeUndefined();
    expect(Object.keys(resources(json, "aws_iam_role"))).toEqual(["network_flow-log-role"]);
    expect(construct.monitoringRole).toBeUndefined();
  });

  test("GIVEN a major-only version THEN RDS applies minor upgrades itself and the parameter family follows", () => {
    const { json } = synthModule((stack) => database(stack, { engineVersion: "16" }));
    expect(resource(json, "aws_db_instance.database")).toMatchObject({ engine_version: "16", auto_minor_version_upgrade: true });
    expect(resource(json, "aws_db_parameter_group.database_parameter-group").family).toBe("postgres16");
  });

  test("GIVEN alarms with the db.t3.micro limit of 87 THEN CPU, connections near the limit and low storage notify the topic", () => {
    const { json } = synthModule((stack) => {
      const db = database(stack);
      db.addAlarms(testAlarmTopic(stack), { maxConnections: 87 });
      return db;
    });
    const dimensions = { DBInstanceIdentifier: "${aws_db_instance.database.identifier}" };
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_database-cpu-high")).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "CPUUtilization",
      threshold: 80,
      dimensions,
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_database-connections-high")).toMatchObject({
      metric_name: "DatabaseConnections",
      comparison_operator: "GreaterThanThreshold",
      threshold: 69,
      dimensions,
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_database-free-storage-low")).toMatchObject({
      metric_name: "FreeStorageSpace",
      comparison_operator: "LessThanThreshold",
      threshold: 2 * 1024 ** 3,
    });
  });

  test.each<[Partial<PostgresDatabaseProps>, RegExp]>([
    [
      { engineVersion: "latest" },
      /PostgresDatabase "test\/database": engineVersion = "latest": must be a PostgreSQL version like 14\.10 or a major version like 14/,
    ],
    [
      { identifier: "Coherent_DB" },
      /PostgresDatabase "test\/database": identifier = "Coherent_DB": must be 1-63 lowercase letters, digits and hyphens starting with a letter \(no trailing or double hyphen\)/,
    ],
    [
      { allocatedStorageGb: 10 },
      /PostgresDatabase "test\/database": allocatedStorageGb = 10: must be a whole number >= 20 \(the gp3 minimum\)/,
    ],
    [{ maxAllocatedStorageGb: 19 }, /PostgresDatabase "test\/database": maxAllocatedStorageGb = 19: must be >= allocatedStorageGb \(20\)/],
    [
      { backupRetentionDays: 0 },
      /PostgresDatabase "test\/database": backupRetentionDays = 0: must be 1-35 \(0 would turn off backups and point-in-time recovery\)/,
    ],
    [{ backupWindow: "3am" }, /PostgresDatabase "test\/database": backupWindow = "3am": must be hh:mm-hh:mm in UTC like 03:00-04:00/],
    [
      { maintenanceWindow: "sunday" },
      /PostgresDatabase "test\/database": maintenanceWindow = "sunday": must be ddd:hh:mm-ddd:hh:mm in UTC like sun:04:30-sun:05:30/,
    ],
    [
      // RDS refuses a maintenance window that conflicts with the backup window (the config schema refuses it too).
      { backupWindow: "04:00-05:00", maintenanceWindow: "sun:04:30-sun:05:30" },
      /PostgresDatabase "test\/database": maintenanceWindow = "sun:04:30-sun:05:30": must not overlap the backupWindow 04:00-05:00/,
    ],
    [
      { monitoringIntervalSeconds: 2 },
      /PostgresDatabase "test\/database": monitoringIntervalSeconds = 2: must be one of 0, 1, 5, 10, 15, 30, 60 \(0 turns Enhanced Monitoring off\)/,
    ],
    [
      { monitoringIntervalSeconds: 120 },
      /PostgresDatabase "test\/database": monitoringIntervalSeconds = 120: must be one of 0, 1, 5, 10, 15, 30, 60 \(0 turns Enhanced Monitoring off\)/,
    ],
    [
      { monitoringIntervalSeconds: -1 },
      /PostgresDatabase "test\/database": monitoringIntervalSeconds = -1: must be one of 0, 1, 5, 10, 15, 30, 60 \(0 turns Enhanced Monitoring off\)/,
    ],
    [
      { identifier: `a${"b".repeat(54)}` },
      /PostgresDatabase "test\/database": identifier = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": must be at most 53 characters with Enhanced Monitoring on \(the role "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-monitoring" would exceed IAM's 64\)/,
    ],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => database(moduleTestStack(), overrides)).toThrow(message);
  });

  test("GIVEN Multi-AZ and a zone THEN it is refused: RDS places the primary and standby of a Multi-AZ instance itself", () => {
    const stack = moduleTestStack();
    const network = testNetwork(stack);
    expect(() => database(stack, { multiAz: true, sameZoneAs: network.publicSubnets[0] }, network)).toThrow(
      /PostgresDatabase "test\/database": sameZoneAs = "test\/network\/public-1": is for a single-AZ instance: RDS refuses an availability zone for a Multi-AZ deployment, whose primary and standby it places itself/,
    );
  });

  test("GIVEN a subnet of another network, or a zone without a private subnet THEN it is refused", () => {
    const foreign = testNetwork(moduleTestStack("other")).publicSubnets[0];
    expect(() => database(moduleTestStack(), { sameZoneAs: foreign })).toThrow(
      /PostgresDatabase "test\/database": sameZoneAs = "other\/network\/public-1": must be one of the network's subnets/,
    );
    const stack = moduleTestStack();
    const threeZones = testNetwork(stack, {
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      publicSubnets: [1, 2, 3].map((n) => ({ name: `public-${n}`, cidr: `10.0.${n}.0/24` })),
    });
    expect(() => database(stack, { sameZoneAs: threeZones.publicSubnets[2] }, threeZones)).toThrow(
      /PostgresDatabase "test\/database": sameZoneAs = "test\/network\/public-3": is in us-east-1c, where the network has no private subnet for the database/,
    );
  });

  test.each([
    [{ maxConnections: 0 }, /PostgresDatabase "test\/database": maxConnections = 0: must be a whole number >= 1/],
    [
      { maxConnections: 87, connectionsPercent: 150 },
      /PostgresDatabase "test\/database": connectionsPercent = 150: must be above 0 and at most 100/,
    ],
    [
      { maxConnections: 87, freeStorageGb: 0 },
      /PostgresDatabase "test\/database": freeStorageGb = 0: must be above 0 and below allocatedStorageGb \(20\)/,
    ],
    // FreeStorageSpace of a 20 GiB instance never reaches 20 GiB: the alarm would fire from the first minute.
    [
      { maxConnections: 87, freeStorageGb: 20 },
      /PostgresDatabase "test\/database": freeStorageGb = 20: must be above 0 and below allocatedStorageGb \(20\)/,
    ],
  ])("GIVEN alarm options %j THEN they are refused", (options, message) => {
    const stack = moduleTestStack();
    const db = database(stack);
    expect(() => db.addAlarms(testAlarmTopic(stack), options)).toThrow(message);
  });
});
