import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { PropChecks, propChecks } from "../lib/construct-validation";
import {
  POSTGRES_VERSION,
  RDS_BACKUP_RETENTION_DAYS,
  RDS_BACKUP_WINDOW,
  RDS_IDENTIFIER,
  RDS_MAINTENANCE_WINDOW,
  windowsOverlap,
} from "../lib/aws-formats";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { checkCpuPercent } from "./app-compute";
import { addConnectionsAlarm } from "./database-alarms";
import { DatabaseLogins, snapshotSettings } from "./database-roles";
import { KmsKey } from "./kms-key";
import { Network } from "./network";
import { checkEnhancedMonitoring, monitoringRoleName, RdsMonitoringRole } from "./rds-monitoring-role";
import { AUDIT_LOG_PARAMETERS, preloadWithPgaudit } from "./postgres-audit";
import { SecurityGroup } from "./security-group";

const GIB = 1024 ** 3;
const DEFAULT_INSTANCE_CLASS = "db.t3.micro";

export interface PostgresDatabaseProps {
  /** DB instance identifier, also the prefix of the parameter group and alarm names, e.g. `coherent-dev-postgres`. */
  readonly identifier: string;
  /** The database lives in the network's private subnets. */
  readonly network: Network;
  /** Name of the DB subnet group over the private subnets (account-wide). */
  readonly subnetGroupName: string;
  /** The database's security group (5432 from the app only, added by the caller). */
  readonly securityGroup: SecurityGroup;
  /** `14` follows AWS's minor releases (the seed's 14.10 is retired for new instances); `14.17` pins one. @default "14" */
  readonly engineVersion?: string;
  /** @default "db.t3.micro" */
  readonly instanceClass?: string;
  /** Database created at launch. */
  readonly databaseName: string;
  /** Master user; RDS generates, stores and rotates its password in Secrets Manager. */
  readonly masterUsername: string;
  /** @default 5432 */
  readonly port?: number;
  /** gp3 GiB at creation. @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB. @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /** @default 7 */
  readonly backupRetentionDays?: number;
  /** Daily backup window, UTC. @default "03:00-04:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window, UTC. @default "sun:04:30-sun:05:30" */
  readonly maintenanceWindow?: string;
  /** Synchronous standby in another AZ with automatic failover. @default false */
  readonly multiAz?: boolean;
  /**
   * Single-AZ only: place the instance in this subnet's availability zone, next to the server that queries it
   * (no cross-AZ latency or transfer charge). One of the network's subnets; its zone needs a private subnet.
   * @default - AWS chooses a zone of the subnet group
   */
  readonly sameZoneAs?: Subnet;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Take `<identifier>-final-<suffix>` (unique per incarnation, database-roles.ts) when the instance is destroyed. @default true */
  readonly finalSnapshot?: boolean;
  /**
   * Restore the instance from this snapshot: changing it replaces the instance, under the same identifier (so the
   * same endpoint). Keep it once set: removing it replaces the instance with an empty one. @default - a new database
   */
  readonly restoreFromSnapshot?: string;
  /** @default true (7 days, free) */
  readonly performanceInsights?: boolean;
  /**
   * Seconds between Enhanced Monitoring OS samples (1, 5, 10, 15, 30 or 60), published through a role
   * created here (`<identifier>-monitoring`); 0 turns it off and creates no role. @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /** Customer-managed key for storage, snapshots, Performance Insights and the managed master secret. @default - AWS managed keys */
  readonly kmsKey?: KmsKey;
  /** Let IAM users and roles connect with short-lived tokens besides the master password. @default true */
  readonly iamAuthentication?: boolean;
  /** pgAudit of DDL and role changes, and connection logging (modules/postgres-audit.ts). @default true */
  readonly auditLogging?: boolean;
  /** For the ARNs of IAM database authentication grants. */
  readonly account: AccountContext;
  /** Logs exported to CloudWatch Logs. @default ["postgresql", "upgrade"] */
  readonly cloudwatchLogExports?: readonly ("postgresql" | "upgrade")[];
  /** Retention of the exported logs' groups (encrypted with kmsKey when given). @default 90 */
  readonly logRetentionDays?: number;
}

export interface PostgresAlarmOptions {
  /** `max_connections` of the instance class (87 for db.t3.micro). */
  readonly maxConnections: number;
  /** Share of maxConnections that raises the connections alarm. @default 80 */
  readonly connectionsPercent?: number;
  /** @default 80 */
  readonly cpuPercent?: number;
  /** @default 2 */
  readonly freeStorageGb?: number;
}

/**
 * RDS for PostgreSQL as the seed draws it: private subnets only, never publicly accessible, encrypted
 * gp3 storage that grows on its own, SSL enforced by the parameter group, the master password managed
 * by RDS in Secrets Manager, automated backups with point-in-time recovery, and optional Multi-AZ.
 */
