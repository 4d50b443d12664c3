import { beanstalkSetting } from "../config-values";
import { defineRule } from "../types";

export const beanstalkManagedUpdates = defineRule({
  id: "beanstalk-managed-updates",
  level: "warning",
  summary: "Elastic Beanstalk environments apply managed platform updates in a maintenance window.",
  explanation:
    "Managed updates install platform patches (OS, runtime, web server) weekly with an immutable deployment; without them the fleet drifts behind on security fixes.",
  fix: "Set aws:elasticbeanstalk:managedactions ManagedActionsEnabled = true and PreferredStartTime, and aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel = minor or patch.",
  scanners: { checkov: ["CKV_AWS_340"], cdkNag: ["AwsSolutions-EB3", "NIST.800.53.R5-ElasticBeanstalkManagedUpdatesEnabled"] },
  resourceTypes: ["aws_elastic_beanstalk_environment"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (beanstalkSetting(config, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled")?.toLowerCase() !== "true") {
      problems.push("ManagedActionsEnabled is not true");
    }
    if (!beanstalkSetting(config, "aws:elasticbeanstalk:managedactions", "PreferredStartTime"))
      problems.push("PreferredStartTime is not set");
    if (!beanstalkSetting(config, "aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel"))
      problems.push("UpdateLevel is not set");
    return problems;
  },
});
