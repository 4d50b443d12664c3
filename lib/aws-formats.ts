/**
 * The formats AWS accepts, written once: the config schemas (lib/config) build their fields from
 * them, the constructs (modules/) check their props with them, and the JSON Schemas editors use get
 * the same patterns. Each rule cites the AWS page that states it. No zod or cdktf here: plain data.
 */
import { parseCidr } from "./cidr";

/** A string format: a pattern (also written into the generated JSON Schemas) and what it allows. */
export interface AwsFormat {
  readonly pattern: RegExp;
  /** What is allowed, phrased to follow the value: "must be ...". */
  readonly allowed: string;
  /** A further test the pattern cannot express (JSON Schema then checks the pattern only). */
  readonly test?: (value: string) => boolean;
}

/** True when `value` has `format`. */
export function hasFormat(format: AwsFormat, value: string): boolean {
  return format.pattern.test(value) && (format.test?.(value) ?? true);
}

/** A whole-number range, inclusive. */
export interface AwsRange {
  readonly min: number;
  readonly max: number;
  readonly allowed: string;
}

export function inRange(range: AwsRange, value: number): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: 3-63 characters,
// lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit, no "..".
export const S3_BUCKET_NAME: AwsFormat = {
  pattern: /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  allowed: "must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
};
export const MAX_S3_BUCKET_NAME = 63;
/** The state bucket's access-log bucket is named after it with this suffix (modules/state-backend.ts). */
export const STATE_ACCESS_LOG_SUFFIX = "-access-logs";
/** S3's 63-character limit, less the access-log bucket's suffix. */
export const MAX_STATE_BUCKET_NAME = MAX_S3_BUCKET_NAME - STATE_ACCESS_LOG_SUFFIX.length;

export type StorageClass = "STANDARD_IA" | "ONEZONE_IA" | "INTELLIGENT_TIERING" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

/**
 * Days S3 bills an object in a storage class even when it is deleted, overwritten or transitioned sooner
 * (the rest is charged pro rata at that class's rate). Intelligent-Tiering has none (its archive tiers
 * are not lifecycle targets here). Source: "Comparing the Amazon S3 storage classes",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html#sc-compare (Standard-IA
 * and One Zone-IA 30 days, Glacier Instant Retrieval and Glacier Flexible Retrieval 90, Glacier Deep
 * Archive 180), and https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html.
 */
export const S3_MINIMUM_STORAGE_DAYS: Readonly<Record<StorageClass, number>> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

// RDS CreateDBInstance PreferredBackupWindow: "hh24:mi-hh24:mi", UTC
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html); Aurora's
// CreateDBCluster takes the same format.
export const RDS_BACKUP_WINDOW: AwsFormat = {
  pattern: /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/,
  allowed: "must be hh:mm-hh:mm in UTC like 03:00-04:00",
};

// PreferredMaintenanceWindow: "ddd:hh24:mi-ddd:hh24:mi", days mon-sun, UTC (same page).
export const RDS_MAINTENANCE_WINDOW: AwsFormat = {
  pattern: /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/,
  allowed: "must be ddd:hh:mm-ddd:hh:mm in UTC like sun:04:30-sun:05:30",
};

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Minutes from the start of the week (Monday 00:00 UTC). */
function weekMinute(day: string, hour: string, minute: string): number {
  return WEEKDAYS.indexOf(day) * 1440 + Number(hour) * 60 + Number(minute);
}

/**
 * True when a daily backup window and a weekly maintenance window share a minute, which RDS refuses
 * ("must not conflict with the preferred maintenance window", API_CreateDBInstance.html).
 */
export function windowsOverlap(backupWindow: string, maintenanceWindow: string): boolean {
  const daily = RDS_BACKUP_WINDOW.pattern.exec(backupWindow);
  const weekly = RDS_MAINTENANCE_WINDOW.pattern.exec(maintenanceWindow);
  if (!daily || !weekly) return false;
  const week = 7 * 1440;
  const start = weekMinute(weekly[1], weekly[2], weekly[3]);
  let end = weekMinute(weekly[4], weekly[5], weekly[6]);
  if (end <= start) end += week;
  const backupStart = Number(daily[1]) * 60 + Number(daily[2]);
  let backupEnd = Number(daily[3]) * 60 + Number(daily[4]);
  if (backupEnd <= backupStart) backupEnd += 1440;
  // Two weeks of daily backups against the maintenance window and its repeat, so windows that wrap
  // past midnight or the end of the week are compared too.
  for (let day = 0; day < 14; day++) {
    const from = day * 1440 + backupStart;
    const to = day * 1440 + backupEnd;
    for (const shift of [0, week]) {
      if (from < end + shift && start + shift < to) return true;
    }
  }
  return false;
}

