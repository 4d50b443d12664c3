import { defineRule } from "../types";
import { exposedAdminPorts, opensToWorld, permissions, SECURITY_GROUP_RULE_TYPES } from "../security-group-rules";

export const securityGroupAdminPorts = defineRule({
  id: "sg-admin-ports-world-open",
  level: "error",
  summary: "No security group opens SSH, RDP or a database port to 0.0.0.0/0 or ::/0.",
  explanation:
    "Remote administration and database ports facing the internet are scanned within minutes and are the usual way in for credential stuffing and unpatched-service exploits. This is an error in every environment.",
  fix: "Allow these ports only from a security group or the VPC CIDR (operators use SSM Session Manager or a bastion inside the VPC).",
  scanners: {
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"],
    trivy: ["AVD-AWS-0107"],
    cdkNag: ["AwsSolutions-EC23", "NIST.800.53.R5-EC2RestrictedSSH", "NIST.800.53.R5-EC2RestrictedCommonPorts"],
  },
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check: (resource) =>
    permissions(resource)
      .filter((permission) => permission.direction === "ingress" && opensToWorld(permission))
      .map((permission) => ({ permission, ports: exposedAdminPorts(permission) }))
      .filter(({ ports }) => ports.length > 0)
      .map(({ ports }) => `ingress from the internet reaches ${ports.join(", ")}`),
});
