import { isSet, numberValue } from "../config-values";
import { defineRule } from "../types";

const MINIMUM_DAYS = { production: 7, development: 1 } as const;

export const rdsBackupRetention = defineRule({
  id: "rds-backup-retention",
  level: "warning",
  dataProtection: true,
  summary: "Databases keep automated backups: at least 7 days in production, at least 1 in development.",
  explanation:
    "Automated backups are what point-in-time restore uses after a bad migration or deletion; a retention of 0 disables them, and one day rarely covers the time it takes to notice a problem.",
  fix: "Set backup_retention_period (7-35 in production).",
  scanners: {
    checkov: ["CKV_AWS_133"],
    trivy: ["AVD-AWS-0077"],
    cdkNag: ["AwsSolutions-RDS13", "NIST.800.53.R5-RDSInstanceBackupEnabled"],
  },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: ({ config }, stack) => {
    if (isSet(config.replicate_source_db)) return undefined;
    const minimum = MINIMUM_DAYS[stack.tier];
    const days = numberValue(config.backup_retention_period);
    if (days === undefined) {
      return typeof config.backup_retention_period === "string"
        ? undefined
        : `backup_retention_period is not set (need >= ${minimum} days in ${stack.tier})`;
    }
    return days >= minimum ? undefined : `backup_retention_period is ${days} days (need >= ${minimum} in ${stack.tier})`;
  },
});
