import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { coherentConfigDefinition } from "../../lib/config/coherent";
import { parseConfig } from "../../lib/config/load";
import { stateBackendConfig } from "../../lib/config/state-backend";
import { CoherentStack } from "../../stacks/coherent-stack";
import { JsonTree, SynthesizedStack, bucketNames, expectPinnedAddresses, policy, resource, resources, synthesize } from "../support/synth";

const CONFIG_DIR = path.join(__dirname, "..", "..", "config");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));
const stateBackend = parseConfig("state-backend.json", readJson("state-backend.json"), stateBackendConfig);
const schema = coherentConfigDefinition.schema(stateBackend);
type Input = Record<string, unknown>;

/** The checked-in file for `environment`, with top-level sections replaced by `overrides`. */
function fileConfig(environment: string, overrides: Input = {}): Input {
  return { ...readJson(`coherent-${environment}.json`), ...overrides };
}

function synth(environment: string, input: Input): SynthesizedStack {
  const config = parseConfig(`coherent-${environment}.json`, input, schema);
  return synthesize(new CoherentStack(Testing.app(), `coherent-${environment}`, { environment, config }));
}

const cache = new Map<string, SynthesizedStack>();
/** The checked-in dev or prod stack, synthesized once. */
function checkedIn(environment: "dev" | "prod"): SynthesizedStack {
  if (!cache.has(environment)) cache.set(environment, synth(environment, fileConfig(environment)));
  return cache.get(environment)!;
}

const ingress = (json: SynthesizedStack) => resources(json, "aws_vpc_security_group_ingress_rule");

