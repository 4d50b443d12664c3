import { block, isSet, isTrue } from "../config-values";
import { defineRule } from "../types";

export const albAccessLogs = defineRule({
  id: "alb-access-logs",
  level: "warning",
  summary: "Load balancers write access logs to S3.",
  explanation:
    "Access logs are the only per-request record at the edge (client address, TLS version, target, status, latency); without them an attack or an outage cannot be traced to requests.",
  fix: "Pass accessLogBucket (an SSE-S3 SecureBucket whose policy admits the ELB log delivery) to LoadBalancer, or set access_logs { bucket, enabled = true }.",
  scanners: { checkov: ["CKV_AWS_91"], cdkNag: ["AwsSolutions-ELB2", "NIST.800.53.R5-ELBLoggingEnabled"] },
  resourceTypes: ["aws_lb", "aws_alb"],
  check: (lb) => {
    const logs = block(lb.config, "access_logs");
    // access_logs.enabled defaults to false even when a bucket is given.
    return logs && isSet(logs.bucket) && isTrue(logs.enabled) ? undefined : "access_logs are not enabled";
  },
});
