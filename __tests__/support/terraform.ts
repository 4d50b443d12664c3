import * as path from "path";
import { spawnSync } from "child_process";
import { Testing, TerraformStack } from "cdktf";

export interface TerraformProbe {
  /** Why terraform checks are skipped; undefined when they can run. */
  readonly skipReason?: string;
}

function run(args: string[], cwd: string) {
  const result = spawnSync("terraform", args, { cwd, encoding: "utf8", env: { ...process.env, TF_IN_AUTOMATION: "1" } });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`, missing: result.error !== undefined };
}

/**
 * Synthesizes `stack` and runs `terraform init -backend=false` in it. Terraform checks need both the
 * binary and the pinned AWS provider (from the registry or a mirror); when either is missing the
 * checks are skipped with the reason, instead of failing on the machine rather than the code.
 */
export function initTerraform(stack: TerraformStack): { dir: string } & TerraformProbe {
  const dir = path.join(Testing.fullSynth(stack), "stacks", stack.node.id);
  const init = run(["init", "-backend=false", "-input=false", "-no-color"], dir);
  if (init.missing) return { dir, skipReason: "no terraform binary on PATH" };
  if (!init.ok) {
    const firstError = init.output.split("\n").find((line) => line.startsWith("Error")) ?? "terraform init failed";
    return { dir, skipReason: `terraform init cannot install the AWS provider here (${firstError.trim()})` };
  }
  return { dir };
}

/** `terraform validate` in an initialized stack directory. */
export function validateTerraform(dir: string): { ok: boolean; output: string } {
  return run(["validate", "-no-color"], dir);
}
