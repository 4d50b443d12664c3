/**
 * `npm run check`: synthesizes the whole app in-process (stacks/app.ts's buildApp and config, into a
 * temporary folder), applies the guardrails pack and the offline provider-schema validation to every
 * stack, prints a rules x stacks table and every finding, suppression and schema problem, and exits
 * non-zero when anything is an error.
 *
 * In-process rather than reading cdktf.out: a production finding stops `cdktf synth` before any
 * stack is written, so cdktf.out cannot show what failed; the pack's reports are collected as it
 * runs, for passing and failing stacks alike. It also skips the cdktf CLI's process start (~4 s).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { ConfigError } from "../lib/config/load";
import {
  blockingFindings,
  formatFinding,
  GuardrailsError,
  PolicyEvaluation,
  policyEvaluationOf,
  renderTable,
  StackPolicyReport,
} from "../lib/policy";
import { providerSchema } from "../tools/validation/provider-schema";
import { validateStack, ValidationProblem } from "../tools/validation/validate";

export interface CheckOutcome {
  readonly reports: readonly StackPolicyReport[];
  readonly problems: Readonly<Record<string, readonly ValidationProblem[]>>;
  readonly exitCode: 0 | 1;
  readonly output: string;
}

/** Builds the app with `build`, synthesizes it and reports; never writes outside a temporary folder. */
export function runCheck(build: (app: App) => void): CheckOutcome {
  const started = Date.now();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-check-"));
  const app = new App({ outdir });
  try {
    build(app);
    app.synth();
  } catch (error) {
    // Every stack was evaluated before the pack stopped synthesis.
    if (!(error instanceof GuardrailsError)) throw error;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const collected = new Map<string, PolicyEvaluation>();
  for (const stack of app.node.findAll().filter((construct): construct is TerraformStack => TerraformStack.isStack(construct))) {
    const evaluation = policyEvaluationOf(stack);
    if (evaluation) collected.set(stack.node.id, evaluation);
  }
  const synthMs = Date.now() - started;

  const validationStarted = Date.now();
  const reports = [...collected.values()].map((entry) => entry.report);
  const problems = Object.fromEntries([...collected].map(([stack, entry]) => [stack, validateStack(entry.json)]));
  const validationMs = Date.now() - validationStarted;

  const lines: string[] = [renderTable(reports), ""];
  const blocking = reports.flatMap(blockingFindings);
  const warnings = reports.flatMap((report) =>
    report.findings.filter((finding) => finding.severity === "warning" && !finding.suppressedBy),
  );
  const suppressed = reports.flatMap((report) => report.findings.filter((finding) => finding.suppressedBy));
  const schemaProblems = Object.entries(problems).flatMap(([stack, list]) =>
    list.map((problem) => `[${stack}] ${problem.address}: ${problem.message}`),
  );
  const stale = reports.flatMap((report) =>
    report.unusedSuppressions.map((suppression) => `[${report.stack}] ${suppression.path}: ${suppression.ruleId}`),
  );

  const section = (title: string, items: readonly string[]) => {
    if (items.length > 0) lines.push(`${title} (${items.length}):`, ...items.map((item) => `  ${item.replace(/\n/g, "\n  ")}`), "");
  };
  section("Errors", blocking.map(formatFinding));
  section("Warnings (development)", warnings.map(formatFinding));
  section(
    "Suppressed, with reasons",
    suppressed.map(
      (finding) =>
        `[${finding.stack}] ${finding.address}: ${finding.ruleId}: ${finding.message}\n    reason (${finding.suppressedBy!.path}): ${finding.suppressedBy!.reason}`,
    ),
  );
  section("Suppressions that matched nothing", stale);
  section("Provider schema and reference problems", schemaProblems);
  const schema = providerSchema();
  lines.push(
    `${reports.length} stacks, ${blocking.length} errors, ${warnings.length} warnings, ${suppressed.length} suppressed, ${schemaProblems.length} schema problems. ` +
      `synth + guardrails ${synthMs} ms, offline validation ${validationMs} ms (provider schema: ${schema.jsiiLoadMs > 0 ? `read .jsii in ${schema.jsiiLoadMs} ms` : "from cache"}).`,
  );
  const exitCode = blocking.length > 0 || schemaProblems.length > 0 ? 1 : 0;
  return { reports, problems, exitCode, output: lines.join("\n") };
}

if (require.main === module) {
  try {
    // Imported here so the tests can use runCheck with their own app without loading every stack.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildApp } = require("../stacks/app") as typeof import("../stacks/app");
    const outcome = runCheck((app) => buildApp(app));
    console.log(outcome.output);
    process.exit(outcome.exitCode);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
