/**
 * What the plan guard protects: the one list of resource types whose delete or replace loses data, an
 * address, or the means to read data, each with why. A delete or replace of one fails `npm run plan`,
 * `npm run apply` and `npm run guard` unless plans/acknowledged.json lets that one change through.
 * Where AWS documents no way back, the type is here: assume the unsafe behaviour.
 */
import { STATE_BACKEND_STACK } from "../../lib/config";

export interface StatefulType {
  /** What is lost, in an operator's words, with the AWS page that says so. */
  readonly why: string;
  /** Narrows the type to the resources that hold the data (the prior values); @default - every resource of the type */
  readonly holds?: (before: Readonly<Record<string, unknown>>) => boolean;
}

const RDS_SNAPSHOT =
  "deleting or replacing it drops the database; only a final snapshot or a point-in-time restore brings the data back, under a new endpoint (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html)";

/** CloudWatch log groups that hold audit records: CloudTrail, VPC flow logs, WAF, and database (pgaudit) logs. */
const AUDIT_LOG_GROUP = /^\/aws\/cloudtrail\/|^aws-waf-logs-|flow-logs|^\/aws\/rds\//;

export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  aws_db_instance: { why: `RDS database: ${RDS_SNAPSHOT}` },
  aws_rds_cluster: {
    why: "Aurora cluster: its storage volume holds the data and is deleted with it; only a final snapshot or a restore brings it back (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html)",
  },
  aws_rds_cluster_instance: {
    why: "Aurora cluster instance: replacing the writer fails over and drops every connection, and deleting the last instance leaves the cluster unreachable (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.FaultTolerance.html)",
  },
  aws_docdb_cluster: { why: "DocumentDB cluster: its storage volume is deleted with it" },
  aws_neptune_cluster: { why: "Neptune cluster: its storage volume is deleted with it" },
  aws_elasticache_replication_group: {
    why: "ElastiCache replication group: the cache's data (sessions, queues) is gone unless a final snapshot is taken (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.Delete.html)",
  },
  aws_elasticache_serverless_cache: { why: "ElastiCache serverless cache: its data is deleted with it" },
  aws_dynamodb_table: {
    why: "DynamoDB table: deleting it deletes every item; point-in-time recovery restores into a new table only (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html)",
  },
  aws_s3_bucket: {
    why: "S3 bucket: Terraform empties it first when force_destroy is set, every version included, and the name may be taken by anyone once released (https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html)",
  },
  aws_efs_file_system: {
    why: "EFS file system: deleting it deletes its files; only an AWS Backup recovery point brings them back (https://docs.aws.amazon.com/efs/latest/ug/delete-efs-fs.html)",
  },
  aws_ebs_volume: { why: "EBS volume: its blocks are gone unless a snapshot exists" },
  aws_backup_vault: { why: "AWS Backup vault: its recovery points are the backups of everything else" },
  aws_kms_key: {
    why: "KMS key: Terraform's delete schedules the key's deletion (7-30 days, deletion_window_in_days); once deleted, everything encrypted under it (databases, buckets, state, backups) can never be decrypted (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html)",
  },
  aws_kms_replica_key: {
    why: "KMS replica key: deleting it schedules its deletion, and data encrypted under it in its region becomes unreadable there",
  },
  aws_secretsmanager_secret: {
    why: "Secrets Manager secret: deleting it schedules its deletion (7-30 days recovery window, or none); clients lose the credential and a new secret gets a new ARN suffix (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html)",
  },
  aws_eip: {
    why: "Elastic IP: a released address can be recovered only while no other account has allocated it; allowlists and DNS that name it break (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/working-with-eips.html)",
  },
  aws_route53_zone: {
    why: "Route 53 hosted zone: its records go with it, and a new zone gets new name servers, so the domain stops resolving until the registrar's delegation is changed (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DeleteHostedZone.html)",
  },
  aws_cloudwatch_log_group: {
    why: "CloudWatch log group holding audit records (CloudTrail, flow logs, WAF, database logs): deleting it permanently deletes every event in it (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html)",
    // A log group whose name is unknown is treated as holding audit data.
    holds: (before) => typeof before.name !== "string" || AUDIT_LOG_GROUP.test(before.name),
  },
};

/** Stacks every resource of which is protected, with why. */
export const STATEFUL_STACKS: Readonly<Record<string, string>> = {
  [STATE_BACKEND_STACK]:
    "the state backend's own resources: its bucket, key, table and the settings that keep them private, versioned and encrypted hold every stack's record of what it manages",
};

/** Why deleting or replacing this resource of `stack` loses something, or undefined when nothing is. */
export function statefulReason(stack: string, type: string, before: Readonly<Record<string, unknown>> | null): string | undefined {
  const entry = STATEFUL_TYPES[type];
  if (entry && (!entry.holds || entry.holds(before ?? {}))) return entry.why;
  return STATEFUL_STACKS[stack];
}
