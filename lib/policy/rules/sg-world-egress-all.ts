import { defineRule } from "../types";
import { isAllTraffic, opensToWorld, permissions, SECURITY_GROUP_RULE_TYPES } from "../security-group-rules";

export const securityGroupWorldEgress = defineRule({
  id: "sg-world-egress-all",
  level: "warning",
  summary: "No security group allows all traffic (every protocol and port) out to 0.0.0.0/0 or ::/0.",
  explanation:
    "Unrestricted egress is what turns a compromised instance into a data-exfiltration or command-and-control channel; naming the ports an instance needs (443 to AWS APIs and package mirrors) keeps that channel narrow.",
  fix: "Replace the all-traffic egress rule with rules for the ports the workload uses (e.g. tcp 443), or suppress with the reason the destinations cannot be narrowed.",
  scanners: { checkov: ["CKV_AWS_382"], trivy: ["AVD-AWS-0104"] },
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check: (resource) =>
    permissions(resource)
      .filter((permission) => permission.direction === "egress" && opensToWorld(permission) && isAllTraffic(permission))
      .map(() => "egress allows all traffic to the internet"),
});
