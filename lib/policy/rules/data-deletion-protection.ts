import { block, isLiterallyTrue, isTrue, numberValue } from "../config-values";
import { defineRule, ResourceConfig } from "../types";

const preventDestroy = (resource: ResourceConfig) => isLiterallyTrue(block(resource.config, "lifecycle")?.prevent_destroy);

/** What protects each stateful type from deletion, as problems when missing. */
const REQUIREMENTS: Readonly<Record<string, (resource: ResourceConfig) => string[]>> = {
  aws_db_instance: ({ config }) => [
    ...(isTrue(config.deletion_protection) ? [] : ["deletion_protection is not true"]),
    ...(isLiterallyTrue(config.skip_final_snapshot) ? ["skip_final_snapshot is true: deleting it leaves no snapshot"] : []),
  ],
  aws_rds_cluster: ({ config }) => [
    ...(isTrue(config.deletion_protection) ? [] : ["deletion_protection is not true"]),
    ...(isLiterallyTrue(config.skip_final_snapshot) ? ["skip_final_snapshot is true: deleting it leaves no snapshot"] : []),
  ],
  aws_dynamodb_table: (table) => [
    ...(isTrue(table.config.deletion_protection_enabled) ? [] : ["deletion_protection_enabled is not true"]),
    ...(preventDestroy(table) ? [] : ["lifecycle.prevent_destroy is not set"]),
  ],
  aws_s3_bucket: (bucket) => [
    ...(isLiterallyTrue(bucket.config.force_destroy) ? ["force_destroy is true: destroy empties the bucket"] : []),
    ...(preventDestroy(bucket) ? [] : ["lifecycle.prevent_destroy is not set"]),
  ],
  aws_kms_key: (key) => [
    ...(preventDestroy(key) ? [] : ["lifecycle.prevent_destroy is not set (data encrypted with it would become unreadable)"]),
    ...((numberValue(key.config.deletion_window_in_days) ?? 30) < 30 ? ["deletion_window_in_days is below 30"] : []),
  ],
  aws_secretsmanager_secret: ({ config }) =>
    numberValue(config.recovery_window_in_days) === 0 ? ["recovery_window_in_days is 0: a deleted secret is gone at once"] : [],
};

export const dataDeletionProtection = defineRule({
  id: "data-deletion-protection",
  level: "warning",
  dataProtection: true,
  summary: "In production every stateful resource is protected from deletion and leaves a recovery path.",
  explanation:
    "A rename, a refactor or a mistaken destroy must not delete data: databases need deletion protection and a final snapshot, buckets, tables and keys need prevent_destroy (and buckets versioning, see s3-versioning), secrets a recovery window.",
  fix: "Databases: deletion_protection = true and no skip_final_snapshot. Buckets: SecureBucket preventDestroy: true, no forceDestroy. Tables: deletion_protection_enabled and lifecycle.prevent_destroy. KMS keys: KmsKey preventDestroy: true with the 30-day window. Secrets: recovery window of 7-30 days.",
  scanners: {
    checkov: ["CKV_AWS_293", "CKV_AWS_139"],
    trivy: ["AVD-AWS-0177", "AVD-AWS-0343"],
    cdkNag: ["AwsSolutions-RDS10", "NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled"],
  },
  resourceTypes: Object.keys(REQUIREMENTS),
  tiers: ["production"],
  check: (resource) => REQUIREMENTS[resource.type](resource),
});
