import { defineRule } from "../types";
import { describePorts, exposedAdminPorts, opensToWorld, permissions, SECURITY_GROUP_RULE_TYPES } from "../security-group-rules";

export const securityGroupWorldIngress = defineRule({
  id: "sg-world-ingress",
  level: "warning",
  summary: "Security groups accept traffic from 0.0.0.0/0 or ::/0 only at the system's declared entry points.",
  explanation:
    "Every port open to the internet is attack surface. The entry points a design names (the load balancer's 443, its 80 that only redirects) are expected; each is suppressed next to the rule with the reason, so anything else stands out.",
  fix: 'Allow the port from a security group or a known CIDR instead; for a deliberate entry point call suppress(rule, "sg-world-ingress", "<why>") where the rule is created.',
  scanners: { checkov: ["CKV_AWS_260"], trivy: ["AVD-AWS-0107"], cdkNag: ["AwsSolutions-EC23", "NIST.800.53.R5-EC2RestrictedInbound"] },
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check: (resource) =>
    permissions(resource)
      // Admin and database ports are reported by sg-admin-ports-world-open, which is always an error.
      .filter((permission) => permission.direction === "ingress" && opensToWorld(permission) && exposedAdminPorts(permission).length === 0)
      .map((permission) => `ingress ${describePorts(permission)} is open to the internet`),
});
