import { isSet } from "../config-values";
import { defineRule } from "../types";

export const rdsLogExports = defineRule({
  id: "rds-log-exports",
  level: "warning",
  summary: "Databases export their logs to CloudWatch Logs.",
  explanation:
    "Connection, error and slow-query logs stay on the instance (and disappear with it) unless exported; exported logs can be searched, alarmed on and retained.",
  fix: 'Set enabled_cloudwatch_logs_exports (e.g. ["postgresql"] or ["error", "slowquery"]).',
  scanners: { checkov: ["CKV_AWS_129"], cdkNag: ["NIST.800.53.R5-RDSLoggingEnabled"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: ({ config }) => (isSet(config.enabled_cloudwatch_logs_exports) ? undefined : "enabled_cloudwatch_logs_exports is empty"),
});
