import { Construct } from "constructs";
import { Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsRdsEngineVersion } from "@cdktf/provider-aws/lib/data-aws-rds-engine-version";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { propChecks } from "../lib/construct-validation";
import {
  AURORA_MAX_ACU,
  AURORA_MIN_ACU,
  AURORA_POSTGRES_VERSION,
  isAuroraCapacity,
  RDS_BACKUP_RETENTION_DAYS,
  RDS_BACKUP_WINDOW,
  RDS_IDENTIFIER,
} from "../lib/aws-formats";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { addConnectionsAlarm } from "./database-alarms";
import { DatabaseLogins, snapshotSettings } from "./database-roles";
import { KmsKey } from "./kms-key";
import { Network } from "./network";
import { AUDIT_LOG_PARAMETERS, preloadWithPgaudit } from "./postgres-audit";
import { checkEnhancedMonitoring, monitoringRoleName, RdsMonitoringRole } from "./rds-monitoring-role";
import { SecurityGroup } from "./security-group";
import { POSTGRES_PORT } from "./service-ports";

/**
 * AWS's table of the default `max_connections` of Aurora PostgreSQL Serverless v2 by maximum ACU. Aurora
 * evaluates LEAST(DBInstanceClassMemory/9531392, 5000) with the memory of the maximum capacity (1 ACU is
 * about 2 GiB, less what the OS and RDS reserve: 823 at 4 ACU, not 8 GiB/9531392 = 901), and holds it while
 * the instance scales. A minimum of 0.5 ACU caps it at 2,000.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections
 */
const MAX_CONNECTIONS_BY_MAX_ACU: readonly (readonly [acu: number, connections: number])[] = [
  [1, 189],
  [4, 823],
  [8, 1669],
  [16, 3360],
  [32, 5000],
];
const MAX_CONNECTIONS_WITH_HALF_ACU_MINIMUM = 2000;

/**
 * Default `max_connections` for a capacity range: AWS's table, linear between its rows (the memory, and so
 * the formula, grows linearly with ACUs; between 16 and 32 this undercounts, so the alarm fires early).
 */
export function auroraPostgresMaxConnections(minCapacity: number, maxCapacity: number): number {
  const rows = MAX_CONNECTIONS_BY_MAX_ACU;
  const above = rows.findIndex(([acu]) => acu >= maxCapacity);
  let connections: number;
  if (above === -1) connections = rows[rows.length - 1][1];
  else if (above === 0) connections = rows[0][1];
  else {
    const [[lowAcu, low], [highAcu, high]] = [rows[above - 1], rows[above]];
    connections = Math.floor(low + ((high - low) * (maxCapacity - lowAcu)) / (highAcu - lowAcu));
  }
  return minCapacity <= 0.5 ? Math.min(connections, MAX_CONNECTIONS_WITH_HALF_ACU_MINIMUM) : connections;
}

export interface AuroraServerlessProps {
  /** Cluster identifier, also the log group's name part, e.g. `treasury-plane-prod-aurora`. */
  readonly clusterIdentifier: string;
  /** Instances and the subnet group use the private subnets; instance i goes to availability zone i. */
  readonly network: Network;
  /** The database's own group (5432 from the application only, no egress); the stack wires the rules. */
  readonly securityGroup: SecurityGroup;
  /** Encrypts storage, Performance Insights, the RDS-managed master user secret and the log group. */
  readonly kmsKey: KmsKey;
  /**
   * Aurora PostgreSQL version. A major version (`15`) takes the newest 15.x at creation and lets AWS apply
   * minor upgrades; a full version (`15.10`) pins it. The parameter group family follows the major version.
   */
  readonly engineVersion: string;
  /** Serverless v2 capacity range in ACU (0.5-128, multiples of 0.5; the maximum at least 1). */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly databaseName: string;
  /** Master user name; RDS generates, stores and rotates its password in Secrets Manager. */
  readonly masterUsername: string;
  /** @default 7 */
  readonly backupRetentionDays?: number;
  /** UTC. @default "03:00-04:00" */
  readonly backupWindow?: string;
  /** Refuse `DeleteDBCluster`. */
  readonly deletionProtection: boolean;
  /** Take a final snapshot, `<clusterIdentifier>-final-<suffix>` (database-roles.ts), and keep automated backups when the cluster is deleted. */
  readonly finalSnapshot: boolean;
  /**
   * Restore the cluster from this cluster snapshot: changing it replaces the cluster (and its instances) under the
   * same identifier, so the same endpoints. Keep it once set: removing it replaces the cluster with an empty one.
   * @default - a new cluster
   */
  readonly restoreFromSnapshot?: string;
  /** For the ARNs of IAM database authentication grants. */
  readonly account: AccountContext;
  /** Retention of the exported PostgreSQL log. @default 90 */
  readonly logRetentionDays?: number;
  /**
   * Seconds between Enhanced Monitoring OS samples on every instance (1, 5, 10, 15, 30 or 60), published
   * through a role created here (`<clusterIdentifier>-monitoring`); 0 turns it off and creates no role. @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

export interface AuroraAlarmOptions {
  /** Share of max_connections (auroraPostgresMaxConnections) that raises the connections alarm. @default 90 */
  readonly connectionsPercent?: number;
}

