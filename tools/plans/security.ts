/**
 * Security-relevant changes in a plan: the guardrails pack (lib/policy) run on the plan's `before` and
 * `after` values, reporting each finding that the plan introduces (new internet ingress, IAM wildcards,
 * encryption, public access blocks or deletion protection turned off, ...). Only informational: the
 * guard fails on destructive changes, and synthesis already fails on unsuppressed guardrail errors.
 *
 * The plan's values are not the synthesized JSON the rules were written for, so two things are rebuilt:
 * references to other resources come back as `${type.name.attr}` from the plan's `configuration` section
 * (so rules that look across resources, such as a bucket's public access block, still find them), and a
 * value known only after apply reads as an expression, as in synthesized JSON (the rules treat it as set).
 */
import { Tier } from "../../lib/config/schema";
import { evaluate, Finding } from "../../lib/policy/pack";
import { RULES } from "../../lib/policy/rules";
import { TerraformJson } from "../../lib/terraform-json";
import { ConfigurationResource, Expression, Expressions, PlanJson, ResourceChange } from "./plan-json";

export interface SecurityFinding {
  readonly address: string;
  readonly ruleId: string;
  readonly message: string;
  /** The rule's one-line summary: what compliant looks like. */
  readonly summary: string;
  /** Set when the code suppresses this finding with a reason (known where the plan came from `npm run plan`). */
  readonly suppressedBecause?: string;
}

/** `<rule id> <address>` -> the suppression's reason, from the synthesized app. */
export type SuppressionReasons = Readonly<Record<string, string>>;

const UNKNOWN = "${(known after apply)}";
/** References the rules can follow: resources and data sources, not variables or locals (their values are in the plan). */
const RESOURCE_REFERENCE = /^(data\.)?[a-z][a-z0-9_]*\.[^.\s]+/;

/** Findings the plan introduces: present on the `after` values, absent on the `before` values. */
export function securityChanges(plan: PlanJson, tier: Tier, suppressions: SuppressionReasons = {}): SecurityFinding[] {
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode === "managed");
  const expressions = new Map((plan.configuration?.root_module?.resources ?? []).map((resource) => [resource.address, resource]));
  const before = view(changes, expressions, "before");
  const after = view(changes, expressions, "after");
  const run = (json: PlanView) => evaluate(json.json, { stack: "plan", tier }).findings.map((finding) => json.named(finding));
  const key = (finding: Finding) => `${finding.ruleId} ${finding.address} ${finding.message}`;
  const existing = new Set(run(before).map(key));
  const summaries = new Map(RULES.map((rule) => [rule.id as string, rule.summary]));
  return run(after)
    .filter((finding) => !existing.has(key(finding)))
    .map((finding) => ({
      address: finding.address,
      ruleId: finding.ruleId,
      message: finding.message,
      summary: summaries.get(finding.ruleId) ?? "",
      suppressedBecause: suppressions[`${finding.ruleId} ${finding.address}`],
    }));
}

interface PlanView {
  readonly json: TerraformJson;
  /** The finding with the plan's own address (module path and index included). */
  named(finding: Finding): Finding;
}

/** The plan's resources on one side, as synthesized JSON keyed `type -> name`. */
function view(changes: readonly ResourceChange[], configuration: Map<string, ConfigurationResource>, side: "before" | "after"): PlanView {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const addresses = new Map<string, string>();
  for (const change of changes) {
    const values = change.change[side];
    if (!values) continue;
    const known = side === "after" ? withUnknowns(values, change.change.after_unknown) : values;
    const config = configuration.get(configAddress(change));
    const withReferences = config?.expressions ? referenced(known, config.expressions) : known;
    // Terraform JSON names cannot hold a module path or an index: the view keys by the whole address.
    const name = change.address.startsWith(`${change.type}.`) ? change.address.slice(change.type.length + 1) : change.address;
    (resource[change.type] ??= {})[name] = withReferences as Record<string, unknown>;
    addresses.set(`${change.type}.${name}`, change.address);
  }
  return {
    json: { resource },
    named: (finding) => ({ ...finding, address: addresses.get(finding.address) ?? finding.address }),
  };
}

/** The configuration block's address: the resource's, without its index (`aws_eip.nat[0]` -> `aws_eip.nat`). */
function configAddress(change: ResourceChange): string {
  return change.index === undefined ? change.address : change.address.slice(0, change.address.lastIndexOf("["));
}

/** `after` with every value known only after apply replaced by an expression. */
function withUnknowns(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(value) ? value : [];
    const length = Math.max(list.length, unknown.length);
    return Array.from({ length }, (_, index) => withUnknowns(list[index], unknown[index]));
  }
  if (typeof unknown === "object" && unknown !== null) {
    const object = typeof value === "object" && value !== null ? { ...(value as Record<string, unknown>) } : {};
    for (const [key, nested] of Object.entries(unknown)) object[key] = withUnknowns(object[key], nested);
    return object;
  }
  return value;
}

/** Values with resource references put back as `${...}` where the configuration has them. */
function referenced(value: unknown, expressions: Expressions): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const result = { ...(value as Record<string, unknown>) };
  for (const [key, expression] of Object.entries(expressions)) result[key] = referencedValue(result[key], expression);
  return result;
}

function referencedValue(value: unknown, expression: Expression): unknown {
  if (Array.isArray(expression)) {
    // Nested blocks: one expressions object per block, in the order of the values.
    const blocks = expression as readonly Expressions[];
    if (!Array.isArray(value)) return blocks.length === 1 ? referenced(value, blocks[0]) : value;
    return (value as unknown[]).map((item, index) => (blocks[index] ? referenced(item, blocks[index]) : item));
  }
  const reference = (expression as { references?: readonly string[] }).references?.find((ref) => RESOURCE_REFERENCE.test(ref));
  if (!reference || /^(var|local|module|each|count|path|terraform)\./.test(reference)) return value;
  return typeof value === "object" && value !== null ? value : `\${${reference}}`;
}
