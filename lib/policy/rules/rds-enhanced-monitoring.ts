import { isExpression, isSet, numberValue } from "../config-values";
import { defineRule } from "../types";

export const rdsEnhancedMonitoring = defineRule({
  id: "rds-enhanced-monitoring",
  level: "warning",
  summary: "Database instances (RDS and Aurora) publish Enhanced Monitoring OS metrics through a monitoring role.",
  explanation:
    "CloudWatch's RDS metrics come from the hypervisor; Enhanced Monitoring adds the instance's own view (processes, memory, swap, disk queue) every few seconds, which is what explains a slow database that is not CPU-bound.",
  fix: "Use modules/postgres-database.ts or modules/aurora-serverless.ts (monitoringIntervalSeconds, @default 60), or set monitoring_interval (1, 5, 10, 15, 30 or 60) and monitoring_role_arn (a role trusted by monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole).",
  scanners: { checkov: ["CKV_AWS_118"], cdkNag: ["NIST.800.53.R5-RDSEnhancedMonitoringEnabled"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: ({ config }) => {
    const interval = config.monitoring_interval;
    if (!isExpression(interval) && !((numberValue(interval) ?? 0) > 0)) {
      return `monitoring_interval is ${interval === undefined ? "unset (0)" : JSON.stringify(interval)}, so Enhanced Monitoring is off`;
    }
    return isSet(config.monitoring_role_arn) ? undefined : "monitoring_role_arn is not set: RDS cannot publish the OS metrics";
  },
});
