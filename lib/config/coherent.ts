/**
 * config/coherent-<environment>.json: the Coherent PMO Platform (seed 000_55cace538aa8e904). Every
 * default below is the seed document's value; the JSON files hold only what differs.
 */
import { z } from "zod";
import {
  EC2_INSTANCE_TYPE,
  POSTGRES_ROLE_NAME,
  POSTGRES_VERSION,
  RDS_BACKUP_RETENTION_DAYS,
  RDS_BACKUP_WINDOW,
  RDS_INSTANCE_CLASS,
  RDS_MAINTENANCE_WINDOW,
  RDS_SNAPSHOT_IDENTIFIER,
  SSM_PARAMETER_PATH,
  windowsOverlap,
  S3_MINIMUM_STORAGE_DAYS,
} from "../aws-formats";
import { placeholder } from "./placeholders";
import {
  NetworkDefaults,
  acmCertificateArn,
  checkAlarmSubscribers,
  checkNotWorldOpen,
  checkRange,
  cidrBlock,
  domainName,
  emailAddress,
  formatted,
  hostedZoneId,
  logRetentionDays,
  monitoringAlarmSettings,
  postgresRoleName,
  ranged,
  s3BucketName,
  resolveZones,
  webAclRuleSettings,
} from "./schema";
import { StateBackendConfig } from "./state-backend";
import { SystemConfigDefinition } from "./index";
import { checkSystemBase, systemConfigShape } from "./system";

/**
 * The application's Secrets Manager secrets (`coherent/<environment>/<key>`, with `security.appSecrets`),
 * by key with what each holds. The first-boot script reads these keys; operators set the values.
 */
export const COHERENT_APP_SECRETS = {
  "jwt-signing-key": "Key the API signs JWTs with: a random string of at least 64 characters.",
  "redis-password": "Password of the Redis container on the app server(s): a random string.",
  "minio-root-password": "Root password of the MinIO container (user coherent): at least 8 characters.",
} as const;

/** The seed's network drawing: two AZs, public app subnets, private data subnets, one NAT gateway. */
export const COHERENT_NETWORK: NetworkDefaults = {
  vpcCidr: "10.0.0.0/16",
  publicSubnets: [
    { name: "app-subnet-1", cidr: "10.0.1.0/24" },
    { name: "app-subnet-2", cidr: "10.0.2.0/24" },
  ],
  privateSubnets: [
    { name: "data-subnet-1", cidr: "10.0.11.0/24" },
    { name: "data-subnet-2", cidr: "10.0.12.0/24" },
  ],
  natGateways: "single",
  flowLogRetentionDays: 90,
};

/**
 * PostgreSQL's `max_connections` on RDS, LEAST(DBInstanceClassMemory/9531392, 5000), for the classes
 * the seed names. The connections alarm fires at a share of it; other classes set `maxConnections`.
 */
const POSTGRES_MAX_CONNECTIONS: Readonly<Record<string, number>> = {
  "db.t3.micro": 87,
  "db.t3.small": 198,
  "db.t3.medium": 413,
};

/** Canonical's public SSM parameter for the current Ubuntu 22.04 LTS (jammy) amd64 image. */
const UBUNTU_2204_AMI_PARAMETER = "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id";

const percent = z.number().gt(0).max(100);

const appServer = z
  .strictObject({
    instanceType: formatted(EC2_INSTANCE_TYPE).default("t3.medium").describe('@default "t3.medium" (seed: 2 vCPU, 4 GB RAM)'),
    rootVolumeGb: z.number().int().min(8).max(16384).default(30).describe("Encrypted gp3 root volume size in GiB. @default 30"),
    amiSsmParameter: formatted(SSM_PARAMETER_PATH)
      .default(UBUNTU_2204_AMI_PARAMETER)
      .describe("SSM parameter holding the AMI id; Canonical publishes the current image there. @default Ubuntu 22.04 LTS amd64"),
    nodeMajorVersion: z
      .number()
      .int()
      .min(18)
      .max(30)
      .default(20)
      .describe("Node.js major version installed from NodeSource. @default 20 (seed: Node.js 20.x LTS)"),
    keyPairName: z
      .string()
      .regex(/^[\w .:/=+@-]{1,255}$/, "must be an EC2 key pair name")
      .optional()
      .describe("Existing EC2 key pair for SSH. @default - none: EC2 Instance Connect or SSM Session Manager"),
    terminationProtection: z
      .boolean()
      .optional()
      .describe('Refuse API termination of the single server (it holds Redis and MinIO data). @default tier === "production"'),
  })
  .prefault({});

