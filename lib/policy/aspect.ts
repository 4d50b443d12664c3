import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { Tier } from "../config/schema";
import { TerraformJson } from "../validation/validate";
import { blockingFindings, evaluate, Finding, StackPolicyReport, Suppression } from "./pack";
import { formatFinding } from "./report";
import { suppressionsOn } from "./suppress";

/** Thrown when guardrail findings stop synthesis; `blocking` lists them. */
export class GuardrailsError extends Error {
  declare readonly blocking: readonly Finding[];

  constructor(blocking: readonly Finding[]) {
    super(
      `Guardrails: ${blocking.length} finding(s) block synthesis; nothing was written. Production stacks fail on every unsuppressed finding, development stacks on always-error rules.\n` +
        blocking.map((finding) => formatFinding(finding)).join("\n"),
    );
    this.name = "GuardrailsError";
    // Printed as an uncaught error by `cdktf synth`: show the findings, not a dump of this object or a
    // stack trace that always points at the aspect.
    Object.defineProperty(this, "blocking", { value: blocking, enumerable: false });
    this.stack = `${this.name}: ${this.message}`;
  }
}

type ReportListener = (report: StackPolicyReport, json: TerraformJson) => void;
const listeners = new Set<ReportListener>();

/** Receives every stack's report (and synthesized JSON) as the pack evaluates it; returns an unsubscribe function. */
export function observePolicyReports(listener: ReportListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Stacks already evaluated in the current synthesis round, waiting for their own visit, with their
 * construct count then (a changed tree means the evaluation is stale).
 */
const evaluatedAhead = new WeakMap<IConstruct, Map<TerraformStack, number>>();

/**
 * Applies the guardrails pack to a stack at synthesis (`Aspects.of(stack).add(new GuardrailsAspect(tier))`,
 * done by PlatformStack). The first guarded stack visited evaluates every guarded stack of the app,
 * so a finding anywhere stops `app.synth()` before the first stack file is written. Development
 * warnings become cdktf annotations (printed as WARN by `cdktf synth`).
 */
export class GuardrailsAspect implements IAspect {
  constructor(readonly tier: Tier) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || !Aspects.of(node).all.includes(this)) return;
    const root = node.node.root;
    const ahead = evaluatedAhead.get(root);
    if (ahead?.get(node) === node.node.findAll().length) {
      ahead.delete(node);
      return;
    }
    const round = new Map<TerraformStack, number>();
    const blocking: Finding[] = [];
    for (const [stack, aspect] of guardedStacks(root)) {
      blocking.push(...blockingFindings(evaluateStack(stack, aspect.tier)));
      if (stack !== node) round.set(stack, stack.node.findAll().length);
    }
    evaluatedAhead.set(root, round);
    if (blocking.length > 0) throw new GuardrailsError(blocking);
  }
}

/** Each stack's JSON as the pack last evaluated it, with its construct count then. */
const evaluatedJson = new WeakMap<TerraformStack, { json: TerraformJson; constructCount: number }>();

/**
 * The JSON the pack evaluated for `stack`, handed over once so that synthesis writes it instead of
 * resolving the whole stack a second time (resolving is most of synthesis). Undefined when the tree has
 * gained or lost constructs since, the same staleness test as the stacks evaluated ahead.
 */
export function takeEvaluatedJson(stack: TerraformStack): TerraformJson | undefined {
  const evaluated = evaluatedJson.get(stack);
  evaluatedJson.delete(stack);
  return evaluated?.constructCount === stack.node.findAll().length ? evaluated.json : undefined;
}

function guardedStacks(root: IConstruct): [TerraformStack, GuardrailsAspect][] {
  return root.node
    .findAll()
    .filter((construct): construct is TerraformStack => TerraformStack.isStack(construct))
    .flatMap((stack) => {
      const aspect = Aspects.of(stack).all.find((candidate): candidate is GuardrailsAspect => candidate instanceof GuardrailsAspect);
      return aspect ? [[stack, aspect] as [TerraformStack, GuardrailsAspect]] : [];
    });
}

function evaluateStack(stack: TerraformStack, tier: Tier): StackPolicyReport {
  evaluatedJson.delete(stack);
  const json = stack.toTerraform() as TerraformJson;
  evaluatedJson.set(stack, { json, constructCount: stack.node.findAll().length });
  const constructs = new Map<string, IConstruct>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof TerraformResource)
      constructs.set(`${construct.terraformResourceType}.${construct.friendlyUniqueId}`, construct);
    if (construct instanceof TerraformProvider) {
      constructs.set(
        construct.alias ? `provider.${construct.terraformResourceType}.${construct.alias}` : `provider.${construct.terraformResourceType}`,
        construct,
      );
    }
  }
  const all: Suppression[] = stack.node.findAll().flatMap((construct) => [...suppressionsOn(construct)]);
  const report = evaluate(json, {
    stack: stack.node.id,
    tier,
    suppressions: all,
    suppressionsFor: (address) => {
      const construct = constructs.get(address);
      // The resource's own suppressions first, then its parents' up to the stack.
      return construct ? [...construct.node.scopes].reverse().flatMap((scope) => [...suppressionsOn(scope)]) : [];
    },
  });
  for (const finding of report.findings) {
    if (finding.severity === "warning" && !finding.suppressedBy) {
      Annotations.of(constructs.get(finding.address) ?? stack).addWarning(formatFinding(finding));
    }
  }
  for (const suppression of report.unusedSuppressions) {
    Annotations.of(stack).addWarning(
      `[guardrails] suppression of ${suppression.ruleId} at ${suppression.path} matched no finding; remove it`,
    );
  }
  listeners.forEach((listener) => listener(report, json));
  return report;
}
