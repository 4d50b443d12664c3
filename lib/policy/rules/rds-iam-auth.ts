import { isTrue } from "../config-values";
import { defineRule } from "../types";

/** Engines that support IAM database authentication. */
const IAM_AUTH_ENGINES = /^(aurora-)?(mysql|postgresql|postgres)$|^mariadb$/;

export const rdsIamAuth = defineRule({
  id: "rds-iam-auth",
  level: "warning",
  summary: "MySQL, MariaDB and PostgreSQL databases enable IAM database authentication.",
  explanation:
    "IAM authentication replaces long-lived database passwords with 15-minute tokens tied to an IAM role, so access is granted and revoked in IAM and recorded by CloudTrail.",
  fix: "Set iam_database_authentication_enabled = true and grant rds-db:connect on the database user to the application role.",
  scanners: { checkov: ["CKV_AWS_161", "CKV_AWS_162"], trivy: ["AVD-AWS-0176"], cdkNag: ["AwsSolutions-RDS6"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: ({ config }) => {
    if (typeof config.engine === "string" && !IAM_AUTH_ENGINES.test(config.engine)) return undefined;
    return isTrue(config.iam_database_authentication_enabled) ? undefined : "iam_database_authentication_enabled is not true";
  },
});
