/**
 * `npm run cost`: estimated monthly cost of every stack (or `--stack <name>`, repeatable) from its
 * synthesized JSON, next to the seed documents' own estimates. `--usage <file.json>` overrides usage
 * assumptions, `--prices <file.json>` uses another price table, `--json` prints machine-readable output.
 * Resources it cannot price are listed in the report and on stderr, never counted as $0; `--strict`
 * also exits 1 when there are any.
 */
import { runWithSynthesisErrors, synthesizeStacks } from "../tools/docs/app-stacks";
import { StackModel } from "../tools/docs/terraform-json";
import { estimateStack } from "../tools/cost/estimate";
import { loadPriceTable } from "../tools/cost/prices";
import { costReport } from "../tools/cost/report";
import { UsagePlan } from "../tools/cost/usage";

/** Values of a repeatable `--name value` option. */
function option(args: readonly string[], name: string): string[] {
  return args.flatMap((arg, index) => (arg === name && args[index + 1] !== undefined ? [args[index + 1]] : []));
}

const FLAGS = ["--json", "--strict"];
const OPTIONS = ["--stack", "--usage", "--prices"];

function main(args: readonly string[]): number {
  const misread = args.filter(
    (arg, index) => arg.startsWith("--") && !FLAGS.includes(arg) && !OPTIONS.includes(arg) && !OPTIONS.includes(args[index - 1]),
  );
  if (misread.length) {
    console.error(
      `unknown option(s): ${misread.join(", ")}; allowed: ${[...FLAGS, ...OPTIONS.map((name) => `${name} <value>`)].join(", ")}`,
    );
    return 2;
  }
  const prices = loadPriceTable(option(args, "--prices")[0]);
  const usageFile = option(args, "--usage")[0];
  const usage = usageFile ? UsagePlan.fromFile(usageFile) : new UsagePlan();
  const wanted = option(args, "--stack");
  const stacks = synthesizeStacks().filter((stack) => wanted.length === 0 || wanted.includes(stack.name));
  const unknown = wanted.filter((name) => !stacks.some((stack) => stack.name === name));
  if (unknown.length) {
    console.error(
      `unknown stack(s): ${unknown.join(", ")}; have: ${synthesizeStacks()
        .map((stack) => stack.name)
        .join(", ")}`,
    );
    return 2;
  }
  const estimates = stacks.map((stack) => estimateStack(stack.name, new StackModel(stack.json), prices, usage));
  console.log(
    args.includes("--json") ? JSON.stringify({ priceVersion: prices.version, estimates }, null, 2) : costReport(estimates, prices),
  );
  const unpriced = estimates.flatMap((estimate) => estimate.unpriced.map((item) => `${estimate.stack}: ${item.address}: ${item.reason}`));
  for (const item of unpriced) console.error(`not priced: ${item}`);
  return unpriced.length && args.includes("--strict") ? 1 : 0;
}

process.exitCode = runWithSynthesisErrors(() => main(process.argv.slice(2)));
