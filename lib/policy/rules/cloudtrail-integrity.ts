import { defineRule } from "../types";

export const cloudtrailIntegrity = defineRule({
  id: "cloudtrail-integrity",
  level: "warning",
  summary: "Trails cover every region and global services, and validate their log files.",
  explanation:
    "A single-region trail misses activity in regions nobody watches (a favourite place to start resources); log file validation lets an investigator prove the logs were not altered or deleted.",
  fix: "Use modules/audit-trail.ts, or set is_multi_region_trail = true, enable_log_file_validation = true and leave include_global_service_events on.",
  scanners: {
    checkov: ["CKV_AWS_67", "CKV_AWS_36"],
    trivy: ["AVD-AWS-0014", "AVD-AWS-0016"],
    cdkNag: ["NIST.800.53.R5-CloudTrailLogFileValidationEnabled"],
  },
  resourceTypes: ["aws_cloudtrail"],
  check: ({ config }) => [
    ...(config.is_multi_region_trail === true ? [] : ["is_multi_region_trail is not true"]),
    ...(config.enable_log_file_validation === true ? [] : ["enable_log_file_validation is not true"]),
    ...(config.include_global_service_events === false ? ["include_global_service_events is false"] : []),
  ],
});
