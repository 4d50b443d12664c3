import { blocks } from "../config-values";
import { defineRule } from "../types";

export const vpcDefaultSecurityGroupClosed = defineRule({
  id: "vpc-default-sg-closed",
  level: "warning",
  summary: "Every VPC's default security group has no rules.",
  explanation:
    "AWS creates each VPC with a default security group that lets its members talk to each other and reach anywhere; anything launched without an explicit group lands in it. Managing it with no rules makes that mistake harmless.",
  fix: "Use modules/network.ts (it declares aws_default_security_group without rules), or declare an aws_default_security_group for the VPC with no ingress or egress blocks.",
  scanners: { checkov: ["CKV2_AWS_12"], cdkNag: ["NIST.800.53.R5-VPCDefaultSecurityGroupClosed"] },
  resourceTypes: ["aws_vpc"],
  check: (vpc, stack) => {
    const defaults = stack.referencing("aws_default_security_group", vpc, "vpc_id");
    if (defaults.length === 0) return "the VPC's default security group is not managed, so it keeps AWS's allow-all rules";
    return defaults
      .filter((group) => blocks(group.config, "ingress").length > 0 || blocks(group.config, "egress").length > 0)
      .map((group) => `${group.address} has rules; the default security group must have none`);
  },
});
