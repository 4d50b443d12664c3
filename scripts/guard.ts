/**
 * `npm run guard -- <plan.json>... [--stack <stack>] [--acknowledgements <file>]`: the plan guard on plan
 * JSON from any Terraform run (`terraform show -json <planfile> > plans/<stack>/plan.json`). Prints each
 * plan's summary (creates, updates, replaces with the attributes forcing them, deletes), the destructive
 * changes of stateful resources with their acknowledgements, and the security-relevant changes.
 *
 * The stack comes from the file's folder (`plans/<stack>/...`, or `<PLANS_DIR>/<stack>/...`) or `--stack`. A `plan.meta.json` beside a
 * file (written by `npm run plan`) supplies the stack's guardrail tier and suppressions.
 *
 * Exit 0: no unacknowledged destructive change; 1: at least one (see docs/operations.md, "Change
 * workflow"); 2: bad input (unreadable plan JSON, an invalid plans/acknowledged.json, no stack known).
 */
import * as path from "path";
import { AcknowledgementsError, isoDay, readAcknowledgements } from "../tools/plans/acknowledgements";
import { GUARD_BAD_INPUT, GuardInput, guardPlans, stackFromPath } from "../tools/plans/guard";
import { PlanReadError, readPlanJson } from "../tools/plans/plan-json";
import { META_FILE, readMeta } from "../tools/plans/saved-plan";
import { ACKNOWLEDGEMENTS_PATH, PLANS_DIR } from "../tools/plans/workspace";

const USAGE = "usage: npm run guard -- <plan.json>... [--stack <stack>] [--acknowledgements <file>]";

/** Flags and files from the command line. */
function parseGuardArgs(args: readonly string[]): { files: string[]; stack?: string; acknowledgements?: string } {
  const files: string[] = [];
  let stack: string | undefined;
  let acknowledgements: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--stack") stack = args[++index];
    else if (arg === "--acknowledgements") acknowledgements = args[++index];
    else if (arg.startsWith("--")) throw new PlanReadError(`unknown option ${arg}; ${USAGE}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new PlanReadError(USAGE);
  if (args.includes("--stack") && !stack) throw new PlanReadError(`--stack needs a stack name; ${USAGE}`);
  return { files, stack, acknowledgements };
}

function main(args: readonly string[]): number {
  const options = parseGuardArgs(args);
  const inputs = options.files.map((file): GuardInput => {
    const stack = options.stack ?? stackFromPath(file, PLANS_DIR);
    if (!stack) throw new PlanReadError(`${file}: cannot tell its stack; put it under ${PLANS_DIR}/<stack>/ or pass --stack <stack>`);
    const meta = path.basename(file) === "plan.json" ? readMeta(path.dirname(file)) : undefined;
    if (meta && meta.stack !== stack) throw new PlanReadError(`${file}: ${META_FILE} says stack ${meta.stack}, not ${stack}`);
    return { stack, plan: readPlanJson(file), source: file, tier: meta?.tier, suppressions: meta?.suppressions };
  });
  const today = isoDay(new Date());
  const result = guardPlans(inputs, readAcknowledgements(options.acknowledgements ?? ACKNOWLEDGEMENTS_PATH, today), today);
  console.log(result.report);
  for (const warning of result.warnings) console.warn(warning);
  return result.exitCode;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof PlanReadError || error instanceof AcknowledgementsError)) throw error;
    console.error(error.message);
    process.exitCode = GUARD_BAD_INPUT;
  }
}
