import { IConstruct } from "constructs";
import { Suppression } from "./pack";
import { RULES, RuleId } from "./rules";

const RULE_IDS = new Set<string>(RULES.map((rule) => rule.id));
/** A reason must say something: "ok" or "todo" does not explain an exception. */
const MINIMUM_REASON_LENGTH = 15;
/** Suppressions are recorded on the construct itself, as construct metadata of this type (as cdk-nag does). */
const SUPPRESSION_METADATA = "guardrails:suppression";

/**
 * Accepts a guardrail finding for `scope` and every resource below it, for the stated reason, e.g.
 * `suppress(httpRule, "sg-world-ingress", "port 80 only redirects to HTTPS")`. Call it next to the
 * resource, where a reviewer sees both. The reason appears in `npm run check` and the synth report;
 * a missing or token reason, or an unknown rule id, is an error at once.
 */
export function suppress(scope: IConstruct, ruleId: RuleId, reason: string): void {
  const where = `suppress(${scope.node.path || "<root>"}, "${ruleId}")`;
  if (!RULE_IDS.has(ruleId)) {
    throw new Error(`${where}: unknown guardrail rule id; known ids: ${[...RULE_IDS].join(", ")}`);
  }
  const trimmed = typeof reason === "string" ? reason.trim() : "";
  if (trimmed.length < MINIMUM_REASON_LENGTH) {
    throw new Error(
      `${where}: a suppression needs a reason of at least ${MINIMUM_REASON_LENGTH} characters saying why the finding is acceptable, got ${JSON.stringify(reason)}`,
    );
  }
  const suppression: Suppression = { ruleId, reason: trimmed, path: scope.node.path };
  scope.node.addMetadata(SUPPRESSION_METADATA, suppression);
}

/** Suppressions attached to this construct itself (not its parents). */
export function suppressionsOn(scope: IConstruct): readonly Suppression[] {
  return scope.node.metadata.filter((entry) => entry.type === SUPPRESSION_METADATA).map((entry) => entry.data as Suppression);
}
