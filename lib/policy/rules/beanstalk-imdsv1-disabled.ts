import { beanstalkSetting } from "../config-values";
import { defineRule } from "../types";

export const beanstalkImdsv1Disabled = defineRule({
  id: "beanstalk-imdsv1-disabled",
  level: "warning",
  summary: "Elastic Beanstalk environments disable IMDSv1 on their instances.",
  explanation:
    "Beanstalk launches its own instances; unless aws:autoscaling:launchconfiguration DisableIMDSv1 is true they answer IMDSv1, so one SSRF in the app leaks the instance profile's credentials (the same control as ec2-imdsv2).",
  fix: 'Add setting { namespace = "aws:autoscaling:launchconfiguration", name = "DisableIMDSv1", value = "true" }.',
  scanners: { checkov: ["CKV_AWS_79"], trivy: ["AVD-AWS-0130"], cdkNag: ["NIST.800.53.R5-EC2IMDSv2Enabled"] },
  resourceTypes: ["aws_elastic_beanstalk_environment"],
  check: ({ config }) =>
    beanstalkSetting(config, "aws:autoscaling:launchconfiguration", "DisableIMDSv1")?.toLowerCase() === "true"
      ? undefined
      : "aws:autoscaling:launchconfiguration DisableIMDSv1 is not true",
});