// Elastic Beanstalk managed actions PreferredStartTime: "day:hour:minute", UTC
// (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-elasticbeanstalkmanagedactions).
export const BEANSTALK_START_TIME: AwsFormat = {
  pattern: /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/,
  allowed: 'must be "Day:HH:MM" in UTC, like "Sun:06:00"',
};

// Instance type names are <family><generation>[<options>].<size>
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html).
export const EC2_INSTANCE_TYPE: AwsFormat = {
  pattern: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
  allowed: "must be an EC2 instance type like t3.medium",
};

// DB instance classes are db.<family>.<size> (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html).
export const RDS_INSTANCE_CLASS: AwsFormat = {
  pattern: /^db\.[a-z0-9]+\.[a-z0-9]+$/,
  allowed: "must be an RDS instance class like db.t3.micro",
};

// Cache node types are cache.<family>.<size> (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).
export const CACHE_NODE_TYPE: AwsFormat = {
  pattern: /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
  allowed: "must be a cache node type like cache.t4g.micro",
};

// DBInstanceIdentifier and (Aurora) DBClusterIdentifier: 1-63 letters, digits or hyphens, first a
// letter, no trailing hyphen, no "--"; stored lowercase, so this project writes them lowercase
// (API_CreateDBInstance.html, API_CreateDBCluster.html).
export const RDS_IDENTIFIER: AwsFormat = {
  pattern: /^(?!.*--)(?!.*-$)[a-z][a-z0-9-]{0,62}$/,
  allowed: "must be 1-63 lowercase letters, digits and hyphens starting with a letter (no trailing or double hyphen)",
};

// Snapshots to restore from: a manual snapshot's identifier (1-255 letters, digits and hyphens, first a letter), an
// automated one's (`rds:<instance or cluster>-<date>`), or either's ARN
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html,
// .../API_RestoreDBClusterFromSnapshot.html, DBSnapshotIdentifier / SnapshotIdentifier).
export const RDS_SNAPSHOT_IDENTIFIER: AwsFormat = {
  pattern: /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(cluster-)?snapshot:)?(rds:)?[A-Za-z][A-Za-z0-9-]{0,254}$/,
  allowed:
    "must be a snapshot identifier like coherent-prod-before-migration, an automated one like rds:coherent-prod-postgres-2026-12-01-03-10, or a snapshot ARN",
};

// PostgreSQL role names this project creates: lowercase, so they need no quoting in SQL, at most 63 bytes
// (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
export const POSTGRES_ROLE_NAME: AwsFormat = {
  pattern: /^[a-z][a-z0-9_]{0,62}$/,
  allowed: "must be a PostgreSQL role name: a lowercase letter, then lowercase letters, digits and _ (at most 63)",
};

// IAM role names: up to 64 letters, digits and _+=,.@- (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
export const IAM_ROLE_NAME: AwsFormat = {
  pattern: /^[\w+=,.@-]{1,64}$/,
  allowed: "must be 1-64 letters, digits and +=,.@_-",
};
export const MAX_IAM_ROLE_NAME = 64;

// Load balancer, target group and trust store names: at most 32 letters, digits and hyphens, not
// beginning or ending with a hyphen; a load balancer's must not begin with "internal-"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html,
// API_CreateTargetGroup.html, API_CreateTrustStore.html).
export const ELB_NAME: AwsFormat = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/,
  allowed: "must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen",
};
export const LOAD_BALANCER_NAME: AwsFormat = {
  ...ELB_NAME,
  test: (name) => !name.startsWith("internal-"),
  allowed: `${ELB_NAME.allowed}, not starting with "internal-"`,
};
export const MAX_ELB_NAME = 32;

