import { numberValue } from "../config-values";
import { defineRule } from "../types";

export const elasticacheBackups = defineRule({
  id: "elasticache-backups",
  level: "warning",
  dataProtection: true,
  summary: "Redis/Valkey replication groups keep automatic snapshots.",
  explanation: "Without snapshots a failed primary or a FLUSHALL loses every key; a retention of at least one day allows a restore.",
  fix: "Set snapshot_retention_limit (>= 1) and snapshot_window.",
  scanners: { checkov: ["CKV_AWS_134"], trivy: ["AVD-AWS-0050"], cdkNag: ["NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup"] },
  resourceTypes: ["aws_elasticache_replication_group"],
  check: ({ config }) => {
    const days = numberValue(config.snapshot_retention_limit);
    if (days === undefined && typeof config.snapshot_retention_limit === "string") return undefined;
    return (days ?? 0) >= 1 ? undefined : `snapshot_retention_limit is ${days ?? "unset (0)"}`;
  },
});
