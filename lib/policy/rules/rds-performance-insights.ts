import { Config, isSet, isTrue } from "../config-values";
import { defineRule } from "../types";

export const rdsPerformanceInsights = defineRule({
  id: "rds-performance-insights",
  level: "warning",
  summary: "Database instances enable Performance Insights, encrypted with a customer-managed KMS key.",
  explanation:
    "Performance Insights shows which queries load the database when it slows down; its data contains SQL text, so it is encrypted with the database's own key.",
  fix: "Set performance_insights_enabled = true and performance_insights_kms_key_id (on the instance, or on the Aurora cluster for all its instances).",
  scanners: { checkov: ["CKV_AWS_353", "CKV_AWS_354"], trivy: ["AVD-AWS-0133", "AVD-AWS-0078"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: ({ type, config }, stack) => {
    const settings: Config[] = [config];
    if (type === "aws_rds_cluster_instance") {
      const cluster = stack.resolve(config.cluster_identifier);
      if (cluster) settings.push(cluster.config);
    }
    if (!settings.some((entry) => isTrue(entry.performance_insights_enabled))) return "performance_insights_enabled is not true";
    if (!settings.some((entry) => isSet(entry.performance_insights_kms_key_id))) {
      return "performance_insights_kms_key_id is not set (AWS-managed key)";
    }
    return undefined;
  },
});
