import { blocks, isExpression, isSet } from "../config-values";
import { defineRule, ResourceConfig } from "../types";

/** Argument names whose value is a credential. */
const SECRET_KEY =
  /(^|_)(password|passwd|passphrase|secret|secret_string|secret_binary|secret_key|secret_access_key|access_key|auth_token|api_key|apikey|private_key|client_secret|token)(_wo)?$/i;
/** Beanstalk environment variables whose value is a credential (`..._ARN`, `..._NAME` hold pointers, not values). */
const SECRET_VARIABLE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)(?!.*_(ARN|NAME|ID|PATH)$)/i;
/** Credential formats recognisable anywhere (user data, policies, tags, headers). */
const SECRET_VALUES: readonly (readonly [string, RegExp])[] = [
  ["an AWS access key id", /\b(AKIA|ASIA|A3T[A-Z0-9])[A-Z0-9]{16}\b/],
  ["a private key", /-----BEGIN ([A-Z]+ )?PRIVATE KEY( BLOCK)?-----/],
  ["a GitHub token", /\b(ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}/],
  ["a Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
];
/** Text each of SECRET_VALUES contains: one scan rules out most values before the four patterns run. */
const SECRET_VALUE_HINT = /AKIA|ASIA|A3T|PRIVATE KEY|gh[opsu]_|github_pat_|xox[abprs]-/;
/** Arguments that always put their value into Terraform state, however it is supplied. */
const STATE_BEARING: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["password"],
  aws_rds_cluster: ["master_password"],
  aws_elasticache_replication_group: ["auth_token"],
  aws_elasticache_user: ["passwords"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
};
/** Attributes that read a secret's value (into state) when referenced. */
const SECRET_READS = [/\.secret_string\b/, /\.secret_binary\b/, /\brandom_password\.[^.}]+\.result\b/];

function literalSecrets(value: unknown, key: string, found: string[]): void {
  if (typeof value === "string") {
    if (SECRET_KEY.test(key) && !isExpression(value) && value.trim() && !value.startsWith("arn:")) {
      found.push(`${key} holds a literal value`);
    }
    const text = decoded(key, value);
    if (SECRET_VALUE_HINT.test(text)) {
      for (const [what, pattern] of SECRET_VALUES) if (pattern.test(text)) found.push(`${key} contains ${what}`);
    }
    if (value.includes("${") && SECRET_READS.some((pattern) => pattern.test(value))) {
      found.push(`${key} reads a secret value, which Terraform then stores in state`);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) literalSecrets(item, key, found);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const child of Object.keys(record)) if (child !== "//") literalSecrets(record[child], child, found);
  }
}

/** user_data in launch templates is base64; scan the decoded script too. */
function decoded(key: string, value: string): string {
  if (!/user_data/.test(key) || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return value;
  return `${value}\n${Buffer.from(value, "base64").toString("utf8")}`;
}

function beanstalkVariables(resource: ResourceConfig): string[] {
  if (resource.type !== "aws_elastic_beanstalk_environment") return [];
  return blocks(resource.config, "setting")
    .filter((setting) => setting.namespace === "aws:elasticbeanstalk:application:environment")
    .filter((setting) => SECRET_VARIABLE.test(String(setting.name)))
    .filter(
      (setting) =>
        typeof setting.value === "string" && setting.value.trim() && !isExpression(setting.value) && !setting.value.startsWith("arn:"),
    )
    .map((setting) => `environment variable ${String(setting.name)} holds a literal value`);
}

export const noPlaintextSecrets = defineRule({
  id: "no-plaintext-secrets",
  level: "error",
  summary: "No password, token or key appears in code, synthesized JSON or Terraform state.",
  explanation:
    "Anything in cdk.tf.json is in git history, CI logs and every copy of the state file; secrets live in Secrets Manager (created empty, filled by operators) or are managed by AWS (RDS manage_master_user_password). This is an error in every environment.",
  fix: "Create the secret with AppSecrets and pass its ARN; for databases set manage_master_user_password = true; use IAM roles instead of access keys; never read secret_string in Terraform.",
  scanners: {
    checkov: ["CKV_AWS_41", "CKV_AWS_46", "CKV_AWS_45", "CKV_SECRET_2", "CKV_SECRET_13"],
    trivy: ["AVD-AWS-0029", "AVD-AWS-0129", "aws-access-key-id", "private-key"],
  },
  resourceTypes: "*",
  check: (resource) => {
    const found: string[] = [];
    literalSecrets(resource.config, resource.type, found);
    const stateBearing = [...(STATE_BEARING[resource.type] ?? [])];
    if (resource.type === "aws_ssm_parameter" && resource.config.type === "SecureString") stateBearing.push("value");
    for (const argument of stateBearing) {
      if (isSet(resource.config[argument]) && !found.some((message) => message.startsWith(`${argument} `))) {
        found.push(`${argument} is set, so its value is stored in Terraform state`);
      }
    }
    if (resource.type === "random_password") found.push("random_password generates a secret into Terraform state");
    return [...new Set([...found, ...beanstalkVariables(resource)])];
  },
});
