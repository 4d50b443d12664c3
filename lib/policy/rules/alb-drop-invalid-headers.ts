import { isTrue } from "../config-values";
import { isApplicationLoadBalancer } from "../load-balancers";
import { defineRule } from "../types";

export const albDropInvalidHeaders = defineRule({
  id: "alb-drop-invalid-headers",
  level: "warning",
  summary: "Application load balancers drop HTTP headers with invalid names.",
  explanation:
    "Headers the targets would parse differently from the load balancer are the raw material of request smuggling; dropping invalid ones at the edge removes that ambiguity.",
  fix: "Use modules/load-balancer.ts, or set drop_invalid_header_fields = true.",
  scanners: { checkov: ["CKV_AWS_131"], trivy: ["AVD-AWS-0052"], cdkNag: ["NIST.800.53.R5-ALBHttpDropInvalidHeaderEnabled"] },
  resourceTypes: ["aws_lb", "aws_alb"],
  check: (lb) =>
    !isApplicationLoadBalancer(lb) || isTrue(lb.config.drop_invalid_header_fields) ? undefined : "drop_invalid_header_fields is not true",
});
