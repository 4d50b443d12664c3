/**
 * `npm run apply -- <stack>`: applies exactly the plan `npm run plan -- <stack>` saved in plans/<stack>/,
 * never planning again. Before terraform runs it synthesizes the app and refuses the saved plan when it is
 * stale (the synthesized stack or the state's serial changed since the plan) or when the plan guard
 * refuses it (a delete or replace of a stateful resource without a valid entry in plans/acknowledged.json).
 *
 * Exit 0: applied; 1: terraform apply failed; 2: refused (no saved plan, stale, or guard); 3: cannot run
 * here (no terraform, no backend access).
 */
import * as path from "path";
import { loadConfig } from "../stacks/app";
import { runWithSynthesisErrorsAsync } from "../tools/docs/app-stacks";
import { AcknowledgementsError, isoDay, readAcknowledgements } from "../tools/plans/acknowledgements";
import { guardPlans } from "../tools/plans/guard";
import { PlanReadError, readPlanJson } from "../tools/plans/plan-json";
import { applySavedPlan, PLAN_JSON_FILE, readMeta, REFUSED, staleReason } from "../tools/plans/saved-plan";
import { CANNOT_RUN_HERE, checkTerraform } from "../tools/plans/terraform-cli";
import { ACKNOWLEDGEMENTS_PATH, PLANS_DIR, synthesizeToDisk, synthesizedStackDir } from "../tools/plans/workspace";

async function main(args: readonly string[]): Promise<number> {
  const config = loadConfig();
  const stacks = synthesizeToDisk(config).map((stack) => stack.node.id);
  if (args.length !== 1 || !stacks.includes(args[0])) {
    console.error(`usage: npm run apply -- <stack> (one of ${stacks.join(", ")}), after npm run plan -- <stack>`);
    return REFUSED;
  }
  const stack = args[0];
  const workdir = path.join(PLANS_DIR, stack);
  const terraform = checkTerraform();
  if (!terraform.ok) {
    console.error(terraform.advice);
    return CANNOT_RUN_HERE;
  }
  const meta = readMeta(workdir);
  const stale = await staleReason(workdir, synthesizedStackDir(stack), process.env, meta);
  if (stale) {
    console.error(`${stack}: refusing the saved plan: ${stale}.\nMake a new one with \`npm run plan -- ${stack}\`, review it, then apply.`);
    return REFUSED;
  }
  try {
    const plan = readPlanJson(path.join(workdir, PLAN_JSON_FILE));
    const today = isoDay(new Date());
    const guard = guardPlans(
      [{ stack, plan, tier: meta?.tier, suppressions: meta?.suppressions }],
      readAcknowledgements(ACKNOWLEDGEMENTS_PATH, today),
      today,
    );
    console.log(guard.report);
    if (guard.exitCode !== 0) {
      console.error(`${stack}: refusing the saved plan: the plan guard refuses it (see above).`);
      return REFUSED;
    }
  } catch (error) {
    if (!(error instanceof PlanReadError || error instanceof AcknowledgementsError)) throw error;
    console.error(error.message);
    return REFUSED;
  }
  const applied = await applySavedPlan(workdir, process.env, true);
  if (applied.code !== 0) console.error(`${stack}: ${applied.message}`);
  return applied.code;
}

if (require.main === module) {
  void runWithSynthesisErrorsAsync(() => main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
