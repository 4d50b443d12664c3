/**
 * `npm run plan -- <stack>... [terraform plan options]`: synthesizes the app into cdktf.out, then per stack
 * runs `terraform init` and `terraform plan -out` in `plans/<stack>/` (git-ignored; PLANS_DIR moves it),
 * writes `tfplan`, `plan.json` (`terraform show -json`) and `plan.meta.json` there, and prints the review:
 * creates, updates, replaces (with the attribute forcing each, and whether it creates before destroying),
 * deletes, the plan guard's verdict on stateful resources, the security-relevant changes (also written as
 * Markdown to `review.md` there, for the pull-request comment).
 * `npm run apply -- <stack>` applies exactly that saved plan.
 * Exit 0: every plan saved and accepted; 1: a plan failed; 2: saved, but the guard refuses a destructive
 * change (acknowledge it in plans/acknowledged.json, then `npm run guard` or `npm run apply`); 3: cannot plan
 * here (placeholders or a missing state KMS key in config, no terraform, no provider, no backend access).
 *
 * `npm run diff [-- <stack>... [options]]`: plans every stack (or the named ones) in cdktf.out with
 * -detailed-exitcode and prints one line per stack. Exit 0: no changes; 2: changes; 1: failed; 3: cannot plan.
 *
 * Both run `npm run preflight` on the stacks first and stop on anything it reports: a plan with a
 * placeholder zone or bucket fails late, and an apply would stop half-way.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { loadConfig, AppConfig } from "../stacks/app";
import { runWithSynthesisErrorsAsync } from "../tools/docs/app-stacks";
import { placeholdersByStack } from "../lib/config/preflight";
import { policyEvaluationOf } from "../lib/policy";
import { AcknowledgementsError, isoDay, readAcknowledgements } from "../tools/plans/acknowledgements";
import { planStack } from "../tools/plans/diff";
import { guardPlans, GUARD_BAD_INPUT } from "../tools/plans/guard";
import { REFUSED, savePlan } from "../tools/plans/saved-plan";
import { formatReview } from "../tools/plans/report";
import { SuppressionReasons } from "../tools/plans/security";
import { CANNOT_RUN_HERE } from "../tools/plans/terraform-cli";
import {
  ACKNOWLEDGEMENTS_PATH,
  PLANS_DIR,
  readyForTerraform,
  REVIEW_FILE,
  ROOT,
  synthesizeToDisk,
  synthesizedStackDir,
} from "../tools/plans/workspace";

/** The guardrail suppressions of a synthesized stack, for the review's security section. */
function suppressionsOf(stack: TerraformStack): SuppressionReasons {
  const findings = policyEvaluationOf(stack)?.report.findings ?? [];
  return Object.fromEntries(findings.filter((f) => f.suppressedBy).map((f) => [`${f.ruleId} ${f.address}`, f.suppressedBy!.reason]));
}

/** Stack names and terraform options from the command line (`-lock=false`, `-target=...` are options). */
export function splitArgs(args: readonly string[]): { stacks: string[]; options: string[] } {
  return { stacks: args.filter((arg) => !arg.startsWith("-")), options: args.filter((arg) => arg.startsWith("-")) };
}

/** `npm run plan`: saved plans and their review. */
async function savePlans(config: AppConfig, stacks: readonly string[], options: readonly string[]): Promise<number> {
  const synthesized = synthesizeToDisk(config);
  const today = isoDay(new Date());
  const results = [];
  // One stack at a time: terraform's plan output goes to the operator's terminal in turn.
  for (const name of stacks) {
    const stack = synthesized.find((candidate) => candidate.node.id === name)!;
    const common = { stack: name, tier: stack.tier, suppressions: suppressionsOf(stack) };
    const saved = await savePlan({
      ...common,
      synthesizedDir: synthesizedStackDir(name),
      workdir: path.join(PLANS_DIR, name),
      env: process.env,
      planArgs: options,
      show: true,
    });
    results.push({ name, common, saved });
  }
  for (const { name, saved } of results.filter(({ saved }) => saved.code !== 0)) console.error(`${name}: ${saved.message}`);
  const planned = results.flatMap(({ name, common, saved }) =>
    saved.plan ? [{ ...common, plan: saved.plan, source: path.relative(ROOT, path.join(PLANS_DIR, name)) }] : [],
  );
  let guardCode = 0;
  if (planned.length > 0) {
    try {
      const guard = guardPlans(planned, readAcknowledgements(ACKNOWLEDGEMENTS_PATH, today), today);
      console.log(`\n${guard.report}`);
      // The pull-request comment is built from these (tools/ci/pr-comment.ts).
      for (const review of guard.reviews)
        fs.writeFileSync(path.join(PLANS_DIR, review.stack, REVIEW_FILE), `${formatReview(review, "markdown", today)}\n`);
      for (const warning of guard.warnings) console.warn(warning);
      guardCode = guard.exitCode === 0 ? 0 : REFUSED;
    } catch (error) {
      if (!(error instanceof AcknowledgementsError)) throw error;
      console.error(error.message);
      guardCode = GUARD_BAD_INPUT;
    }
  }
  return worstExitCode([...results.map(({ saved }) => saved.code), guardCode]);
}

async function main(command: "plan" | "diff", args: readonly string[]): Promise<number> {
  const config = loadConfig();
  const { stacks, options } = splitArgs(args);
  if (command === "plan" && stacks.length === 0) {
    const names = placeholdersByStack(config).map((entry) => entry.stack);
    console.error(`usage: npm run plan -- <stack>... [terraform plan options]; stacks: ${names.join(", ")}`);
    return CANNOT_RUN_HERE;
  }
  if (!readyForTerraform(config, stacks, command)) return CANNOT_RUN_HERE;
  if (command === "plan") return savePlans(config, stacks, options);

  const wanted = stacks.length ? stacks : placeholdersByStack(config).map((entry) => entry.stack);
  synthesizeToDisk(config);
  const results = [];
  // One stack at a time: terraform's plan output goes to the operator's terminal in turn.
  for (const stack of wanted) results.push(await planStack(synthesizedStackDir(stack), { detailedExitCode: true, extraArgs: options }));
  console.log("");
  for (const result of results)
    console.log(`${result.stack.padEnd(24)} ${result.code === CANNOT_RUN_HERE ? "cannot plan" : result.message}`);
  for (const advice of new Set(results.filter((result) => result.code === CANNOT_RUN_HERE).map((result) => result.message)))
    console.error(`\n${advice}`);
  return worstExitCode(results.map((result) => result.code));
}

/** One exit code for several plans: cannot plan (3) over failed (1) over changes or refused (2) over none (0). */
export function worstExitCode(codes: readonly number[]): number {
  return [CANNOT_RUN_HERE, 1, 2].find((code) => codes.includes(code)) ?? 0;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (command !== "plan" && command !== "diff") {
    console.error("usage: scripts/plan.ts plan <stack>... [terraform plan options] | diff [stack...] [options]");
    process.exitCode = CANNOT_RUN_HERE;
  } else {
    void runWithSynthesisErrorsAsync(() => main(command, args)).then((code) => (process.exitCode = code));
  }
}
