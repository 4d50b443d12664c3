import { block, isTrue } from "../config-values";
import { defineRule } from "../types";

export const dynamodbPitr = defineRule({
  id: "dynamodb-pitr",
  level: "warning",
  dataProtection: true,
  summary: "DynamoDB tables have point-in-time recovery.",
  explanation:
    "Point-in-time recovery restores a table to any second of the last 35 days, undoing a bad write or an accidental delete of items; it cannot be turned on after the fact for earlier data.",
  fix: "Set point_in_time_recovery { enabled = true }.",
  scanners: { checkov: ["CKV_AWS_28"], trivy: ["AVD-AWS-0024"], cdkNag: ["AwsSolutions-DDB3", "NIST.800.53.R5-DynamoDBPITREnabled"] },
  resourceTypes: ["aws_dynamodb_table"],
  check: (table) => (isTrue(block(table.config, "point_in_time_recovery")?.enabled) ? undefined : "point-in-time recovery is off"),
});