export class PostgresDatabase extends Construct {
  readonly instance: DbInstance;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: DbParameterGroup;
  /** The role RDS publishes Enhanced Monitoring metrics with; undefined when monitoringIntervalSeconds is 0. */
  readonly monitoringRole?: RdsMonitoringRole;
  /** Host name to connect to. */
  readonly address: string;
  readonly port: number;
  /** `host:port`. */
  readonly endpoint: string;
  /** ARN of the RDS-managed secret holding the master `username` and `password`: for operators, never for a runtime role. */
  readonly masterSecretArn: string;
  /** Major version, e.g. 14: the parameter group family and the client version to install. */
  readonly majorVersion: number;
  /** The database created at launch (or restored). */
  readonly databaseName: string;
  /** IAM logins for named roles (never the master user) and the statements creating those roles. */
  readonly logins: DatabaseLogins;
  private readonly props: PostgresDatabaseProps;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? "14";
    validate(this, props, engineVersion);
    this.majorVersion = Number(engineVersion.split(".")[0]);
    this.databaseName = props.databaseName;
    const port = props.port ?? 5432;
    const availabilityZone = props.sameZoneAs && zoneOf(propChecks(this), props.network, props.sameZoneAs);

    this.subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.subnetGroupName,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: props.network.privateSubnetIds,
      tags: { Name: props.subnetGroupName },
    });

    const audit = props.auditLogging === false ? [] : [preloadWithPgaudit(["pg_stat_statements"]), ...AUDIT_LOG_PARAMETERS];
    this.parameterGroup = new DbParameterGroup(this, "parameter-group", {
      // The family is in the name: a major upgrade creates the new group before dropping the old one.
      name: `${props.identifier}-postgres${this.majorVersion}`,
      family: `postgres${this.majorVersion}`,
      description: `SSL required and audit logging for ${props.identifier}`,
      parameter: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }, ...audit],
      lifecycle: { createBeforeDestroy: true },
    });

    // Created before the instance so RDS exports into groups with our retention and key, not "never expire".
    const logExports = [...(props.cloudwatchLogExports ?? ["postgresql", "upgrade"])];
    props.kmsKey?.allowCloudWatchLogs();
    const logGroups = logExports.map(
      (logType) =>
        new CloudwatchLogGroup(this, `${logType}-log-group`, {
          name: `/aws/rds/instance/${props.identifier}/${logType}`,
          retentionInDays: props.logRetentionDays ?? 90,
          kmsKeyId: props.kmsKey?.arn,
        }),
    );

    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    if (monitoringInterval !== 0) {
      this.monitoringRole = new RdsMonitoringRole(this, "monitoring-role", { roleName: monitoringRoleName(props.identifier) });
    }

    const finalSnapshot = props.finalSnapshot ?? true;
    this.instance = new DbInstance(this, DEFAULT_CHILD_ID, {
      dependsOn: [...logGroups, ...(this.monitoringRole ? [this.monitoringRole.policyAttachment] : [])],
      identifier: props.identifier,
      engine: "postgres",
      engineVersion,
      // A major-only version means "keep me on the latest minor": let RDS upgrade in the maintenance window.
      autoMinorVersionUpgrade: !engineVersion.includes("."),
      allowMajorVersionUpgrade: false,
      instanceClass: props.instanceClass ?? DEFAULT_INSTANCE_CLASS,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? true,
      port,
      storageType: "gp3",
      allocatedStorage: props.allocatedStorageGb ?? 20,
      maxAllocatedStorage: props.maxAllocatedStorageGb ?? 100,
      storageEncrypted: true,
      kmsKeyId: props.kmsKey?.arn,
      masterUserSecretKmsKeyId: props.kmsKey?.arn,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      multiAz: props.multiAz ?? false,
      availabilityZone,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      backupWindow: props.backupWindow ?? "03:00-04:00",
      maintenanceWindow: props.maintenanceWindow ?? "sun:04:30-sun:05:30",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: props.deletionProtection ?? true,
      ...snapshotSettings(this, { ...props, finalSnapshot }),
      performanceInsightsEnabled: props.performanceInsights ?? true,
      performanceInsightsRetentionPeriod: props.performanceInsights === false ? undefined : 7,
      performanceInsightsKmsKeyId: props.performanceInsights === false ? undefined : props.kmsKey?.arn,
      enabledCloudwatchLogsExports: logExports,
      monitoringInterval,
      monitoringRoleArn: this.monitoringRole?.arn,
      tags: { Name: props.identifier },
      // The zone is fixed at creation (changing it replaces the instance): a standby promoted after a failover,
      // or an instance placed before sameZoneAs was set, stays where it is.
      lifecycle: { ignoreChanges: ["availability_zone"] },
    });
    this.address = this.instance.address;
    this.port = port;
    this.endpoint = this.instance.endpoint;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.logins = new DatabaseLogins(this, {
      account: props.account,
      resourceId: this.instance.resourceId,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      iamAuthentication: props.iamAuthentication !== false,
    });

    this.props = props;
  }

  /** CPU, connections (near max_connections) and free storage alarms notifying `topic`. */
  addAlarms(topic: AlarmTopic, options: PostgresAlarmOptions): void {
    const props = this.props;
    const check = propChecks(this);
    const cpu = options.cpuPercent ?? 80;
    const freeGb = options.freeStorageGb ?? 2;
    checkCpuPercent(check, cpu);
    // FreeStorageSpace never exceeds the allocated storage: a threshold at or above it would alarm from the first minute.
    const allocated = props.allocatedStorageGb ?? 20;
    check.expect(freeGb > 0 && freeGb < allocated, "freeStorageGb", freeGb, `must be above 0 and below allocatedStorageGb (${allocated})`);
    const name = props.identifier;
    const dimensions = { DBInstanceIdentifier: this.instance.identifier };
    addConnectionsAlarm(topic, `${this.node.id}-connections-high`, this, {
      name,
      dimensions,
      maxConnections: options.maxConnections,
      limitSource: props.instanceClass ?? DEFAULT_INSTANCE_CLASS,
      percent: options.connectionsPercent ?? 80,
      periodSeconds: 300,
      evaluationPeriods: 2,
    });
    topic.addCpuAlarm(this, {
      name,
      description: `CPU of database ${name} above ${cpu}% for 15 minutes: look for slow queries in Performance Insights, or move to a larger class.`,
      namespace: "AWS/RDS",
      dimensions,
      percent: cpu,
    });
    topic.addAlarm(`${this.node.id}-free-storage-low`, {
      alarmName: `${name}-free-storage-low`,
      description: `Database ${name} has less than ${freeGb} GiB free: storage autoscaling may have reached its ceiling of ${props.maxAllocatedStorageGb ?? 100} GiB.`,
      runbook: "database-storage",
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions,
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: freeGb * GIB,
      periodSeconds: 300,
      evaluationPeriods: 2,
      // RDS publishes every minute while the instance runs; a stopped or deleted database shows in the application's alarms.
      treatMissingData: "missing",
    });
  }
}