describe.each(["dev", "prod"] as const)("coherent-%s", (environment) => {
  test("GIVEN the checked-in config THEN the addresses are the reviewed ones", () => {
    expectPinnedAddresses(checkedIn(environment), `coherent-${environment}`);
  });

  test("GIVEN the seed's network THEN the VPC and the four subnets have its CIDRs over two AZs, with one NAT gateway", () => {
    const json = checkedIn(environment);
    expect(resource(json, "aws_vpc.network_vpc").cidr_block).toBe("10.0.0.0/16");
    const subnets = Object.fromEntries(
      Object.entries(resources(json, "aws_subnet")).map(([name, subnet]) => [name, [subnet.cidr_block, subnet.availability_zone]]),
    );
    expect(subnets).toEqual({
      "network_app-subnet-1": ["10.0.1.0/24", "us-east-1a"],
      "network_app-subnet-2": ["10.0.2.0/24", "us-east-1b"],
      "network_data-subnet-1": ["10.0.11.0/24", "us-east-1a"],
      "network_data-subnet-2": ["10.0.12.0/24", "us-east-1b"],
    });
    expect(resource(json, "aws_nat_gateway.network_nat-gateway-1").subnet_id).toBe("${aws_subnet.network_app-subnet-1.id}");
    expect(resource(json, "aws_flow_log.network_flow-log").traffic_type).toBe("ALL");
  });

  test("GIVEN the security groups THEN SSH comes only from sshAllowedCidr, 80 is public (through the ALB in prod), 443 is closed where nginx has no certificate, and 5432 only from app-sg", () => {
    const rules = ingress(checkedIn(environment));
    expect(rules["app-sg_ssh"]).toMatchObject({ from_port: 22, to_port: 22, cidr_ipv4: "203.0.113.0/24" });
    const publicPath =
      environment === "prod" ? { referenced_security_group_id: "${aws_security_group.alb-sg.id}" } : { cidr_ipv4: "0.0.0.0/0" };
    expect(rules["app-sg_http"]).toMatchObject({ from_port: 80, ...publicPath });
    // dev has no domain (nginx serves plain HTTP) and prod ends TLS at the load balancer: nothing listens on 443.
    expect(rules["app-sg_https"]).toBeUndefined();
    expect(
      Object.values(rules).filter((rule) => rule.security_group_id === "${aws_security_group.app-sg.id}" && rule.from_port === 443),
    ).toEqual([]);
    if (environment === "prod") {
      expect(rules["alb-sg_https-from-internet"]).toMatchObject({ from_port: 443, cidr_ipv4: "0.0.0.0/0" });
      expect(rules["alb-sg_http-from-internet"]).toMatchObject({ from_port: 80, cidr_ipv4: "0.0.0.0/0" });
    }
    expect(rules["db-sg_postgres"]).toMatchObject({
      security_group_id: "${aws_security_group.db-sg.id}",
      from_port: 5432,
      to_port: 5432,
      referenced_security_group_id: "${aws_security_group.app-sg.id}",
    });
    expect(Object.keys(rules).filter((name) => name.startsWith("db-sg_"))).toEqual(["db-sg_postgres"]);
  });

  test("GIVEN any rule THEN it has a description, and neither SSH nor PostgreSQL is open to the internet", () => {
    const json = checkedIn(environment);
    const all = { ...ingress(json), ...resources(json, "aws_vpc_security_group_egress_rule") };
    for (const rule of Object.values(all)) expect(String(rule.description).length).toBeGreaterThan(5);
    for (const rule of Object.values(ingress(json))) {
      if (rule.cidr_ipv4 === "0.0.0.0/0") expect([80, 443, 4000, 5173]).toContain(rule.from_port);
    }
    expect(resource(json, "aws_db_instance.database").publicly_accessible).toBe(false);
  });

  test("GIVEN the database THEN it is PostgreSQL 14 (newest minor, automatic minor upgrades) with 20-100 GB encrypted gp3, SSL forced, 7-day backups at 03:00-04:00, in the private subnets", () => {
    const json = checkedIn(environment);
    expect(resource(json, "aws_db_instance.database")).toMatchObject({
      identifier: `coherent-${environment}-postgres`,
      engine_version: "14",
      auto_minor_version_upgrade: true,
      db_name: "coherent",
      port: 5432,
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_encrypted: true,
      backup_retention_period: 7,
      backup_window: "03:00-04:00",
      manage_master_user_password: true,
      vpc_security_group_ids: ["${aws_security_group.db-sg.id}"],
    });
    expect(resource(json, "aws_db_subnet_group.database_subnet-group")).toMatchObject({
      name: `coherent-data-subnet-group-${environment}`,
      subnet_ids: ["${aws_subnet.network_data-subnet-1.id}", "${aws_subnet.network_data-subnet-2.id}"],
    });
    expect(resource(json, "aws_db_parameter_group.database_parameter-group").parameter).toContainEqual({
      name: "rds.force_ssl",
      value: "1",
      apply_method: "immediate",
    });
  });

  test("GIVEN the synthesized JSON THEN no secret value is in it: no password attribute, no secret version, no generated password", () => {
    const json = checkedIn(environment);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"(password|master_password|secret_string|password_wo)"/);
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(text).not.toMatch(/random_password/);
  });

  test("GIVEN the app server THEN it is Ubuntu 22.04 from Canonical's SSM parameter, IMDSv2, 30 GB encrypted gp3, with an Elastic IP", () => {
    const json = checkedIn(environment);
    expect(json.data?.aws_ssm_parameter?.["ubuntu-ami"]).toEqual({
      name: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
    });
    const instance = resource(json, "aws_instance.app-server");
    expect(instance).toMatchObject({
      ami: "${data.aws_ssm_parameter.ubuntu-ami.value}",
      subnet_id: "${aws_subnet.network_app-subnet-1.id}",
      monitoring: true,
      metadata_options: { http_tokens: "required" },
      root_block_device: { volume_type: "gp3", volume_size: 30, encrypted: true },
      iam_instance_profile: "${aws_iam_instance_profile.ec2-role_instance-profile.name}",
    });
    expect(resource(json, "aws_eip.app-server_elastic-ip").instance).toBe("${aws_instance.app-server.id}");
    // Only names: what a restore or replacement changes is read from SSM at run time, never baked in.
    expect(String(instance.user_data)).toContain(`readonly PARAMETERS_PATH='/coherent/${environment}'`);
    expect(String(instance.user_data)).not.toMatch(/\$\{(aws_db_instance|aws_secretsmanager_secret|aws_s3_bucket)\./);
  });

  test("GIVEN the runtime parameters THEN the endpoint, database, roles, bucket (and in prod the secret ARNs) are SSM parameters Terraform keeps current", () => {
    const json = checkedIn(environment);
    const parameters = Object.fromEntries(
      Object.values(resources(json, "aws_ssm_parameter")).map((parameter) => [parameter.name, parameter.insecure_value]),
    );
    const path = `/coherent/${environment}`;
    expect(parameters).toMatchObject({
      [`${path}/DB_HOST`]: "${aws_db_instance.database.address}",
      [`${path}/DB_PORT`]: "5432",
      [`${path}/DB_NAME`]: "coherent",
      [`${path}/DB_USER`]: "coherent_app",
      [`${path}/DB_BACKUP_USER`]: "coherent_backup",
      [`${path}/ARTIFACTS_BUCKET`]: "${aws_s3_bucket.artifacts.bucket}",
    });
    const secretArns = Object.keys(parameters).filter((name) => name.endsWith("_SECRET_ARN"));
    expect(secretArns.sort()).toEqual(
      environment === "prod"
        ? [`${path}/JWT_SIGNING_KEY_SECRET_ARN`, `${path}/MINIO_ROOT_PASSWORD_SECRET_ARN`, `${path}/REDIS_PASSWORD_SECRET_ARN`]
        : [],
    );
    expect(Object.values(resources(json, "aws_ssm_parameter")).every((parameter) => parameter.type === "String")).toBe(true);
    expect(json.output?.runtime_parameters_path.value).toBe(path);
  });

  test("GIVEN the instance role THEN it logs in to the database as the app and backup roles with IAM tokens and no role of the stack can read the master secret", () => {
    const json = checkedIn(environment);
    const runtime = policy(resource(json, "aws_iam_role_policy.ec2-role_runtime-policy").policy).Statement;
    const user = (name: string) =>
      `arn:\${data.aws_partition.current-partition.partition}:rds-db:us-east-1:\${data.aws_caller_identity.current-account.account_id}:dbuser:\${aws_db_instance.database.resource_id}/${name}`;
    expect(runtime).toContainEqual({
      Sid: "ConnectToDatabase",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: [user("coherent_app"), user("coherent_backup")],
    });
    expect(runtime).toContainEqual(
      expect.objectContaining({
        Action: ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"],
        Resource: [
          `arn:\${data.aws_partition.current-partition.partition}:ssm:us-east-1:\${data.aws_caller_identity.current-account.account_id}:parameter/coherent/${environment}`,
          `arn:\${data.aws_partition.current-partition.partition}:ssm:us-east-1:\${data.aws_caller_identity.current-account.account_id}:parameter/coherent/${environment}/*`,
        ],
      }),
    );
    const rolePolicies = Object.values(resources(json, "aws_iam_role_policy")).map((rolePolicy) => String(rolePolicy.policy));
    expect(rolePolicies.filter((text) => text.includes("master_user_secret"))).toEqual([]);
  });

  test("GIVEN the EC2 role THEN its names carry the environment and its S3 access is limited to the artifacts bucket", () => {
    const json = checkedIn(environment);
    expect(resource(json, "aws_iam_role.ec2-role").name).toBe(`coherent-ec2-role-${environment}`);
    expect(resource(json, "aws_iam_instance_profile.ec2-role_instance-profile").name).toBe(`coherent-ec2-profile-${environment}`);
    const s3 = resource(json, "aws_iam_role_policy.ec2-role_bucket-policy");
    expect(s3.name).toBe("coherent-ec2-s3-policy");
    expect(policy(s3.policy).Statement.map((statement) => statement.Resource)).toEqual([
      "${aws_s3_bucket.artifacts.arn}/*",
      "${aws_s3_bucket.artifacts.arn}",
      "${aws_kms_key.kms-key.arn}",
    ]);
    expect(policy(s3.policy).Statement[2]).toMatchObject({
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    // Application secrets (prod) are the only secrets the role reads; dev has none and so no secrets policy.
    if (environment === "dev") expect(resources(json, "aws_iam_role_policy")["ec2-role_secrets-policy"]).toBeUndefined();
    else {
      const [secrets, decrypt] = policy(resource(json, "aws_iam_role_policy.ec2-role_secrets-policy").policy).Statement;
      expect(secrets.Resource).toEqual([
        "${aws_secretsmanager_secret.app-secrets_jwt-signing-key.arn}",
        "${aws_secretsmanager_secret.app-secrets_redis-password.arn}",
        "${aws_secretsmanager_secret.app-secrets_minio-root-password.arn}",
      ]);
      expect(decrypt).toMatchObject({
        Action: "kms:Decrypt",
        Resource: "${aws_kms_key.kms-key.arn}",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      });
    }
  });

  test("GIVEN the artifacts bucket THEN it is coherent-artifacts-<env>-<account id>: AES-256, versioned, private, TLS-only, tiered 30/90/365 and folders created", () => {
    const json = checkedIn(environment);
    expect(bucketNames(json).artifacts).toBe(`coherent-artifacts-${environment}-111122223333`);
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration.artifacts_encryption").rule).toEqual([
      // AES-256 as the seed says, under the stack's customer-managed key (the guardrails require KMS for data buckets).
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.kms-key.arn}" },
        bucket_key_enabled: true,
      },
    ]);
    expect(resource(json, "aws_s3_bucket_versioning.artifacts_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resource(json, "aws_s3_bucket_public_access_block.artifacts_public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const [rule] = resource(json, "aws_s3_bucket_lifecycle_configuration.artifacts_lifecycle").rule as Record<string, unknown>[];
    expect(rule).toMatchObject({
      transition: [
        { days: 30, storage_class: "STANDARD_IA" },
        { days: 90, storage_class: "GLACIER" },
      ],
      expiration: [{ days: 365 }],
      // Overwritten and deleted versions: 30 days in Standard (the seed's "retained for 30 days"), then
      // Glacier ("old versions transitioned to Glacier") for its 90-day minimum, then deleted.
      noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "GLACIER" }],
      noncurrent_version_expiration: [{ noncurrent_days: 120 }],
    });
    expect(policy(resource(json, "aws_s3_bucket_policy.artifacts_policy").policy).Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const keys = Object.values(resources(json, "aws_s3_object"))
      .map((object) => object.key)
      .sort();
    expect(keys).toEqual(["artifacts/", "backups/", "documents/", "uploads/"]);
  });

  test("GIVEN monitoring THEN app, nginx and system log groups exist and the EC2 and RDS alarms notify the SNS topic", () => {
    const json = checkedIn(environment);
    for (const group of ["app", "nginx", "system"]) {
      expect(resource(json, `aws_cloudwatch_log_group.log-groups_${group}`).name).toBe(`/coherent/${environment}/${group}`);
    }
    expect(resource(json, "aws_sns_topic.alarms").name).toBe(`coherent-${environment}-alarms`);
    const alarms = resources(json, "aws_cloudwatch_metric_alarm");
    const loadBalancerAlarms = [
      "alarms_load-balancer-api-no-healthy-hosts",
      "alarms_load-balancer-elb-5xx",
      "alarms_load-balancer-response-time-p95",
      "alarms_load-balancer-web-no-healthy-hosts",
    ];
    expect(Object.keys(alarms).sort()).toEqual([
      "alarms_app-server-coherent-api-down",
      "alarms_app-server-coherent-web-down",
      "alarms_app-server-cpu-high",
      "alarms_app-server-instance-check-failed",
      "alarms_app-server-system-check-failed",
      "alarms_database-connections-high",
      "alarms_database-cpu-high",
      "alarms_database-free-storage-low",
      ...(environment === "prod" ? loadBalancerAlarms : []),
      "alarms_runtime-backup-missing",
    ]);
    for (const alarm of Object.values(alarms)) expect(alarm.alarm_actions).toContain("${aws_sns_topic.alarms.arn}");
    expect(alarms["alarms_app-server-system-check-failed"].alarm_actions).toContain(
      "arn:${data.aws_partition.current-partition.partition}:automate:us-east-1:ec2:recover",
    );
  });

  test("GIVEN the alarms THEN each threshold is reachable in its metric's unit, over the period it names", () => {
    const alarms = resources(checkedIn(environment), "aws_cloudwatch_metric_alarm");
    const summary = Object.fromEntries(
      Object.entries(alarms).map(([name, a]) => [
        name,
        [
          a.metric_name,
          a.statistic ?? a.extended_statistic,
          a.comparison_operator,
          a.threshold,
          Number(a.period) * Number(a.evaluation_periods),
          a.treat_missing_data,
        ],
      ]),
    );
    // db.t3.micro (dev) allows 87 connections, db.t3.small (prod) 198: alarm at 80%. FreeStorageSpace is in bytes.
    const connections = environment === "dev" ? 69 : 158;
    expect(summary).toEqual({
      "alarms_app-server-cpu-high": ["CPUUtilization", "Average", "GreaterThanThreshold", 80, 900, "missing"],
      "alarms_app-server-system-check-failed": ["StatusCheckFailed_System", "Maximum", "GreaterThanOrEqualToThreshold", 1, 120, "missing"],
      "alarms_app-server-instance-check-failed": [
        "StatusCheckFailed_Instance",
        "Maximum",
        "GreaterThanOrEqualToThreshold",
        1,
        180,
        "missing",
      ],
      // PM2's apps gone (or the agent silent) for 3 minutes; no successful pg_dump for 26 hours.
      "alarms_app-server-coherent-api-down": ["procstat_lookup_pid_count", "Minimum", "LessThanThreshold", 1, 180, "breaching"],
      "alarms_app-server-coherent-web-down": ["procstat_lookup_pid_count", "Minimum", "LessThanThreshold", 1, 180, "breaching"],
      "alarms_runtime-backup-missing": ["BackupSucceeded", "Sum", "LessThanThreshold", 1, 26 * 3600, "breaching"],
      "alarms_database-cpu-high": ["CPUUtilization", "Average", "GreaterThanThreshold", 80, 900, "missing"],
      "alarms_database-connections-high": ["DatabaseConnections", "Maximum", "GreaterThanThreshold", connections, 600, "missing"],
      "alarms_database-free-storage-low": ["FreeStorageSpace", "Minimum", "LessThanThreshold", 2 * 1024 ** 3, 600, "missing"],
      ...(environment === "prod" && {
        "alarms_load-balancer-elb-5xx": ["HTTPCode_ELB_5XX_Count", "Sum", "GreaterThanThreshold", 10, 120, "notBreaching"],
        "alarms_load-balancer-api-no-healthy-hosts": ["HealthyHostCount", "Minimum", "LessThanThreshold", 1, 120, "breaching"],
        "alarms_load-balancer-web-no-healthy-hosts": ["HealthyHostCount", "Minimum", "LessThanThreshold", 1, 120, "breaching"],
        "alarms_load-balancer-response-time-p95": ["TargetResponseTime", "p95", "GreaterThanThreshold", 1, 900, "notBreaching"],
      }),
    });
  });

  test("GIVEN the database THEN pgAudit logs DDL and role changes into the PostgreSQL log exported to CloudWatch (the seed's audit logging)", () => {
    const json = checkedIn(environment);
    const parameters = resource(json, "aws_db_parameter_group.database_parameter-group").parameter as { name: string; value: string }[];
    expect(parameters).toContainEqual(expect.objectContaining({ name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit" }));
    expect(parameters).toContainEqual(expect.objectContaining({ name: "pgaudit.log", value: "ddl,role" }));
    expect(resource(json, "aws_db_instance.database").enabled_cloudwatch_logs_exports).toContain("postgresql");
    expect(resource(json, "aws_cloudwatch_log_group.database_postgresql-log-group").name).toBe(
      `/aws/rds/instance/coherent-${environment}-postgres/postgresql`,
    );
  });

  test("GIVEN the outputs THEN an operator gets the address, URL, database endpoint and secret, bucket and topic", () => {
    const outputs = checkedIn(environment).output ?? {};
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        "public_ip",
        "public_dns",
        "app_url",
        "database_endpoint",
        "database_secret_arn",
        "artifacts_bucket",
        "alarm_topic_arn",
      ]),
    );
    expect(outputs.database_secret_arn.value).toBe("${aws_db_instance.database.master_user_secret[0].secret_arn}");
    // What the operator runs once as the master user: the app's and the backup's IAM-authenticated roles.
    expect(outputs.database_bootstrap_statements.value).toEqual(
      expect.arrayContaining(["GRANT rds_iam TO coherent_app, coherent_backup", "GRANT pg_read_all_data TO coherent_backup"]),
    );
    expect(resource(checkedIn(environment), "aws_db_instance.database").final_snapshot_identifier).toBe(
      `coherent-${environment}-postgres-final-\${substr(terraform_data.database_final-snapshot-suffix.id, 0, 8)}`,
    );
    expect(outputs.public_ip.value).toBe("${aws_eip.app-server_elastic-ip.public_ip}");
  });

  test("GIVEN any bucket THEN its global name carries the account id, so no other account's bucket can take it", () => {
    const json = checkedIn(environment);
    const buckets = Object.values(resources(json, "aws_s3_bucket")).map((bucket) => String(bucket.bucket));
    expect(buckets.filter((bucket) => !bucket.endsWith("-${data.aws_caller_identity.current-account.account_id}"))).toEqual([]);
    // Still the seed's names: coherent-artifacts-<env>-<account id>, coherent-<env>-access-logs-<account id>, ...
    const seedLike = (name: string) => name.startsWith("coherent-") && name.includes(`-${environment}-`);
    expect(Object.values(bucketNames(json)).filter((name) => !seedLike(name))).toEqual([]);
  });
});

