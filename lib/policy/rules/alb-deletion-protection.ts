import { isTrue } from "../config-values";
import { defineRule } from "../types";

export const albDeletionProtection = defineRule({
  id: "alb-deletion-protection",
  level: "warning",
  dataProtection: true,
  summary: "In production, load balancers have deletion protection.",
  explanation:
    "Deleting the production load balancer takes the service off the internet and changes its DNS name; deletion protection makes that a deliberate two-step action.",
  fix: "Pass deletionProtection: true to LoadBalancer (from the production config), or set enable_deletion_protection = true.",
  scanners: { checkov: ["CKV_AWS_150"], cdkNag: ["NIST.800.53.R5-ELBDeletionProtectionEnabled"] },
  resourceTypes: ["aws_lb", "aws_alb"],
  tiers: ["production"],
  check: (lb) => (isTrue(lb.config.enable_deletion_protection) ? undefined : "enable_deletion_protection is not true"),
});
