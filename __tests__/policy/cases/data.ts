import { RuleCase } from "./case";

const key = { "aws_kms_key.data": { enable_key_rotation: true } };
const database = (extra: Record<string, unknown>) => ({
  ...key,
  "aws_db_instance.db": {
    engine: "postgres",
    instance_class: "db.t3.medium",
    allocated_storage: 20,
    manage_master_user_password: true,
    ...extra,
  },
});
const cluster = (extra: Record<string, unknown>) => ({
  ...key,
  "aws_rds_cluster.aurora": { engine: "aurora-postgresql", manage_master_user_password: true, ...extra },
});
const monitoring = { monitoring_interval: 60, monitoring_role_arn: "${aws_iam_role.monitoring.arn}" };
const auroraInstance = (zone: string | undefined, extra: Record<string, unknown> = {}) => ({
  cluster_identifier: "${aws_rds_cluster.aurora.id}",
  instance_class: "db.serverless",
  ...(zone === undefined ? {} : { availability_zone: zone }),
  ...extra,
});
const table = (extra: Record<string, unknown>) => ({
  ...key,
  "aws_dynamodb_table.locks": { name: "locks", hash_key: "LockID", attribute: [{ name: "LockID", type: "S" }], ...extra },
});
const redis = (extra: Record<string, unknown>) => ({
  ...key,
  "aws_elasticache_replication_group.cache": { replication_group_id: "cache", description: "sessions", engine: "redis", ...extra },
});