describe("coherent bucket names", () => {
  test("GIVEN the longest environment name (16 characters) in prod THEN every bucket name fits S3's 63 characters with a 12-digit account id", () => {
    const environment = "abcdefghijklmnop";
    const names = bucketNames(synth(environment, fileConfig("prod")));
    expect(Object.keys(names).sort()).toEqual(["access-logs", "artifacts", "audit-trail_bucket", "config-recorder_bucket"]);
    for (const name of Object.values(names)) expect(name.length).toBeLessThanOrEqual(63);
    expect(names.artifacts).toBe(`coherent-artifacts-${environment}-111122223333`);
  });

  test("GIVEN artifacts.bucketName THEN the operator's exact name is used, without the account id", () => {
    const json = synth("dev", fileConfig("dev", { artifacts: { bucketName: "acme-coherent-artifacts" } }));
    expect(resource(json, "aws_s3_bucket.artifacts").bucket).toBe("acme-coherent-artifacts");
  });
});

describe("coherent prod differs from dev where the seed says so", () => {
  test("GIVEN dev THEN ports 80, 4000 and 5173 are open to anyone; GIVEN prod THEN only the load balancer (and its WAF) reaches them", () => {
    for (const port of ["http", "api", "web"]) {
      expect(ingress(checkedIn("dev"))[`app-sg_${port}`]).toMatchObject({ cidr_ipv4: "0.0.0.0/0" });
      const rule = ingress(checkedIn("prod"))[`app-sg_${port}`];
      expect(rule).toMatchObject({ referenced_security_group_id: "${aws_security_group.alb-sg.id}" });
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    expect(ingress(checkedIn("prod"))["app-sg_api"].from_port).toBe(4000);
    expect(ingress(checkedIn("prod"))["app-sg_web"].from_port).toBe(5173);
  });

  test("GIVEN prod THEN the database is Multi-AZ, deletion-protected, snapshotted on destroy and larger; dev is single-AZ and unprotected", () => {
    expect(resource(checkedIn("prod"), "aws_db_instance.database")).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      instance_class: "db.t3.small",
    });
    expect(resource(checkedIn("dev"), "aws_db_instance.database")).toMatchObject({
      multi_az: false,
      deletion_protection: false,
      instance_class: "db.t3.micro",
    });
  });

  test("GIVEN dev THEN the single-AZ database sits in AZ-A with the app server (the seed's Primary Instance (AZ-A)); GIVEN prod THEN RDS places the Multi-AZ pair", () => {
    const dev = checkedIn("dev");
    expect(resource(dev, "aws_instance.app-server").subnet_id).toBe("${aws_subnet.network_app-subnet-1.id}");
    const appZone = resource(dev, "aws_subnet.network_app-subnet-1").availability_zone;
    expect(appZone).toBe("us-east-1a");
    expect(resource(dev, "aws_db_instance.database").availability_zone).toBe(appZone);
    expect(resource(checkedIn("prod"), "aws_db_instance.database").availability_zone).toBeUndefined();
  });

  test("GIVEN prod THEN the server is a t3.large with termination protection; dev is the seed's t3.medium", () => {
    expect(resource(checkedIn("prod"), "aws_instance.app-server")).toMatchObject({
      instance_type: "t3.large",
      disable_api_termination: true,
    });
    expect(resource(checkedIn("dev"), "aws_instance.app-server")).toMatchObject({
      instance_type: "t3.medium",
      disable_api_termination: false,
    });
  });

  test("GIVEN prod THEN an HTTPS load balancer sends /api/* to 4000 (health /api/v1/health) and the rest to 5173, behind WAF", () => {
    const json = checkedIn("prod");
    expect(resource(json, "aws_lb_listener.load-balancer_https-listener")).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      certificate_arn: "${aws_acm_certificate_validation.certificate_validation.certificate_arn}",
      default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.target-groups_web.arn}" }],
    });
    expect(resource(json, "aws_acm_certificate.certificate")).toMatchObject({
      domain_name: "coherent.example.com",
      validation_method: "DNS",
    });
    expect(resource(json, "aws_lb_listener_rule.target-groups_api-rule")).toMatchObject({
      condition: [{ path_pattern: { values: ["/api/*"] } }],
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.target-groups_api.arn}" }],
    });
    expect(resource(json, "aws_lb_target_group.target-groups_api")).toMatchObject({ port: 4000, health_check: { path: "/api/v1/health" } });
    expect(resource(json, "aws_lb_target_group.target-groups_web").port).toBe(5173);
    expect(resource(json, "aws_lb_target_group_attachment.target-groups_api-instance").target_id).toBe("${aws_instance.app-server.id}");
    expect(resource(json, "aws_wafv2_web_acl_association.waf_load-balancer").resource_arn).toBe("${aws_lb.load-balancer.arn}");
    expect(resource(json, "aws_lb.load-balancer").enable_deletion_protection).toBe(true);
    expect(resource(json, "aws_route53_record.dns_coherent_example_com-a")).toMatchObject({
      name: "coherent.example.com",
      alias: { name: "${aws_lb.load-balancer.dns_name}" },
    });
    expect(json.output?.app_url.value).toBe("https://coherent.example.com");
  });

  test("GIVEN prod THEN the WAF takes bodies over 8 KB on /api/ only, refuses declared bodies over 100 MiB everywhere, and holds sign-in to a stricter rate", () => {
    const rules = JSON.parse(String(resource(checkedIn("prod"), "aws_wafv2_web_acl.waf").rule_json)) as {
      Name: string;
      Statement: JsonTree;
    }[];
    const byName = (name: string) => rules.find((rule) => rule.Name === name)!.Statement;
    expect(rules.map((rule) => rule.Name)).toEqual([
      "max-request-body",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "body-over-8kb-outside-body-paths",
      "rate-limit-sign-in",
      "rate-limit-per-ip",
    ]);
    expect(byName("AWSManagedRulesCommonRuleSet").ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } },
    ]);
    const bodyPath = byName("body-over-8kb-outside-body-paths").AndStatement.Statements[1].NotStatement.Statement.ByteMatchStatement;
    expect(bodyPath.SearchString).toBe("/api/");
    const tooLarge = new RegExp(byName("max-request-body").RegexMatchStatement.RegexString);
    expect([tooLarge.test(String(100 * 1024 ** 2)), tooLarge.test(String(100 * 1024 ** 2 + 1))]).toEqual([false, true]);
    const signIn = byName("rate-limit-sign-in").RateBasedStatement;
    expect(signIn).toMatchObject({ Limit: 100, ScopeDownStatement: { ByteMatchStatement: { SearchString: "/api/v1/auth/" } } });
    expect(byName("rate-limit-per-ip").RateBasedStatement).toEqual({ Limit: 2000, AggregateKeyType: "IP" });
    // nginx on the server accepts what the WAF lets through, and no more.
    expect(String(resource(checkedIn("prod"), "aws_instance.app-server").user_data)).toContain("readonly MAX_REQUEST_BODY_MB='100'");
  });

  test("GIVEN prod THEN alarms reach the configured subscriber, and high-severity GuardDuty findings reach the same topic", () => {
    const json = checkedIn("prod");
    expect(resource(json, "aws_sns_topic_subscription.alarms_email-1")).toMatchObject({
      topic_arn: "${aws_sns_topic.alarms.arn}",
      protocol: "email",
      endpoint: "alarms@example.com",
    });
    expect(JSON.parse(String(resource(json, "aws_cloudwatch_event_rule.alarms_guardduty-findings").event_pattern)).detail).toEqual({
      severity: [{ numeric: [">=", 7] }],
    });
    const publishers = policy(resource(json, "aws_sns_topic_policy.alarms_policy").policy).Statement.map(
      (statement) => statement.Principal,
    );
    expect(publishers).toEqual([{ Service: "cloudwatch.amazonaws.com" }, { Service: "events.amazonaws.com" }]);
  });

  test("GIVEN prod THEN GuardDuty, CloudTrail, AWS Config and application secrets exist; GIVEN dev THEN none of them, nor a load balancer", () => {
    const types = [
      "aws_guardduty_detector",
      "aws_cloudtrail",
      "aws_config_configuration_recorder",
      "aws_secretsmanager_secret",
      "aws_lb",
      "aws_wafv2_web_acl",
    ];
    for (const type of types) {
      expect(Object.keys(resources(checkedIn("prod"), type)).length).toBeGreaterThan(0);
      expect(resources(checkedIn("dev"), type)).toEqual({});
    }
    expect(resource(checkedIn("prod"), "aws_cloudtrail.audit-trail")).toMatchObject({
      is_multi_region_trail: true,
      enable_log_file_validation: true,
    });
    expect(
      Object.values(resources(checkedIn("prod"), "aws_secretsmanager_secret"))
        .map((secret) => secret.name)
        .sort(),
    ).toEqual(["coherent/prod/jwt-signing-key", "coherent/prod/minio-root-password", "coherent/prod/redis-password"]);
  });

  test("GIVEN prod THEN stateful resources survive `terraform destroy`; GIVEN dev THEN they can be torn down", () => {
    for (const address of ["aws_s3_bucket.artifacts", "aws_kms_key.kms-key"]) {
      expect(resource(checkedIn("prod"), address).lifecycle).toEqual({ prevent_destroy: true });
      expect(resource(checkedIn("dev"), address).lifecycle).toBeUndefined();
    }
    expect(resource(checkedIn("prod"), "aws_cloudwatch_log_group.log-groups_app").retention_in_days).toBe(90);
    expect(resource(checkedIn("dev"), "aws_cloudwatch_log_group.log-groups_app").retention_in_days).toBe(30);
  });
});

