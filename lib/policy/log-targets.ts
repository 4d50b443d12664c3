import { ResourceConfig, StackView } from "./types";

/** Where AWS services are told to deliver logs into a bucket: resource type and argument. */
const LOG_DELIVERIES: readonly (readonly [string, string])[] = [
  ["aws_s3_bucket_logging", "target_bucket"],
  ["aws_lb", "access_logs"],
  ["aws_cloudfront_distribution", "logging_config"],
  ["aws_cloudwatch_log_delivery_destination", "delivery_destination_configuration"],
  ["aws_flow_log", "log_destination"],
];

/**
 * True when the bucket receives service-delivered logs (S3 server access logs, ALB or CloudFront
 * access logs, flow logs). Such buckets cannot log into themselves, and S3 server access logs and
 * ALB logs are only delivered to SSE-S3 buckets.
 */
export function isLogTarget(bucket: ResourceConfig, stack: StackView): boolean {
  return LOG_DELIVERIES.some(([type, argument]) => stack.referencing(type, bucket, argument).length > 0);
}
