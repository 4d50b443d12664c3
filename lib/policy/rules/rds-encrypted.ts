import { isSet, isTrue } from "../config-values";
import { defineRule } from "../types";

export const rdsEncrypted = defineRule({
  id: "rds-encrypted",
  level: "warning",
  dataProtection: true,
  summary: "RDS instances and Aurora clusters encrypt storage with a customer-managed KMS key.",
  explanation:
    "Storage encryption covers the volumes, automated backups, snapshots and replicas; a customer-managed key keeps control of who can restore or share a snapshot, and it cannot be added to an existing database without a restore.",
  fix: "Set storage_encrypted = true and kms_key_id to a KmsKey ARN.",
  scanners: {
    checkov: ["CKV_AWS_16", "CKV_AWS_96", "CKV_AWS_327"],
    trivy: ["AVD-AWS-0080", "AVD-AWS-0079"],
    cdkNag: ["AwsSolutions-RDS2", "NIST.800.53.R5-RDSStorageEncrypted"],
  },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: ({ config }) => {
    // A read replica inherits its source's encryption.
    if (isSet(config.replicate_source_db)) return undefined;
    const problems: string[] = [];
    if (!isTrue(config.storage_encrypted)) problems.push("storage_encrypted is not true");
    if (!isSet(config.kms_key_id)) problems.push("kms_key_id is not set (AWS-managed aws/rds key)");
    return problems;
  },
});