// Elastic Beanstalk environment names: 4-40 letters, digits and hyphens, not beginning or ending
// with a hyphen (https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html).
export const BEANSTALK_ENVIRONMENT_NAME: AwsFormat = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/,
  allowed: "must be 4-40 letters, digits and hyphens, not starting or ending with a hyphen",
};

// Log group names: 1-512 of a-z A-Z 0-9 _ - / . # (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
export const LOG_GROUP_NAME: AwsFormat = {
  pattern: /^[\w#./-]{1,512}$/,
  allowed: "must be 1-512 letters, digits and _-/.#",
};

// CloudWatch Logs retentionInDays takes only these values
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const LOG_RETENTION_ALLOWED = `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`;

export function isLogRetentionDays(days: number): boolean {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

// BackupRetentionPeriod: 1-35 days for a DB instance or Aurora cluster whose backups stay on (0 turns
// point-in-time recovery off) (API_CreateDBInstance.html, API_CreateDBCluster.html).
export const RDS_BACKUP_RETENTION_DAYS: AwsRange = {
  min: 1,
  max: 35,
  allowed: "must be 1-35 (0 would turn off backups and point-in-time recovery)",
};

// Aurora Serverless v2 capacity: 0.5-128 ACU in steps of 0.5
// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html).
export const AURORA_MIN_ACU = 0.5;
export const AURORA_MAX_ACU = 128;
export function isAuroraCapacity(acu: number): boolean {
  return acu >= AURORA_MIN_ACU && acu <= AURORA_MAX_ACU && Number.isInteger(acu * 2);
}

// IPv4 CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html); the test
// also refuses host bits set beyond the prefix, which AWS would silently clear.
export const IPV4_CIDR: AwsFormat = {
  pattern: /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/,
  test: (value) => parseCidr(value) !== undefined,
  allowed: "must be an IPv4 CIDR aligned to its prefix, like 10.0.1.0/24",
};

// Region and availability zone names, e.g. us-east-1 and us-east-1a
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
export const AWS_REGION: AwsFormat = { pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d$/, allowed: "must be an AWS region name like us-east-1" };
export const AVAILABILITY_ZONE: AwsFormat = {
  pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/,
  allowed: "must be an availability zone like us-east-1a",
};

// ARNs: arn:partition:service:region:account-id:resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
export const ACM_CERTIFICATE_ARN: AwsFormat = {
  pattern: /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
  allowed: "must be an ACM certificate ARN like arn:aws:acm:us-east-1:111122223333:certificate/<uuid>",
};
export const KMS_KEY_ARN: AwsFormat = {
  pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
  allowed: "must be a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/<uuid>",
};
export const AWS_ACCOUNT_ID: AwsFormat = { pattern: /^\d{12}$/, allowed: "must be a 12-digit AWS account id" };

// Route 53 names as this project writes them: lowercase labels of at most 63 characters
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html).
export const DNS_NAME: AwsFormat = {
  pattern: /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/,
  allowed: "must be a lowercase DNS name like example.com",
};

// Engine versions this project supports: RDS PostgreSQL "14" or "14.10"; Aurora PostgreSQL 13 or
// newer; Redis 7 or newer, the first with IAM authentication
// (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html).
export const POSTGRES_VERSION: AwsFormat = {
  pattern: /^\d{2}(\.\d{1,2})?$/,
  allowed: "must be a PostgreSQL version like 14.10 or a major version like 14",
};
export const AURORA_POSTGRES_VERSION: AwsFormat = {
  pattern: /^1[3-9](\.\d+)?$/,
  allowed: 'must be an Aurora PostgreSQL major version like "15" or a full one like "15.10"',
};
export const REDIS_IAM_VERSION: AwsFormat = {
  pattern: /^([7-9]|\d{2,})\.\d+$/,
  allowed: "must be Redis 7.x or newer for IAM authentication",
};

// Parameter Store names: letters, digits and _.-/; a hierarchy starts with "/"
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html).
export const SSM_PARAMETER_PATH: AwsFormat = {
  pattern: /^\/[\w./-]+$/,
  allowed: "must be an SSM parameter path like /aws/service/...",
};

