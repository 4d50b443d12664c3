import { IDENTITY_POLICY_TYPES, identityPolicies, readPolicy } from "../policy-documents";
import { defineRule } from "../types";

/** Actions that read or change data (as opposed to describing or configuring resources). */
const DATA_PLANE_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:RestoreObject",
  "s3:ListBucket",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:TransactGetItems",
  "dynamodb:TransactWriteItems",
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:PutParameter",
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sns:Publish",
  "rds-db:connect",
  "elasticache:Connect",
  "lambda:InvokeFunction",
  "logs:PutLogEvents",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
];

/** IAM action pattern (`s3:Get*`) as a case-insensitive regular expression. */
const actionPattern = (action: string) =>
  new RegExp(
    `^${action
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );

// `*`, or an ARN whose resource part names nothing: arn:aws:s3:::* (and its objects), ...:secret:*, ...:table/*.
function isUnnamedResource(resource: string): boolean {
  if (resource === "*") return true;
  const [prefix, , service, , , name] = splitArn(resource);
  if (prefix !== "arn" || name === undefined) return false;
  return service === "s3" ? name === "*" || name === "*/*" : name === "*" || /^[A-Za-z0-9-]+[:/]\*$/.test(name);
}

/** `arn:partition:service:region:account:resource` (the resource part may contain colons). */
function splitArn(arn: string): (string | undefined)[] {
  const parts = arn.split(":");
  return parts.length < 6 ? [] : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

export const iamDataPlaneNamedResources = defineRule({
  id: "iam-data-plane-named-resources",
  level: "warning",
  summary: "Data-plane actions (object, item, secret, key and message access) are granted only on named resources.",
  explanation:
    "s3:GetObject or secretsmanager:GetSecretValue on `*` reads every bucket or secret in the account, including other systems'; naming the ARNs confines a compromised role to its own data.",
  fix: "Set Resource to the ARNs the workload uses (bucket.arn and `${bucket.arn}/*`, secret ARNs from AppSecrets.arns, the KmsKey ARN).",
  scanners: { checkov: ["CKV_AWS_355", "CKV_AWS_288", "CKV_AWS_290"], trivy: ["AVD-AWS-0057"], cdkNag: ["AwsSolutions-IAM5"] },
  resourceTypes: IDENTITY_POLICY_TYPES,
  check: ({ type, config }, stack) =>
    identityPolicies(type, config).flatMap(({ where, policy }) => {
      const reading = readPolicy(policy, stack);
      // iam-no-wildcard-actions reports unreadable policies.
      if ("unreadable" in reading) return [];
      return reading.statements
        .filter(
          (statement) => statement.effect === "Allow" && (statement.resources.some(isUnnamedResource) || statement.notResources.length > 0),
        )
        .flatMap((statement) => {
          const dataPlane = statement.actions.filter((action) => DATA_PLANE_ACTIONS.some((known) => actionPattern(action).test(known)));
          return dataPlane.length > 0
            ? [`${where} statement ${statement.sid ?? "(no Sid)"} allows ${dataPlane.join(", ")} on every resource`]
            : [];
        });
    }),
});
