/**
 * Real Terraform in the jest suite: matchers in cdktf's style that need neither the pinned provider's
 * download nor AWS credentials.
 *
 *   await expect(stack).toBeValidTerraformHere();           // terraform validate
 *   await expect(stack).toPlanWithMockedAws();              // terraform test: mocked plan + assertions
 *
 * Where Terraform or an AWS provider is missing, the suites that need them skip with the reason printed
 * once; with CI=true they fail instead, saying what to install.
 */
import { spawnSync } from "child_process";
import { Testing, TerraformStack } from "cdktf";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, synthesize } from "./synth";
import { pinnedAwsVersion } from "../../tools/terraform/app";
import { CommandResult, StackCheck, StackToCheck, TerraformChecker } from "../../tools/terraform/harness";
import { PlanExpectations } from "../../tools/terraform/plan-test";
import { findToolchain, Toolchain, ToolchainUnavailable } from "../../tools/terraform/toolchain";

export interface TerraformHere {
  readonly toolchain?: Toolchain;
  /** Why the Terraform suites are skipped (never set with CI=true: that throws instead). */
  readonly skipReason?: string;
}

let here: TerraformHere | undefined;
let checker: TerraformChecker | undefined;

/** Finds terraform and a provider; throws under CI=true when they are missing, else gives the reason to skip. */
export function decideTerraformHere(pinnedVersion: string, env: NodeJS.ProcessEnv): TerraformHere {
  try {
    return { toolchain: findToolchain(pinnedVersion, env) };
  } catch (error) {
    if (!(error instanceof ToolchainUnavailable)) throw error;
    if (env.CI === "true") throw new Error(`CI=true and the Terraform checks cannot run: ${error.message}.`, { cause: error });
    return { skipReason: error.message };
  }
}

/** decideTerraformHere once per test process, with one line saying what the checks run against or why they skip. */
export function terraformHere(): TerraformHere {
  if (!here) {
    // The provider version every stack pins, read from a synthesized stack (the same for all).
    here = decideTerraformHere(pinnedAwsVersion(synthesize(moduleTestStack())), process.env);
    console.log(here.toolchain ? `Terraform checks: ${here.toolchain.summary}.` : `Skipping the Terraform checks: ${here.skipReason}.`);
  }
  return here;
}

/** `describe` when Terraform can run here, `describe.skip` (reason printed) otherwise. */
export function describeWithTerraform(name: string, body: () => void): void {
  (terraformHere().toolchain ? describe : describe.skip)(name, body);
}

function sharedChecker(): TerraformChecker {
  const { toolchain } = terraformHere();
  if (!toolchain) throw new Error("Terraform checks were asked for where Terraform cannot run; use describeWithTerraform");
  checker ??= new TerraformChecker(toolchain);
  return checker;
}

afterAll(() => checker?.dispose());

const names = new WeakMap<TerraformStack, string>();
let counter = 0;

/**
 * Starts (or joins) the Terraform checks of a stack. Test files call it for all their stacks up front so
 * the checks run in parallel; the first call's expectations are the ones the plan is checked against.
 */
export function checkWithTerraform(stack: TerraformStack, expectations?: Partial<PlanExpectations>): Promise<StackCheck> {
  let name = names.get(stack);
  if (!name) {
    name = `${stack.node.id}-${++counter}`;
    names.set(stack, name);
  }
  const json = JSON.parse(Testing.synth(stack, true)) as Record<string, unknown>;
  const production = stack instanceof PlatformStack && stack.tier === "production";
  const toCheck: StackToCheck = { name, json, expectations: { production, ...expectations } };
  const started = !sharedChecker().has(name);
  const check = sharedChecker().check(toCheck);
  // What a fallback provider forgave is printed once per stack, never hidden.
  if (started) {
    void check.then(({ adjustments }) => {
      if (adjustments.length > 0) console.log(`${stack.node.id}: ${adjustments.map((a) => `${a.address}: ${a.description}`).join("\n  ")}`);
    });
  }
  return check;
}

function verdict(result: CommandResult | undefined, pass: boolean, what: string) {
  const output = result?.output ?? "(not run: the configuration is not valid)";
  return { pass, message: () => `expected the stack ${pass ? "not " : ""}to ${what}; Terraform said:\n${output}` };
}

expect.extend({
  async toBeValidTerraformHere(received: TerraformStack) {
    const check = await checkWithTerraform(received);
    return verdict(check.validate, check.validate.ok, "pass terraform validate");
  },
  async toPlanWithMockedAws(received: TerraformStack, expectations?: Partial<PlanExpectations>) {
    const check = await checkWithTerraform(received, expectations);
    return verdict(check.plan ?? check.validate, check.plan?.ok === true, "plan against mocked AWS with its assertions");
  },
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- jest's matcher types live in this namespace
  namespace jest {
    interface Matchers<R> {
      /** `terraform validate` passes (against the pinned provider, or the fallback one with its notes). */
      toBeValidTerraformHere(): Promise<R>;
      /** `terraform test` plans the stack against mocked AWS and every assertion holds. */
      toPlanWithMockedAws(expectations?: Partial<PlanExpectations>): Promise<R>;
    }
  }
}

const terraformOnPath = spawnSync("terraform", ["version"]).error === undefined;

/**
 * `describe` for tests that need only a terraform binary (the built-in terraform_data, local or emulated
 * backends, no provider); skipped with the reason printed where there is none, failing under CI=true.
 */
export function describeWithTerraformBinary(name: string, body: () => void): void {
  if (!terraformOnPath && process.env.CI === "true")
    throw new Error(`CI=true and terraform is not on PATH (${name}): install Terraform >= 1.10`);
  if (!terraformOnPath) console.log(`Skipping "${name}": no terraform on PATH.`);
  (terraformOnPath ? describe : describe.skip)(name, body);
}