export const dataCases: RuleCase[] = [
  {
    rule: "rds-no-public-access",
    name: "a private vs a publicly accessible instance, in development too",
    tier: "development",
    compliant: database({ publicly_accessible: false }),
    nonCompliant: database({ publicly_accessible: true }),
    flags: "aws_db_instance.db",
  },
  {
    rule: "rds-no-public-access",
    name: "a publicly accessible Aurora cluster instance",
    tier: "development",
    nonCompliant: {
      ...cluster({}),
      "aws_rds_cluster_instance.writer": {
        cluster_identifier: "${aws_rds_cluster.aurora.id}",
        instance_class: "db.serverless",
        publicly_accessible: true,
      },
    },
    flags: "aws_rds_cluster_instance.writer",
  },
  {
    rule: "rds-encrypted",
    name: "an instance encrypted with a customer key vs the AWS-managed key",
    compliant: database({ storage_encrypted: true, kms_key_id: "${aws_kms_key.data.arn}" }),
    nonCompliant: database({ storage_encrypted: true }),
    flags: "aws_db_instance.db",
    message: /kms_key_id/,
  },
  {
    rule: "rds-encrypted",
    name: "an unencrypted Aurora cluster",
    compliant: cluster({ storage_encrypted: true, kms_key_id: "${aws_kms_key.data.arn}" }),
    nonCompliant: cluster({}),
    flags: "aws_rds_cluster.aurora",
    message: /storage_encrypted/,
  },
  {
    rule: "rds-iam-auth",
    name: "PostgreSQL with and without IAM authentication",
    compliant: database({ iam_database_authentication_enabled: true }),
    nonCompliant: database({}),
    flags: "aws_db_instance.db",
  },
  {
    rule: "rds-iam-auth",
    name: "SQL Server is not checked; Aurora PostgreSQL is",
    compliant: { ...key, "aws_db_instance.db": { engine: "sqlserver-se", instance_class: "db.m5.large", allocated_storage: 20 } },
    nonCompliant: cluster({ iam_database_authentication_enabled: false }),
    flags: "aws_rds_cluster.aurora",
  },
  {
    rule: "rds-backup-retention",
    name: "production keeps 7 days",
    compliant: database({ backup_retention_period: 7 }),
    nonCompliant: database({ backup_retention_period: 1 }),
    flags: "aws_db_instance.db",
    message: /1 days \(need >= 7 in production\)/,
  },
  {
    rule: "rds-backup-retention",
    name: "development may keep 1 day but must set it",
    tier: "development",
    compliant: cluster({ backup_retention_period: 1 }),
    nonCompliant: cluster({}),
    flags: "aws_rds_cluster.aurora",
    message: /not set/,
  },
  {
    rule: "rds-performance-insights",
    name: "an instance with encrypted Performance Insights vs without",
    compliant: database({ performance_insights_enabled: true, performance_insights_kms_key_id: "${aws_kms_key.data.arn}" }),
    nonCompliant: database({}),
    flags: "aws_db_instance.db",
  },
  {
    rule: "rds-performance-insights",
    name: "an Aurora instance inherits the cluster's settings; the key is still required",
    compliant: {
      ...cluster({ performance_insights_enabled: true, performance_insights_kms_key_id: "${aws_kms_key.data.arn}" }),
      "aws_rds_cluster_instance.writer": { cluster_identifier: "${aws_rds_cluster.aurora.id}", instance_class: "db.serverless" },
    },
    nonCompliant: {
      ...cluster({}),
      "aws_rds_cluster_instance.writer": {
        cluster_identifier: "${aws_rds_cluster.aurora.id}",
        instance_class: "db.serverless",
        performance_insights_enabled: true,
      },
    },
    flags: "aws_rds_cluster_instance.writer",
    message: /performance_insights_kms_key_id/,
  },
  {
    rule: "rds-log-exports",
    name: "logs exported vs kept on the instance",
    compliant: database({ enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] }),
    nonCompliant: database({}),
    flags: "aws_db_instance.db",
  },
  {
    rule: "dynamodb-pitr",
    name: "point-in-time recovery on vs off",
    compliant: table({ point_in_time_recovery: { enabled: true } }),
    nonCompliant: table({ point_in_time_recovery: { enabled: false } }),
    flags: "aws_dynamodb_table.locks",
  },
  {
    rule: "dynamodb-kms",
    name: "customer-managed key vs AWS-owned key",
    compliant: table({ server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.data.arn}" } }),
    nonCompliant: table({}),
    flags: "aws_dynamodb_table.locks",
  },
  {
    rule: "elasticache-encryption",
    name: "encrypted at rest with a key and in transit vs neither",
    compliant: redis({ at_rest_encryption_enabled: "true", transit_encryption_enabled: true, kms_key_id: "${aws_kms_key.data.arn}" }),
    nonCompliant: redis({ at_rest_encryption_enabled: "false" }),
    flags: "aws_elasticache_replication_group.cache",
    message: /transit_encryption_enabled/,
  },
  {
    rule: "elasticache-backups",
    name: "snapshots kept for 5 days vs none",
    compliant: redis({ snapshot_retention_limit: 5 }),
    nonCompliant: redis({ snapshot_retention_limit: 0 }),
    flags: "aws_elasticache_replication_group.cache",
  },
  {
    rule: "rds-enhanced-monitoring",
    name: "an instance publishing OS metrics every 60 s through its role vs monitoring off",
    compliant: database(monitoring),
    nonCompliant: database({ monitoring_interval: 0 }),
    flags: "aws_db_instance.db",
    message: /monitoring_interval is 0/,
  },
  {
    rule: "rds-enhanced-monitoring",
    name: "an Aurora instance with an interval but no role to publish with",
    compliant: { ...cluster({}), "aws_rds_cluster_instance.writer": auroraInstance(undefined, monitoring) },
    nonCompliant: { ...cluster({}), "aws_rds_cluster_instance.writer": auroraInstance(undefined, { monitoring_interval: 60 }) },
    flags: "aws_rds_cluster_instance.writer",
    message: /monitoring_role_arn/,
  },
  {
    rule: "rds-multi-az",
    name: "a production instance with and without a standby",
    compliant: database({ multi_az: true }),
    nonCompliant: database({ multi_az: false }),
    flags: "aws_db_instance.db",
  },
  {
    rule: "rds-multi-az",
    name: "development may run single-AZ",
    tier: "development",
    compliant: database({ multi_az: false }),
  },
  {
    rule: "rds-multi-az",
    name: "an Aurora writer and reader in two zones vs both in one",
    compliant: {
      ...cluster({}),
      "aws_rds_cluster_instance.writer": auroraInstance("us-east-1a"),
      "aws_rds_cluster_instance.reader": auroraInstance("us-east-1b"),
    },
    nonCompliant: {
      ...cluster({}),
      "aws_rds_cluster_instance.writer": auroraInstance("us-east-1a"),
      "aws_rds_cluster_instance.reader": auroraInstance("us-east-1a"),
    },
    flags: "aws_rds_cluster.aurora",
    message: /all 2 instances are in availability zone us-east-1a/,
  },
  {
    rule: "rds-multi-az",
    name: "an Aurora cluster with a single instance",
    nonCompliant: { ...cluster({}), "aws_rds_cluster_instance.writer": auroraInstance("us-east-1a") },
    flags: "aws_rds_cluster.aurora",
    message: /has 1 instance\(s\)/,
  },
  {
    rule: "rds-multi-az",
    name: "Aurora instances left for RDS to place",
    nonCompliant: {
      ...cluster({}),
      "aws_rds_cluster_instance.writer": auroraInstance(undefined),
      "aws_rds_cluster_instance.reader": auroraInstance("us-east-1b"),
    },
    flags: "aws_rds_cluster.aurora",
    message: /availability_zone is not set on aws_rds_cluster_instance.writer/,
  },
];