/**
 * An encrypted Aurora PostgreSQL Serverless v2 cluster with a writer and a reader in the other
 * availability zone (the failover target), the master password managed by RDS, `pg_cron` preloaded
 * (so `CREATE EXTENSION pg_cron` and `pg_trgm` work), TLS required, pgAudit of DDL and role changes, and
 * the PostgreSQL log exported to CloudWatch Logs.
 */
export class AuroraServerless extends Construct {
  readonly cluster: RdsCluster;
  readonly instances: readonly RdsClusterInstance[];
  readonly logGroup: CloudwatchLogGroup;
  /** The role RDS publishes Enhanced Monitoring metrics with; undefined when monitoringIntervalSeconds is 0. */
  readonly monitoringRole?: RdsMonitoringRole;
  readonly clusterIdentifier: string;
  /** Writer endpoint. */
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port = POSTGRES_PORT;
  /** ARN of the RDS-managed secret holding the master user name and password: for operators, never for a runtime role. */
  readonly masterUserSecretArn: string;
  /** Default `max_connections` of every instance, from the capacity range (auroraPostgresMaxConnections). */
  readonly maxConnections: number;
  /** IAM logins for named roles (never the master user) and the statements creating those roles. */
  readonly logins: DatabaseLogins;
  private readonly props: AuroraServerlessProps;

  constructor(scope: Construct, id: string, props: AuroraServerlessProps) {
    super(scope, id);
    validate(this, props);
    const majorVersion = props.engineVersion.split(".")[0];
    // AWS retires minor versions (new clusters on them are refused): a major-only version follows the newest.
    const followsMinorReleases = !props.engineVersion.includes(".");
    const engineVersion = followsMinorReleases
      ? new DataAwsRdsEngineVersion(this, "engine-version", {
          engine: "aurora-postgresql",
          parameterGroupFamily: `aurora-postgresql${majorVersion}`,
          latest: true,
        }).versionActual
      : props.engineVersion;
    this.clusterIdentifier = props.clusterIdentifier;

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.clusterIdentifier,
      description: `Private subnets of ${props.clusterIdentifier}`,
      subnetIds: props.network.privateSubnetIds,
    });
    const parameterGroup = new RdsClusterParameterGroup(this, "parameter-group", {
      name: `${props.clusterIdentifier}-pg${majorVersion}`,
      family: `aurora-postgresql${majorVersion}`,
      description: `pg_cron and pgAudit preloaded, TLS required (${props.clusterIdentifier})`,
      parameter: [
        // pg_stat_statements is Aurora's default preload; keep it next to pg_cron.
        preloadWithPgaudit(["pg_stat_statements", "pg_cron"]),
        // pg_cron's jobs run in the application database, not in `postgres`.
        { name: "cron.database_name", value: props.databaseName, applyMethod: "pending-reboot" },
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        // Django's audit log sees application users; this sees what bypasses Django (migrations, psql, grants).
        ...AUDIT_LOG_PARAMETERS,
      ],
    });
    // Created before the cluster so RDS writes into a group with our retention and key, not "never expire".
    props.kmsKey.allowCloudWatchLogs();
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.kmsKey.arn,
    });

    this.cluster = new RdsCluster(this, DEFAULT_CHILD_ID, {
      clusterIdentifier: props.clusterIdentifier,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion,
      serverlessv2ScalingConfiguration: { minCapacity: props.minCapacity, maxCapacity: props.maxCapacity },
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      // Lets the application log in with 15-minute IAM tokens instead of a stored password.
      iamDatabaseAuthenticationEnabled: true,
      // The RDS Data API: operators run the one-off role bootstrap with their own IAM credentials and the master
      // secret, from anywhere, without a network path into the VPC (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.html).
      enableHttpEndpoint: true,
      masterUserSecretKmsKeyId: props.kmsKey.arn,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroup.id],
      dbClusterParameterGroupName: parameterGroup.name,
      storageEncrypted: true,
      kmsKeyId: props.kmsKey.arn,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      preferredBackupWindow: props.backupWindow ?? "03:00-04:00",
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      ...snapshotSettings(this, { ...props, identifier: props.clusterIdentifier }),
      // Automated backups outlive the cluster (until their retention ends): a deletion is never the end of the data.
      deleteAutomatedBackups: false,
      enabledCloudwatchLogsExports: ["postgresql"],
      dependsOn: [this.logGroup],
      // Minor upgrades applied by AWS (or a newer latest at the next plan) must not read as a downgrade.
      lifecycle: followsMinorReleases ? { ignoreChanges: ["engine_version"] } : undefined,
    });

    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    if (monitoringInterval !== 0) {
      this.monitoringRole = new RdsMonitoringRole(this, "monitoring-role", { roleName: monitoringRoleName(props.clusterIdentifier) });
    }

    // Instance i in availability zone i: the first starts as writer, the second is its failover reader.
    this.instances = props.network.availabilityZones.slice(0, 2).map(
      (zone, index) =>
        new RdsClusterInstance(this, `instance-${index + 1}`, {
          identifier: `${props.clusterIdentifier}-${index + 1}`,
          clusterIdentifier: this.cluster.id,
          engine: this.cluster.engine,
          engineVersion: this.cluster.engineVersion,
          instanceClass: "db.serverless",
          availabilityZone: zone,
          dbSubnetGroupName: subnetGroup.name,
          publiclyAccessible: false,
          promotionTier: index,
          // A pinned version stays put; a major-only one takes AWS's minor upgrades in the maintenance window.
          autoMinorVersionUpgrade: followsMinorReleases,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: props.kmsKey.arn,
          monitoringInterval,
          monitoringRoleArn: this.monitoringRole?.arn,
          dependsOn: this.monitoringRole ? [this.monitoringRole.policyAttachment] : undefined,
        }),
    );

    this.endpoint = this.cluster.endpoint;
    this.readerEndpoint = this.cluster.readerEndpoint;
    this.masterUserSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
    // Statements run through the Data API (docs/operations.md).
    this.logins = new DatabaseLogins(this, {
      account: props.account,
      resourceId: this.cluster.clusterResourceId,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      iamAuthentication: true,
    });
    this.maxConnections = auroraPostgresMaxConnections(props.minCapacity, props.maxCapacity);
    this.props = props;
  }

  /**
   * The seed's two Aurora alarms: connections near max_connections, and capacity held at the ACU ceiling for
   * 10 minutes. Both read the cluster dimension: DatabaseConnections' Maximum is the busiest instance's count
   * (each instance has its own max_connections); ServerlessDatabaseCapacity there is the instances' average,
   * at the ceiling only when the writer is (its tier-0/1 reader never runs below the writer).
   */
  addAlarms(topic: AlarmTopic, options: AuroraAlarmOptions = {}): void {
    const name = this.clusterIdentifier;
    const dimensions = { DBClusterIdentifier: name };
    addConnectionsAlarm(topic, `${this.node.id}-connections-high`, this, {
      name,
      dimensions,
      maxConnections: this.maxConnections,
      limitSource: `Aurora's default at ${this.props.minCapacity}-${this.props.maxCapacity} ACU`,
      percent: options.connectionsPercent ?? 90,
      periodSeconds: 60,
      evaluationPeriods: 1,
    });
    topic.addAlarm(`${this.node.id}-capacity-at-max`, {
      alarmName: `${name}-capacity-at-max`,
      description: `Aurora has run at its ${this.props.maxCapacity} ACU ceiling for 10 minutes: raise database.maxCapacity or find the expensive queries.`,
      runbook: "cpu-or-database-pressure",
      namespace: "AWS/RDS",
      metricName: "ServerlessDatabaseCapacity",
      dimensions,
      statistic: "Minimum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: this.props.maxCapacity,
      periodSeconds: 300,
      evaluationPeriods: 2,
      // Published every minute while the cluster runs; its absence is the connections and health alarms' to report.
      treatMissingData: "missing",
    });
  }
}

