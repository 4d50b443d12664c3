import { beanstalkSetting } from "../config-values";
import { defineRule } from "../types";

export const beanstalkLogs = defineRule({
  id: "beanstalk-logs",
  level: "warning",
  summary: "Elastic Beanstalk environments ship instance logs off the instances (CloudWatch Logs or S3).",
  explanation:
    "Beanstalk replaces instances on every deployment and scaling event; logs left on them are lost exactly when they are needed.",
  fix: "Set aws:elasticbeanstalk:cloudwatch:logs StreamLogs = true (with RetentionInDays), or aws:elasticbeanstalk:hostmanager LogPublicationControl = true.",
  scanners: { cdkNag: ["AwsSolutions-EB4"] },
  resourceTypes: ["aws_elastic_beanstalk_environment"],
  check: ({ config }) =>
    beanstalkSetting(config, "aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")?.toLowerCase() === "true" ||
    beanstalkSetting(config, "aws:elasticbeanstalk:hostmanager", "LogPublicationControl")?.toLowerCase() === "true"
      ? undefined
      : "instance logs are neither streamed to CloudWatch Logs nor published to S3",
});
