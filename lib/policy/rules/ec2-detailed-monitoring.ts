import { block, isTrue } from "../config-values";
import { defineRule } from "../types";

export const ec2DetailedMonitoring = defineRule({
  id: "ec2-detailed-monitoring",
  level: "warning",
  summary: "Instances and launch templates enable detailed (1-minute) CloudWatch monitoring.",
  explanation:
    "Five-minute metrics hide the spikes that precede an outage and slow down alarms and scaling; one-minute metrics make the documented alarms meaningful.",
  fix: "aws_instance: monitoring = true; aws_launch_template: monitoring { enabled = true }.",
  scanners: { checkov: ["CKV_AWS_126"], cdkNag: ["AwsSolutions-EC28", "NIST.800.53.R5-EC2InstanceDetailedMonitoringEnabled"] },
  resourceTypes: ["aws_instance", "aws_launch_template"],
  check: ({ type, config }) => {
    const enabled = type === "aws_instance" ? config.monitoring : block(config, "monitoring")?.enabled;
    return isTrue(enabled) ? undefined : "detailed monitoring is off";
  },
});
