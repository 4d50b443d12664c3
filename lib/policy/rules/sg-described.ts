import { defineRule } from "../types";
import { permissions, SECURITY_GROUP_RULE_TYPES } from "../security-group-rules";

/** What Terraform writes when a group's description is left out. */
const TERRAFORM_DEFAULT_DESCRIPTION = "Managed by Terraform";

export const securityGroupDescribed = defineRule({
  id: "sg-described",
  level: "warning",
  summary: "Security groups and every rule in them carry a description.",
  explanation:
    "A rule without a reason cannot be reviewed or safely removed; descriptions are how an auditor (and the next engineer) tells a needed opening from a leftover one.",
  fix: "Give the group a description saying what it protects, and every rule a description saying why it exists (modules/security-group.ts requires both).",
  scanners: { checkov: ["CKV_AWS_23"], trivy: ["AVD-AWS-0099", "AVD-AWS-0124"], cdkNag: ["AwsSolutions-EC27"] },
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check: (resource) => {
    const problems: string[] = [];
    if (resource.type === "aws_security_group") {
      const description = resource.config.description;
      if (typeof description !== "string" || !description.trim() || description === TERRAFORM_DEFAULT_DESCRIPTION) {
        problems.push("the security group has no description of its own");
      }
    }
    for (const permission of permissions(resource)) {
      if (!permission.description?.trim()) problems.push(`an ${permission.direction} rule has no description`);
    }
    return problems;
  },
});