const horizontalScaling = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'The seed\'s "horizontal scaling (future)": an Auto Scaling group behind the load balancer replaces the single Elastic IP server. Needs `loadBalancer.enabled`. @default false',
      ),
    minInstances: z.number().int().min(1).max(100).default(2).describe("@default 2"),
    maxInstances: z.number().int().min(1).max(100).default(4).describe("@default 4"),
    targetCpuPercent: z
      .number()
      .int()
      .min(10)
      .max(95)
      .default(70)
      .describe("Average CPU the group keeps by adding and removing instances. @default 70"),
  })
  .prefault({});

const loadBalancer = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .describe(
        'Application load balancer in front of the app (HTTPS); ports 4000/5173 then open only to it. @default tier === "production"',
      ),
  })
  .prefault({});

const domain = z.strictObject({
  name: domainName.describe("Domain the app lives under, e.g. example.com; the app is served at `<subdomain>.<name>`."),
  subdomain: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be one DNS label like coherent")
    .default("coherent")
    .describe('@default "coherent" (seed: coherent.yourdomain.com)'),
  hostedZoneId: hostedZoneId
    .optional()
    .describe("Route 53 zone of `name`: creates the record and a DNS-validated certificate. @default - DNS managed elsewhere"),
  certificateArn: acmCertificateArn
    .optional()
    .describe("An issued ACM certificate for the load balancer instead of a new one. @default - issued in hostedZoneId"),
  tlsContactEmail: emailAddress
    .optional()
    .describe("Let's Encrypt account e-mail for nginx's certificate (single-server mode). @default - registered without e-mail"),
});

const database = z
  .strictObject({
    engineVersion: formatted(POSTGRES_VERSION)
      .default("14")
      .describe(
        "A major-only value follows AWS's minor releases (automatic minor upgrades); a full one such as `14.17` pins it. The seed's 14.10 is retired by AWS for new instances, hence the major default. @default \"14\"",
      ),
    instanceClass: formatted(RDS_INSTANCE_CLASS).default("db.t3.micro").describe('@default "db.t3.micro"'),
    databaseName: formatted(POSTGRES_ROLE_NAME).default("coherent").describe('@default "coherent"'),
    masterUsername: postgresRoleName
      .default("coherent_admin")
      .describe(
        'Master user; its password is generated and rotated by RDS in Secrets Manager, readable by operators only (never by the app server). @default "coherent_admin"',
      ),
    appUsername: postgresRoleName
      .default("coherent_app")
      .describe(
        'Database role the application connects as, with IAM database authentication (no password): owner of schema `app`, not a superuser. Created by the bootstrap step (docs/operations.md). @default "coherent_app"',
      ),
    backupUsername: postgresRoleName
      .default("coherent_backup")
      .describe('Database role the nightly pg_dump connects as (IAM authentication, pg_read_all_data only). @default "coherent_backup"'),
    restoreFromSnapshot: formatted(RDS_SNAPSHOT_IDENTIFIER)
      .optional()
      .describe(
        "Replace the database with one restored from this snapshot (docs/operations.md, restoring the database). Keep it set afterwards: removing it replaces the database again. @default - a new, empty database",
      ),
    allocatedStorageGb: z.number().int().min(20).max(65536).default(20).describe("gp3 storage in GiB at creation. @default 20"),
    maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(100).describe("Storage autoscaling ceiling in GiB. @default 100"),
    backupRetentionDays: ranged(RDS_BACKUP_RETENTION_DAYS).default(7).describe("@default 7"),
    backupWindow: formatted(RDS_BACKUP_WINDOW)
      .default("03:00-04:00")
      .describe('Daily automated backup window, UTC. @default "03:00-04:00"'),
    maintenanceWindow: formatted(RDS_MAINTENANCE_WINDOW)
      .default("sun:04:30-sun:05:30")
      .describe('Weekly maintenance window, UTC; must not overlap the backup window. @default "sun:04:30-sun:05:30"'),
    multiAz: z.boolean().optional().describe('Synchronous standby in the second AZ. @default tier === "production" (required there)'),
    deletionProtection: z.boolean().optional().describe('@default tier === "production" (required there)'),
    finalSnapshot: z
      .boolean()
      .default(true)
      .describe("Snapshot taken when the instance is destroyed. @default true (required in production)"),
    performanceInsights: z.boolean().default(true).describe("@default true"),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("`max_connections` of the class, for the connections alarm. @default - from POSTGRES_MAX_CONNECTIONS (87 for db.t3.micro)"),
  })
  .prefault({});