function validate(database: PostgresDatabase, props: PostgresDatabaseProps, engineVersion: string): void {
  const check = propChecks(database);
  check.format("engineVersion", engineVersion, POSTGRES_VERSION);
  check.format("identifier", props.identifier, RDS_IDENTIFIER);
  checkEnhancedMonitoring(check, "identifier", props.identifier, props.monitoringIntervalSeconds ?? 60);
  if (props.sameZoneAs && props.multiAz) {
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (AvailabilityZone)
    check.fail(
      "sameZoneAs",
      props.sameZoneAs.node.path,
      "is for a single-AZ instance: RDS refuses an availability zone for a Multi-AZ deployment, whose primary and standby it places itself",
    );
  }
  const allocated = props.allocatedStorageGb ?? 20;
  const ceiling = props.maxAllocatedStorageGb ?? 100;
  check.expect(
    Number.isInteger(allocated) && allocated >= 20,
    "allocatedStorageGb",
    allocated,
    "must be a whole number >= 20 (the gp3 minimum)",
  );
  check.expect(
    Number.isInteger(ceiling) && ceiling >= allocated,
    "maxAllocatedStorageGb",
    ceiling,
    `must be >= allocatedStorageGb (${allocated})`,
  );
  check.range("backupRetentionDays", props.backupRetentionDays ?? 7, RDS_BACKUP_RETENTION_DAYS);
  const backupWindow = props.backupWindow ?? "03:00-04:00";
  const maintenanceWindow = props.maintenanceWindow ?? "sun:04:30-sun:05:30";
  check.format("backupWindow", backupWindow, RDS_BACKUP_WINDOW);
  check.format("maintenanceWindow", maintenanceWindow, RDS_MAINTENANCE_WINDOW);
  check.expect(
    !windowsOverlap(backupWindow, maintenanceWindow),
    "maintenanceWindow",
    maintenanceWindow,
    `must not overlap the backupWindow ${backupWindow}`,
  );
}

/** The availability zone of one of the network's subnets, where the database's private subnets must reach too. */
function zoneOf(check: PropChecks, network: Network, subnet: Subnet): string {
  const index = Math.max(network.publicSubnets.indexOf(subnet), network.privateSubnets.indexOf(subnet));
  if (index < 0) check.fail("sameZoneAs", subnet.node.path, "must be one of the network's subnets");
  if (index >= network.privateSubnets.length) {
    check.fail(
      "sameZoneAs",
      subnet.node.path,
      `is in ${network.availabilityZones[index]}, where the network has no private subnet for the database; pick a subnet whose zone has one`,
    );
  }
  return network.availabilityZones[index];
}
