import { isLiterallyTrue } from "../config-values";
import { defineRule } from "../types";

export const rdsNoPublicAccess = defineRule({
  id: "rds-no-public-access",
  level: "error",
  summary: "No database instance is publicly accessible.",
  explanation:
    "publicly_accessible gives the database a public DNS name and address; one permissive security group rule then exposes the data directly. This is an error in every environment.",
  fix: "Set publicly_accessible = false (the default) and reach the database from inside the VPC.",
  scanners: { checkov: ["CKV_AWS_17"], trivy: ["AVD-AWS-0180"], cdkNag: ["NIST.800.53.R5-RDSInstancePublicAccess"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: (instance) => (isLiterallyTrue(instance.config.publicly_accessible) ? "publicly_accessible is true" : undefined),
});