const artifacts = z
  .strictObject({
    bucketName: s3BucketName
      .optional()
      .describe('@default "coherent-artifacts-<environment>" (bucket names are global: override if taken)'),
    prefixes: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]*\/$/, "must be a folder key like uploads/"))
      .default(["uploads/", "artifacts/", "documents/", "backups/"])
      .describe("Folder keys created empty so the console shows the layout. @default uploads/ artifacts/ documents/ backups/"),
    infrequentAccessAfterDays: z.number().int().min(30).default(30).describe("@default 30"),
    glacierAfterDays: z.number().int().min(1).default(90).describe("@default 90"),
    expireAfterDays: z.number().int().min(1).default(365).describe("@default 365"),
    noncurrentVersionGlacierAfterDays: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'Overwritten and deleted versions stay in S3 Standard (restorable at once) this long, then move to Glacier Flexible Retrieval (the seed\'s "deleted objects retained for 30 days" and "old versions transitioned to Glacier"). @default 30',
      ),
    noncurrentVersionExpireDays: z
      .number()
      .int()
      .min(1)
      .default(120)
      .describe(
        "Overwritten and deleted versions are deleted this many days after they stop being current; at least 90 days after noncurrentVersionGlacierAfterDays, Glacier's minimum billed storage. @default 120",
      ),
  })
  .prefault({});

const backup = z
  .strictObject({
    dumpHourUtc: z
      .number()
      .int()
      .min(0)
      .max(23)
      .default(2)
      .describe("Hour (UTC) of the daily pg_dump to s3://<bucket>/backups/. @default 2"),
    localRetentionDays: z.number().int().min(1).max(90).default(7).describe("Days dumps are also kept on the server's disk. @default 7"),
  })
  .prefault({});

const monitoring = z
  .strictObject({
    logRetentionDays: logRetentionDays
      .optional()
      .describe("Retention of the app, nginx and system log groups. @default 30 in development, 90 in production"),
    ...monitoringAlarmSettings(),
    backupHeartbeatHours: z
      .number()
      .int()
      .min(25, "must be at least 25: the backup runs once a day")
      .max(168)
      .default(26)
      .describe("Hours without a successful nightly pg_dump after which the backup heartbeat alarm fires. @default 26"),
    ec2CpuAlarmPercent: percent.default(80).describe("@default 80"),
    rdsCpuAlarmPercent: percent.default(80).describe("@default 80"),
    dbConnectionsAlarmPercent: percent.default(80).describe("Alarm when connections reach this share of max_connections. @default 80"),
    dbFreeStorageAlarmGb: z.number().gt(0).default(2).describe("Alarm when free database storage drops below this. @default 2"),
  })
  .prefault({});