describe("coherent config switches", () => {
  test("GIVEN horizontal scaling THEN an Auto Scaling group of 2-4 behind the target groups replaces the single server and its Elastic IP", () => {
    const json = synth("prod", fileConfig("prod", { horizontalScaling: { enabled: true } }));
    expect(resources(json, "aws_instance")).toEqual({});
    expect(Object.keys(resources(json, "aws_eip"))).toEqual(["network_nat-eip-1"]);
    expect(resource(json, "aws_autoscaling_group.app-fleet")).toMatchObject({
      min_size: 2,
      max_size: 4,
      vpc_zone_identifier: ["${aws_subnet.network_app-subnet-1.id}", "${aws_subnet.network_app-subnet-2.id}"],
      target_group_arns: ["${aws_lb_target_group.target-groups_api.arn}", "${aws_lb_target_group.target-groups_web.arn}"],
    });
    expect(resource(json, "aws_autoscaling_policy.app-fleet_cpu-target-tracking")).toMatchObject({
      target_tracking_configuration: { target_value: 70 },
    });
    expect(resource(json, "aws_launch_template.app-fleet_launch-template").instance_type).toBe("t3.large");
    expect(String((json.locals as Record<string, unknown>)["app-fleet_user-data"])).toContain("readonly PARAMETERS_PATH='/coherent/prod'");
    expect(Object.keys(json.output ?? {})).not.toContain("public_ip");
    expect(json.output?.load_balancer_dns.value).toBe("${aws_lb.load-balancer.dns_name}");
  });

  test("GIVEN a dev domain with a hosted zone THEN coherent.<domain> points at the Elastic IP and nginx requests a certificate for it", () => {
    const json = synth(
      "dev",
      fileConfig("dev", { domain: { name: "example.org", hostedZoneId: "Z0123456789ABC", tlsContactEmail: "ops@example.org" } }),
    );
    expect(resource(json, "aws_route53_record.app-server_dns-record")).toMatchObject({
      name: "coherent.example.org",
      type: "A",
      records: ["${aws_eip.app-server_elastic-ip.public_ip}"],
    });
    expect(String(resource(json, "aws_instance.app-server").user_data)).toContain("readonly TLS_DOMAIN='coherent.example.org'");
    expect(json.output?.app_url.value).toBe("https://coherent.example.org");
    // nginx listens on 443 with the Let's Encrypt certificate, so the port is open.
    expect(ingress(json)["app-sg_https"]).toMatchObject({ from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" });
  });

  test("GIVEN no domain in dev THEN the app URL is plain HTTP on the Elastic IP's DNS name, nginx gets no certificate and 443 stays closed", () => {
    const json = checkedIn("dev");
    expect(json.output?.app_url.value).toBe("http://${aws_eip.app-server_elastic-ip.public_dns}");
    expect(String(resource(json, "aws_instance.app-server").user_data)).toContain("readonly TLS_DOMAIN=''");
    expect(ingress(json)["app-sg_https"]).toBeUndefined();
    expect(ingress(json)["app-sg_http"]).toMatchObject({ from_port: 80, cidr_ipv4: "0.0.0.0/0" });
  });

  test("GIVEN an e-mail and a paging endpoint THEN each is subscribed to the topic; GIVEN dev without any THEN nobody is", () => {
    const subscribers = [{ email: "ops@agency.gov" }, { https: "https://pager.agency.gov/sns/coherent" }];
    const json = synth("dev", fileConfig("dev", { monitoring: { alarmSubscribers: subscribers } }));
    expect(resource(json, "aws_sns_topic_subscription.alarms_email-1")).toMatchObject({ protocol: "email", endpoint: "ops@agency.gov" });
    expect(resource(json, "aws_sns_topic_subscription.alarms_https-1")).toMatchObject({
      protocol: "https",
      endpoint: "https://pager.agency.gov/sns/coherent",
    });
    expect(resources(checkedIn("dev"), "aws_sns_topic_subscription")).toEqual({});
  });

  test("GIVEN a snapshot to restore from THEN the database is replaced from it and the final snapshot suffix is renewed; the plan needs nothing else", () => {
    const json = synth(
      "prod",
      fileConfig("prod", { database: { instanceClass: "db.t3.small", restoreFromSnapshot: "coherent-prod-before-migration" } }),
    );
    expect(resource(json, "aws_db_instance.database").snapshot_identifier).toBe("coherent-prod-before-migration");
    expect(resource(json, "terraform_data.database_final-snapshot-suffix").triggers_replace).toMatchObject({
      restoredFrom: "coherent-prod-before-migration",
    });
    expect(resource(checkedIn("prod"), "terraform_data.database_final-snapshot-suffix").triggers_replace).toMatchObject({
      restoredFrom: "",
    });
  });

  test("GIVEN an account whose organization runs GuardDuty, AWS Config and CloudTrail THEN prod adopts them: it reads the detector and creates none of the three", () => {
    const json = synth(
      "prod",
      fileConfig("prod", { security: { guardDuty: "adopt", configRecorder: "adopt", cloudTrail: "organization" } }),
    );
    // The detector is read, so a plan in an account without one fails before anything is applied.
    expect(json.data?.aws_guardduty_detector).toEqual({ guardduty: {} });
    for (const type of [
      "aws_guardduty_detector",
      "aws_guardduty_detector_feature",
      "aws_config_configuration_recorder",
      "aws_config_delivery_channel",
      "aws_cloudtrail",
    ]) {
      expect([type, resources(json, type)]).toEqual([type, {}]);
    }
    const buckets = Object.keys(resources(json, "aws_s3_bucket"));
    expect(
      buckets.filter((name) => /cloudtrail|config/.test(name) || name.startsWith("audit-trail") || name.startsWith("config-recorder")),
    ).toEqual([]);
    const sids = policy(resource(json, "aws_kms_key.kms-key").policy).Statement.map((s) => s.Sid);
    expect(sids.filter((sid) => String(sid).startsWith("CloudTrail"))).toEqual([]);
    // The rest of production's safeguards stay.
    expect(Object.keys(resources(json, "aws_wafv2_web_acl"))).toHaveLength(1);
    expect(resource(json, "aws_db_instance.database").multi_az).toBe(true);
  });

  test("GIVEN the services off THEN there is neither a resource nor a data source for them", () => {
    const json = synth("prod", fileConfig("prod", { security: { guardDuty: "off", configRecorder: "off", cloudTrail: "off" } }));
    expect(json.data?.aws_guardduty_detector).toBeUndefined();
    expect(resources(json, "aws_guardduty_detector")).toEqual({});
    expect(resources(json, "aws_config_configuration_recorder")).toEqual({});
    expect(resources(json, "aws_cloudtrail")).toEqual({});
  });

  test("GIVEN no sshAllowedCidr THEN there is no SSH rule at all", () => {
    const input = fileConfig("dev");
    delete input.sshAllowedCidr;
    expect(Object.keys(ingress(synth("dev", input)))).not.toContain("app-sg_ssh");
  });
});

describe("coherent-prod, through cdktf's Testing matchers", () => {
  // The matchers read the synthesized JSON text and match nested properties partially.
  const text = () => JSON.stringify(checkedIn("prod"));

  test("GIVEN prod THEN the database is Multi-AZ PostgreSQL with SSL forced and its master password managed by RDS", () => {
    expect(text()).toHaveResourceWithProperties(DbInstance, {
      engine: "postgres",
      multi_az: true,
      manage_master_user_password: true,
      publicly_accessible: false,
    });
    expect(text()).toHaveResourceWithProperties(DbParameterGroup, {
      parameter: expect.arrayContaining([expect.objectContaining({ name: "rds.force_ssl", value: "1" })]),
    });
  });

  test("GIVEN prod THEN the app server requires IMDSv2 and no database password resource exists", () => {
    // Nested blocks are compared whole.
    expect(text()).toHaveResourceWithProperties(Instance, {
      metadata_options: {
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      },
      monitoring: true,
    });
    expect(text()).not.toHaveResource(SecretsmanagerSecretVersion);
  });
});
