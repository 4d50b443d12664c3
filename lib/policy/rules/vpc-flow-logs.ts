import { defineRule } from "../types";

export const vpcFlowLogs = defineRule({
  id: "vpc-flow-logs",
  level: "warning",
  summary: "Every VPC has a flow log.",
  explanation:
    "Flow logs are the only record of which addresses talked to which ports; without them an incident cannot be reconstructed and unexpected egress goes unnoticed.",
  fix: "Create the VPC with modules/network.ts (it always adds an aws_flow_log with traffic_type ALL), or add an aws_flow_log whose vpc_id references the VPC.",
  scanners: { checkov: ["CKV2_AWS_11"], trivy: ["AVD-AWS-0178"], cdkNag: ["AwsSolutions-VPC7", "NIST.800.53.R5-VPCFlowLogsEnabled"] },
  resourceTypes: ["aws_vpc"],
  check: (vpc, stack) =>
    stack.referencing("aws_flow_log", vpc, "vpc_id").length > 0 ? undefined : "no aws_flow_log records this VPC's traffic",
});
