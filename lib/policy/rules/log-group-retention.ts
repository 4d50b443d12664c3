import { numberValue } from "../config-values";
import { defineRule } from "../types";

/** The seeds' audit retention ("CloudWatch Logs (90-day retention)"); longer is a config choice. */
const PRODUCTION_MINIMUM_DAYS = 90;

export const logGroupRetention = defineRule({
  id: "log-group-retention",
  level: "warning",
  summary: "Log groups set a retention: at least 90 days (or never expire) in production.",
  explanation:
    "An unset retention keeps logs forever by accident; a short one deletes the evidence an investigation needs. Production keeps at least the 90 days the Treasury Plane document sets for audit logs; checkov's CKV_AWS_338 asks a year, which config can choose per stack.",
  fix: "Set retention_in_days (modules pass it from config, e.g. network.flowLogRetentionDays); 90 or more in production.",
  scanners: { checkov: ["CKV_AWS_66", "CKV_AWS_338"], cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod"] },
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: ({ config }, stack) => {
    const days = numberValue(config.retention_in_days);
    if (days === undefined) return typeof config.retention_in_days === "string" ? undefined : "retention_in_days is not set";
    if (stack.tier === "production" && days !== 0 && days < PRODUCTION_MINIMUM_DAYS) {
      return `retention_in_days is ${days} (production keeps at least ${PRODUCTION_MINIMUM_DAYS})`;
    }
    return undefined;
  },
});
