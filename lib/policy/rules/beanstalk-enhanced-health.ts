import { beanstalkSetting } from "../config-values";
import { defineRule } from "../types";

export const beanstalkEnhancedHealth = defineRule({
  id: "beanstalk-enhanced-health",
  level: "warning",
  summary: "Elastic Beanstalk environments use enhanced health reporting.",
  explanation:
    "Basic health only knows whether instances answer; enhanced health reports request latency, 5xx rates and per-instance causes, and is required for managed updates.",
  fix: "Set aws:elasticbeanstalk:healthreporting:system SystemType = enhanced.",
  scanners: { checkov: ["CKV_AWS_312"], cdkNag: ["NIST.800.53.R5-ElasticBeanstalkEnhancedHealthReportingEnabled"] },
  resourceTypes: ["aws_elastic_beanstalk_environment"],
  check: ({ config }) =>
    beanstalkSetting(config, "aws:elasticbeanstalk:healthreporting:system", "SystemType") === "enhanced"
      ? undefined
      : "SystemType is not enhanced",
});
