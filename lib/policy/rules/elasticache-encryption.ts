import { isSet, isTrue } from "../config-values";
import { defineRule } from "../types";

export const elasticacheEncryption = defineRule({
  id: "elasticache-encryption",
  level: "warning",
  dataProtection: true,
  summary: "Redis/Valkey caches encrypt data at rest with a customer-managed key and in transit with TLS.",
  explanation:
    "Caches hold sessions and copies of database rows; at-rest encryption covers nodes and backups, and in-transit TLS keeps that data (and AUTH credentials) off the wire in clear text.",
  fix: 'Set at_rest_encryption_enabled = "true", kms_key_id = a KmsKey ARN and transit_encryption_enabled = true (serverless caches: kms_key_id).',
  scanners: {
    checkov: ["CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_191"],
    trivy: ["AVD-AWS-0045", "AVD-AWS-0051"],
    cdkNag: ["AwsSolutions-AEC3"],
  },
  resourceTypes: ["aws_elasticache_replication_group", "aws_elasticache_serverless_cache"],
  check: ({ type, config }) => {
    const problems = isSet(config.kms_key_id) ? [] : ["kms_key_id is not set"];
    if (type === "aws_elasticache_replication_group") {
      if (!isTrue(config.at_rest_encryption_enabled)) problems.push("at_rest_encryption_enabled is not true");
      if (!isTrue(config.transit_encryption_enabled)) problems.push("transit_encryption_enabled is not true");
    }
    return problems;
  },
});