/** The seed's "Recommended for production" list. */
const security = z
  .strictObject({
    waf: z
      .boolean()
      .optional()
      .describe('AWS WAF managed rules on the load balancer (needs `loadBalancer.enabled`). @default tier === "production"'),
    guardDuty: z
      .enum(["create", "adopt", "off"])
      .optional()
      .describe(
        'GuardDuty detector, one per account and Region: `create` it with the protection plans, `adopt` the account\'s own (an organization that auto-enables GuardDuty; read with a data source, so the plan fails if there is none, and never changed), or `off`. @default "create" in production, "off" otherwise',
      ),
    cloudTrail: z
      .enum(["create", "organization", "off"])
      .optional()
      .describe(
        'CloudTrail: `create` a multi-region trail with log file validation to its own encrypted bucket, rely on the `organization` trail that already records this account (no trail of its own), or `off`. @default "create" in production, "off" otherwise',
      ),
    configRecorder: z
      .enum(["create", "adopt", "off"])
      .optional()
      .describe(
        'AWS Config recorder and delivery channel, one per account and Region: `create` them, `adopt` the account\'s own (Control Tower and organization conformance set them up; nothing of them is created or changed), or `off`. @default "create" in production, "off" otherwise',
      ),
    appSecrets: z
      .boolean()
      .optional()
      .describe('Secrets Manager secrets for application credentials (JWT key, Redis and MinIO passwords). @default tier === "production"'),
  })
  .prefault({});

