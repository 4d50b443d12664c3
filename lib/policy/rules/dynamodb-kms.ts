import { block, isSet, isTrue } from "../config-values";
import { defineRule } from "../types";

export const dynamodbKms = defineRule({
  id: "dynamodb-kms",
  level: "warning",
  dataProtection: true,
  summary: "DynamoDB tables are encrypted with a customer-managed KMS key.",
  explanation:
    "Tables are always encrypted, but with the AWS-owned key nobody can restrict or audit decryption; a customer-managed key puts reads of the table behind its key policy and CloudTrail.",
  fix: "Set server_side_encryption { enabled = true, kms_key_arn = <KmsKey ARN> }.",
  scanners: { checkov: ["CKV_AWS_119"], trivy: ["AVD-AWS-0025"] },
  resourceTypes: ["aws_dynamodb_table"],
  check: (table) => {
    const encryption = block(table.config, "server_side_encryption");
    return isTrue(encryption?.enabled) && isSet(encryption?.kms_key_arn) ? undefined : "not encrypted with a customer-managed KMS key";
  },
});