// ElastiCache ReplicationGroupId: 1-40 letters, digits or hyphens, first a letter, no trailing or
// double hyphen; stored lowercase (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html).
export const ELASTICACHE_REPLICATION_GROUP_ID: AwsFormat = {
  pattern: /^(?!.*--)(?!.*-$)[a-z][a-z0-9-]{0,39}$/,
  allowed: "must be 1-40 lowercase letters, digits and single hyphens starting with a letter",
};

// The HTTPS port CloudFront connects to on a custom origin: 443, or 1024-65535
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesHTTPSPort).
// 443 is taken on the ALB by the mutual-TLS listener, so the origin listener uses the upper range.
/** A TCP port number (a target's or an instance process's). */
export const PORT: AwsRange = { min: 1, max: 65535, allowed: "must be 1-65535" };

export const CLOUDFRONT_ORIGIN_HTTPS_PORT: AwsRange = {
  min: 1024,
  max: 65535,
  allowed: "must be a port from 1024 to 65535 (CloudFront's custom-origin HTTPS ports besides 443, which the mutual-TLS listener holds)",
};

// AWS managed CloudFront policies: fixed ids, the same in every account
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html,
// .../using-managed-response-headers-policies.html).
export const CLOUDFRONT_MANAGED_POLICY = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  securityHeaders: "67f7725c-6f97-4210-82d7-5512b31e9d03",
} as const;

// CloudFront Functions and key value store names: 1-64 letters, digits, hyphens and underscores
// (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateFunction.html,
// .../API_CreateKeyValueStore.html).
export const CLOUDFRONT_FUNCTION_NAME: AwsFormat = {
  pattern: /^[a-zA-Z0-9_-]{1,64}$/,
  allowed: "must be 1-64 letters, digits, hyphens and underscores",
};

// Headers an origin request policy may list (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies).
export const MAX_ORIGIN_REQUEST_POLICY_HEADERS = 10;

// ALB trust store quotas (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html,
// "Trust stores"): CA certificates per trust store, size of each, chain depth; revocation files per trust
// store, size of each, and revocation entries in all.
export const ALB_TRUST_STORE_QUOTAS = {
  caCertificates: 25,
  certificateBytes: 16 * 1024,
  chainDepth: 4,
  revocationFiles: 30,
  revocationFileBytes: 50 * 1024 * 1024,
  revocationEntries: 500_000,
} as const;

// A rate-based rule's request limit per evaluation window (https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html, Limit).
export const WAF_RATE_LIMIT: AwsRange = { min: 10, max: 2_000_000_000, allowed: "must be a whole number from 10 to 2000000000" };

// Path prefixes a web ACL statement list may hold here: each costs 22 WCUs (a match, 2, and two text transformations,
// 10 each) and the ACL stays within the 1,500 WCUs a web ACL gets without extra charge
// (https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html).
export const WAF_MAX_PATH_PREFIXES = 5;

// Enhanced health's EnvironmentHealth metric: 0 OK, 1 Info, 5 Unknown, 10 No data, 15 Warning, 20 Degraded, 25 Severe
// (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/health-enhanced-cloudwatch.html). The levels an alarm is
// set at, each alarming at that level or worse.
export const BEANSTALK_HEALTH_LEVELS = { Warning: 15, Degraded: 20, Severe: 25 } as const;
export type BeanstalkHealthLevel = keyof typeof BEANSTALK_HEALTH_LEVELS;

/**
 * CloudFront viewer security policies the distributions serve, newest first. From the protocol and cipher table
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html):
 * `TLSv1.3_2025` accepts TLS 1.3 only (AES-GCM suites); `TLSv1.2_2025` adds TLS 1.2 with ECDHE AES-GCM
 * ciphers only; `TLSv1.2_2021` also allows TLS 1.2 CHACHA20. The 2025 policies need hashicorp/aws newer than 5.x.
 */
export const VIEWER_SECURITY_POLICIES = ["TLSv1.3_2025", "TLSv1.2_2025", "TLSv1.2_2021"] as const;
export type ViewerSecurityPolicy = (typeof VIEWER_SECURITY_POLICIES)[number];