export function coherentSchema(stateBackend: StateBackendConfig) {
  return z
    .strictObject({
      ...systemConfigShape(COHERENT_NETWORK, stateBackend),
      sshAllowedCidr: placeholder(cidrBlock, {
        fix: "your office or VPN egress range (a /32 for one address), or remove the field and use SSM Session Manager",
      })
        .optional()
        .describe("The only range allowed to reach SSH (22) on app-sg; never 0.0.0.0/0. @default - no SSH rule (use SSM Session Manager)"),
      appServer,
      horizontalScaling,
      loadBalancer,
      domain: domain.optional(),
      database,
      artifacts,
      backup,
      monitoring,
      webAclRules: webAclRuleSettings({ bodyPaths: ["/api/"], maxRequestBodyMb: 100, signInPaths: ["/api/v1/auth/"] }).describe(
        "Rules of the load balancer's WAF (with `security.waf`); `maxRequestBodyMb` is also nginx's client_max_body_size on the app server.",
      ),
      security: security.describe('The seed\'s "Recommended for production" list.'),
    })
    .superRefine((config, ctx) => {
      checkSystemBase(config, ctx);
      const production = config.tier === "production";
      const loadBalancerOn = config.loadBalancer.enabled ?? production;
      if (config.sshAllowedCidr) checkNotWorldOpen(config.sshAllowedCidr, ["sshAllowedCidr"], "SSH", ctx);

      const issue = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
      checkAlarmSubscribers(config.tier, config.monitoring.alarmSubscribers, ctx);
      if (production) {
        if (config.database.deletionProtection === false) issue(["database", "deletionProtection"], false, "must be true in production");
        if (config.database.multiAz === false)
          issue(["database", "multiAz"], false, "must be true in production (the seed's standby in AZ-B)");
        if (!config.database.finalSnapshot) issue(["database", "finalSnapshot"], false, "must be true in production");
        if (!loadBalancerOn)
          issue(
            ["loadBalancer", "enabled"],
            false,
            "must be true in production: ports 4000/5173 may only be reached through the load balancer",
          );
      }
      if (loadBalancerOn && !config.domain?.hostedZoneId && !config.domain?.certificateArn) {
        issue(
          ["loadBalancer", "enabled"],
          true,
          "needs domain.hostedZoneId or domain.certificateArn: the HTTPS listener needs a certificate",
        );
      }
      if (config.horizontalScaling.enabled && !loadBalancerOn) {
        issue(
          ["horizontalScaling", "enabled"],
          true,
          "needs loadBalancer.enabled: the Auto Scaling group is only reachable through the load balancer",
        );
      }
      if ((config.security.waf ?? production) && !loadBalancerOn) {
        issue(["security", "waf"], true, "needs loadBalancer.enabled: the web ACL is attached to the load balancer");
      }
      const scaling = config.horizontalScaling;
      checkRange(scaling.minInstances, scaling.maxInstances, ["horizontalScaling", "maxInstances"], "horizontalScaling.minInstances", ctx);

      const db = config.database;
      checkRange(
        db.allocatedStorageGb,
        db.maxAllocatedStorageGb,
        ["database", "maxAllocatedStorageGb"],
        "database.allocatedStorageGb",
        ctx,
      );
      if (db.maxConnections === undefined && POSTGRES_MAX_CONNECTIONS[db.instanceClass] === undefined) {
        issue(
          ["database", "instanceClass"],
          db.instanceClass,
          `has no known max_connections: set database.maxConnections (known classes: ${Object.keys(POSTGRES_MAX_CONNECTIONS).join(", ")})`,
        );
      }
      const roles = [db.masterUsername, db.appUsername, db.backupUsername];
      if (new Set(roles).size !== roles.length) {
        issue(
          ["database", "backupUsername"],
          db.backupUsername,
          `must differ from masterUsername and appUsername: each is its own role (${roles.join(", ")})`,
        );
      }
      if (windowsOverlap(db.backupWindow, db.maintenanceWindow)) {
        issue(["database", "maintenanceWindow"], db.maintenanceWindow, `must not overlap the backup window ${db.backupWindow}`);
      }

      // Each class must be kept for its minimum billed duration, or S3 charges the rest on leaving it.
      const bucket = config.artifacts;
      const stays = [
        ["glacierAfterDays", "infrequentAccessAfterDays", "STANDARD_IA"],
        ["expireAfterDays", "glacierAfterDays", "GLACIER"],
        ["noncurrentVersionExpireDays", "noncurrentVersionGlacierAfterDays", "GLACIER"],
      ] as const;
      for (const [leave, enter, storageClass] of stays) {
        const minimum = S3_MINIMUM_STORAGE_DAYS[storageClass];
        if (bucket[leave] < bucket[enter] + minimum) {
          issue(
            ["artifacts", leave],
            bucket[leave],
            `must be at least ${minimum} days after ${enter} (${bucket[enter]}): S3 bills ${storageClass} for ${minimum} days at least`,
          );
        }
      }
    })
    .transform((config) => {
      // Tier-dependent defaults, resolved once so the stack reads plain values.
      const production = config.tier === "production";
      const orTier = (value: boolean | undefined) => value ?? production;
      const serviceByTier = production ? "create" : "off";
      return {
        ...config,
        network: { ...config.network, availabilityZones: resolveZones(config.region, config.network.availabilityZones) },
        appServer: { ...config.appServer, terminationProtection: orTier(config.appServer.terminationProtection) },
        loadBalancer: { enabled: orTier(config.loadBalancer.enabled) },
        database: {
          ...config.database,
          multiAz: orTier(config.database.multiAz),
          deletionProtection: orTier(config.database.deletionProtection),
          maxConnections: config.database.maxConnections ?? POSTGRES_MAX_CONNECTIONS[config.database.instanceClass],
        },
        monitoring: { ...config.monitoring, logRetentionDays: config.monitoring.logRetentionDays ?? (production ? 90 : 30) },
        security: {
          waf: orTier(config.security.waf),
          guardDuty: config.security.guardDuty ?? serviceByTier,
          cloudTrail: config.security.cloudTrail ?? serviceByTier,
          configRecorder: config.security.configRecorder ?? serviceByTier,
          appSecrets: orTier(config.security.appSecrets),
        },
      };
    });
}

export type CoherentConfig = z.output<ReturnType<typeof coherentSchema>>;

export const coherentConfigDefinition: SystemConfigDefinition<CoherentConfig> = {
  system: "coherent",
  schema: coherentSchema,
};
