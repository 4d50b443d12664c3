import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { Tier } from "../config/schema";
import { TerraformJson } from "../terraform-json";
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

/** A stack's latest evaluation: the pack's report and the Terraform JSON it judged. */
export interface PolicyEvaluation {
  readonly report: StackPolicyReport;
  readonly json: TerraformJson;
  /** The app's synthesis round (1, 2, ...) that evaluated it: one synthesis evaluates each stack once. */
  readonly round: number;
}

/**
 * Guardrails state of one app, kept on the app's root construct (nothing lives in module scope, so two
 * apps in one process never see each other's state):
 * - stacks already evaluated in the current synthesis round, waiting for their own visit, with their
 *   construct count then (a changed tree means the evaluation is stale);
 * - every stack's latest evaluation, for `policyEvaluationOf`;
 * - the JSON just evaluated and not yet written, for `takeEvaluatedJson`.
 */
interface AppGuardrails {
  readonly evaluatedAhead: Map<TerraformStack, number>;
  readonly evaluations: Map<TerraformStack, PolicyEvaluation>;
  readonly unwritten: Map<TerraformStack, { readonly json: TerraformJson; readonly constructCount: number }>;
  rounds: number;
}
const APP_GUARDRAILS = Symbol("guardrails");

function appGuardrails(root: IConstruct): AppGuardrails {
  const holder = root as IConstruct & { [APP_GUARDRAILS]?: AppGuardrails };
  if (!holder[APP_GUARDRAILS]) {
    Object.defineProperty(holder, APP_GUARDRAILS, {
      value: { evaluatedAhead: new Map(), evaluations: new Map(), unwritten: new Map(), rounds: 0 },
      enumerable: false,
    });
  }
  return holder[APP_GUARDRAILS]!;
}

/** The pack's latest report on `stack` (and the JSON it judged), or undefined before its app was synthesized. */
export function policyEvaluationOf(stack: TerraformStack): PolicyEvaluation | undefined {
  return appGuardrails(stack.node.root).evaluations.get(stack);
}

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
    const state = appGuardrails(root);
    const { evaluatedAhead, evaluations } = state;
    if (evaluatedAhead.get(node) === node.node.findAll().length) {
      evaluatedAhead.delete(node);
      return;
    }
    evaluatedAhead.clear();
    const round = ++state.rounds;
    const blocking: Finding[] = [];
    for (const [stack, aspect] of guardedStacks(root)) {
      const evaluation = { ...evaluateStack(stack, aspect.tier, state), round };
      evaluations.set(stack, evaluation);
      blocking.push(...blockingFindings(evaluation.report));
      if (stack !== node) evaluatedAhead.set(stack, stack.node.findAll().length);
    }
    if (blocking.length > 0) throw new GuardrailsError(blocking);
  }
}

/**
 * The JSON the pack evaluated for `stack`, handed over once so that synthesis writes it instead of
 * resolving the whole stack a second time (resolving is most of synthesis). Undefined when the tree has
 * gained or lost constructs since, the same staleness test as the stacks evaluated ahead.
 */
export function takeEvaluatedJson(stack: TerraformStack): TerraformJson | undefined {
  const { unwritten } = appGuardrails(stack.node.root);
  const evaluated = unwritten.get(stack);
  unwritten.delete(stack);
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

function evaluateStack(stack: TerraformStack, tier: Tier, { unwritten }: AppGuardrails): Omit<PolicyEvaluation, "round"> {
  unwritten.delete(stack);
  const json = stack.toTerraform() as TerraformJson;
  const all = stack.node.findAll();
  unwritten.set(stack, { json, constructCount: all.length });
  const constructs = new Map<string, IConstruct>();
  for (const construct of all) {
    if (construct instanceof TerraformResource)
      constructs.set(`${construct.terraformResourceType}.${construct.friendlyUniqueId}`, construct);
    if (construct instanceof TerraformProvider) {
      constructs.set(
        construct.alias ? `provider.${construct.terraformResourceType}.${construct.alias}` : `provider.${construct.terraformResourceType}`,
        construct,
      );
    }
  }
  // Asked once per rule and resource: each address's list is gathered once.
  const covering = new Map<string, readonly Suppression[]>();
  const report = evaluate(json, {
    stack: stack.node.id,
    tier,
    suppressions: all.flatMap((construct) => [...suppressionsOn(construct)]),
    suppressionsFor: (address) => {
      let found = covering.get(address);
      if (!found) {
        const construct = constructs.get(address);
        // The resource's own suppressions first, then its parents' up to the stack.
        found = construct ? [...construct.node.scopes].reverse().flatMap((scope) => [...suppressionsOn(scope)]) : [];
        covering.set(address, found);
      }
      return found;
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
  return { report, json };
}
