/**
 * `npm run diff`: `terraform init` and `terraform plan` in a synthesized stack folder, nothing saved, with
 * the same init diagnosis and terraform environment as the saved plans (saved-plan.ts, terraform-cli.ts).
 */
import * as path from "path";
import { init } from "./saved-plan";
import { CANNOT_RUN_HERE, runTerraform } from "./terraform-cli";

export interface PlanResult {
  readonly stack: string;
  /** 0: no changes (or plan succeeded), 1: plan failed, 2: changes (diff mode), 3: cannot plan here. */
  readonly code: number;
  readonly message: string;
}

export interface PlanStackOptions {
  /** `-detailed-exitcode`: exit 2 is "changes pending". @default false */
  readonly detailedExitCode?: boolean;
  /** Extra `terraform plan` arguments (`-lock=false`, `-target=...`). */
  readonly extraArgs?: readonly string[];
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** init + plan in one synthesized stack directory, the plan's output shown to the operator. */
export async function planStack(stackDir: string, options: PlanStackOptions = {}): Promise<PlanResult> {
  const stack = path.basename(stackDir);
  const env = options.env ?? process.env;
  const initialized = await init(stackDir, env);
  if (initialized.code !== 0) return { stack, code: initialized.code, message: initialized.message };
  const detailed = options.detailedExitCode ? ["-detailed-exitcode"] : [];
  const plan = await runTerraform(["plan", "-input=false", ...detailed, ...(options.extraArgs ?? [])], stackDir, env, true);
  if (plan.code === CANNOT_RUN_HERE) return { stack, code: plan.code, message: plan.output };
  const message =
    plan.code === 0 ? "no changes" : plan.code === 2 && options.detailedExitCode ? "changes pending" : "terraform plan failed";
  return { stack, code: plan.code, message };
}