function validate(cluster: AuroraServerless, props: AuroraServerlessProps): void {
  const check = propChecks(cluster);
  for (const name of ["minCapacity", "maxCapacity"] as const) {
    check.expect(isAuroraCapacity(props[name]), name, props[name], `must be ${AURORA_MIN_ACU}-${AURORA_MAX_ACU} ACU in steps of 0.5`);
  }
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max_capacity_considerations
  check.expect(props.maxCapacity >= 1, "maxCapacity", props.maxCapacity, "must be at least 1 ACU (AWS refuses a 0.5 ACU maximum)");
  if (!Token.isUnresolved(props.minCapacity)) {
    check.expect(props.minCapacity <= props.maxCapacity, "maxCapacity", props.maxCapacity, `must be >= minCapacity (${props.minCapacity})`);
  }
  check.format("engineVersion", props.engineVersion, AURORA_POSTGRES_VERSION);
  const zones = Math.min(props.network.availabilityZones.length, props.network.privateSubnets.length);
  check.expect(
    zones >= 2,
    "network",
    cluster.node.path,
    "must have private subnets in at least two availability zones for the writer and its reader",
  );
  if (props.deletionProtection && !props.finalSnapshot) {
    check.fail(
      "finalSnapshot",
      props.finalSnapshot,
      "must be true with deletionProtection: a protected cluster must also keep a final snapshot",
    );
  }
  check.range("backupRetentionDays", props.backupRetentionDays ?? 7, RDS_BACKUP_RETENTION_DAYS);
  check.format("backupWindow", props.backupWindow, RDS_BACKUP_WINDOW);
  check.format("clusterIdentifier", props.clusterIdentifier, RDS_IDENTIFIER);
  checkEnhancedMonitoring(check, "clusterIdentifier", props.clusterIdentifier, props.monitoringIntervalSeconds ?? 60);
}
