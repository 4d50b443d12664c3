import { TerraformStack, Testing } from "cdktf";
import { buildApp, loadConfig } from "../../stacks/app";
import { ConfigError } from "../../lib/config/load";
import { GuardrailsError, policyEvaluationOf, StackPolicyReport } from "../../lib/policy";
import { StackJson } from "./terraform-json";

export interface SynthesizedStack {
  readonly name: string;
  readonly json: StackJson;
  /** The guardrails pack's verdict on the stack, as evaluated during synthesis. */
  readonly policy?: StackPolicyReport;
}

/**
 * Every stack of the app, synthesized in-process exactly as `npm run synth` builds it (same config,
 * guardrails and validations on) but without writing cdktf.out, so docs, cost and the staleness
 * check stay fast.
 */
export function synthesizeStacks(configDir?: string): SynthesizedStack[] {
  const app = buildApp(Testing.app(), loadConfig(configDir));
  return app.node.children
    .filter((child): child is TerraformStack => child instanceof TerraformStack)
    .map((stack) => ({ name: stack.node.id, json: JSON.parse(Testing.synth(stack, true)) as StackJson, stack }))
    .map(({ name, json, stack }) => ({ name, json, policy: policyEvaluationOf(stack)?.report }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs a script's main; a config mistake or a guardrail finding that stops synthesis is the operator's
 * to fix, so it prints its own explanation (exit 1) instead of a stack trace.
 */
export function runWithSynthesisErrors(main: () => number): number {
  try {
    return main();
  } catch (error) {
    return synthesisErrorExit(error);
  }
}

/** runWithSynthesisErrors for a main that waits on child processes (terraform). */
export async function runWithSynthesisErrorsAsync(main: () => Promise<number>): Promise<number> {
  try {
    return await main();
  } catch (error) {
    return synthesisErrorExit(error);
  }
}

function synthesisErrorExit(error: unknown): number {
  if (!(error instanceof ConfigError || error instanceof GuardrailsError)) throw error;
  console.error(error.message);
  return 1;
}
