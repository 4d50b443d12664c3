import { blocks, isExpression, stringList, text } from "./config-values";
import { ResourceConfig, StackView } from "./types";

/** An IAM policy statement, normalized: every list is a list, `Effect` defaults to Allow. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `*`, or principal type -> identifiers; undefined in identity policies. */
  readonly principal?: "*" | Readonly<Record<string, readonly string[]>>;
  readonly hasCondition: boolean;
  /** Every condition, operator by key: `{ operator: "StringEquals", key: "aws:SourceAccount", values: [...] }`. */
  readonly conditions: readonly Condition[];
  /** A Deny of every S3 action (`s3:*` or `*`) when `aws:SecureTransport` is false. */
  readonly deniesInsecureTransport: boolean;
}

export interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export type PolicyReading = { readonly statements: readonly Statement[] } | { readonly unreadable: string };

/**
 * Reads a policy argument: a JSON string (what lib/iam.ts `policyDocument` produces, references
 * included) or a reference to an `aws_iam_policy_document` data source in the same stack. Anything
 * else (e.g. `${jsonencode(...)}`) cannot be verified at synth and is reported as unreadable.
 */
export function readPolicy(value: unknown, stack: StackView): PolicyReading {
  if (value === undefined || value === null || value === "") return { statements: [] };
  if (isExpression(value)) {
    const source = stack.resolve(value);
    if (source?.type === "aws_iam_policy_document") return { statements: blocks(source.config, "statement").map(fromDataSource) };
    return { unreadable: `policy ${text(value)} is not a JSON document or an aws_iam_policy_document in this stack` };
  }
  if (typeof value !== "string") return { unreadable: "policy is not a string" };
  try {
    const document = JSON.parse(value) as { Statement?: unknown };
    const list = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
    return { statements: list.map((statement) => fromJson(statement as Record<string, unknown>)) };
  } catch {
    return { unreadable: "policy is not valid JSON" };
  }
}

const ALL_S3_ACTIONS = ["s3:*", "*"];

function fromJson(statement: Record<string, unknown>): Statement {
  const principal = statement.Principal;
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const secureTransport = Object.entries(condition.Bool ?? {}).find(([key]) => key.toLowerCase() === "aws:securetransport")?.[1];
  return {
    sid: typeof statement.Sid === "string" ? statement.Sid : undefined,
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.Action),
    notActions: stringList(statement.NotAction),
    resources: stringList(statement.Resource),
    notResources: stringList(statement.NotResource),
    principal:
      principal === undefined
        ? undefined
        : principal === "*"
          ? "*"
          : Object.fromEntries(Object.entries(principal as Record<string, unknown>).map(([type, ids]) => [type, stringList(ids)])),
    hasCondition: Object.keys(condition).length > 0,
    conditions: Object.entries(condition).flatMap(([operator, byKey]) =>
      Object.entries(byKey ?? {}).map(([key, values]) => ({ operator, key, values: stringList(values) })),
    ),
    deniesInsecureTransport:
      statement.Effect === "Deny" &&
      stringList(statement.Action).some((action) => ALL_S3_ACTIONS.includes(action)) &&
      stringList(secureTransport).includes("false"),
  };
}

function fromDataSource(statement: Record<string, unknown>): Statement {
  const principals = blocks(statement, "principals");
  const conditions = blocks(statement, "condition");
  return {
    sid: typeof statement.sid === "string" ? statement.sid : undefined,
    effect: statement.effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.actions),
    notActions: stringList(statement.not_actions),
    resources: stringList(statement.resources),
    notResources: stringList(statement.not_resources),
    principal:
      principals.length === 0
        ? undefined
        : Object.fromEntries(principals.map((entry) => [String(entry.type), stringList(entry.identifiers)])),
    hasCondition: conditions.length > 0,
    conditions: conditions.map((entry) => ({
      operator: String(entry.test),
      key: String(entry.variable),
      values: stringList(entry.values),
    })),
    deniesInsecureTransport:
      statement.effect === "Deny" &&
      stringList(statement.actions).some((action) => ALL_S3_ACTIONS.includes(action)) &&
      conditions.some(
        (condition) =>
          condition.test === "Bool" &&
          String(condition.variable).toLowerCase() === "aws:securetransport" &&
          stringList(condition.values).includes("false"),
      ),
  };
}

/** Resource types with a resource-based (or trust) policy, and the argument holding it. */
export const POLICY_ARGUMENT: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: "policy",
  aws_kms_key: "policy",
  aws_sns_topic: "policy",
  aws_sns_topic_policy: "policy",
  aws_sqs_queue: "policy",
  aws_sqs_queue_policy: "policy",
  aws_secretsmanager_secret: "policy",
  aws_secretsmanager_secret_policy: "policy",
  aws_iam_role: "assume_role_policy",
};

/** A resource's resource-based (or trust) policy, read: the argument holding it and its statements. */
export function resourcePolicyOf({ type, config }: ResourceConfig, stack: StackView): { argument: string; reading: PolicyReading } {
  const argument = POLICY_ARGUMENT[type];
  return { argument, reading: readPolicy(config[argument], stack) };
}

/** True when the principal is everyone: `*` or `{ AWS: "*" }`. */
export function isPublicPrincipal(principal: Statement["principal"]): boolean {
  if (principal === "*") return true;
  return Object.values(principal ?? {}).some((identifiers) => identifiers.includes("*"));
}

/** Where identity policies live: inline policy resources, roles' inline_policy blocks. */
export function identityPolicies(
  type: string,
  config: Readonly<Record<string, unknown>>,
): { readonly where: string; readonly policy: unknown }[] {
  if (type === "aws_iam_role") {
    return blocks(config, "inline_policy").map((inline) => ({ where: `inline_policy ${String(inline.name)}`, policy: inline.policy }));
  }
  return [{ where: "policy", policy: config.policy }];
}

export const IDENTITY_POLICY_TYPES = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
  "aws_iam_role",
] as const;
