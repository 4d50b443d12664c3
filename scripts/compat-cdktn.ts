/**
 * `npm run compat:cdktn`: proves the project still moves to CDK Terrain in one step. In a temporary
 * copy (under the system temporary directory, removed afterwards; the project and its node_modules are
 * never touched) it swaps the cdktf packages for the pinned CDK Terrain ones (tools/compat/cdk-terrain-packages.json),
 * rewrites the imports, then type-checks, synthesizes with the `cdktn` CLI, runs the jest suite and the
 * Terraform checks (`npm run verify`), and compares every stack with what cdktf synthesizes from this
 * project. It fails on any difference other than the AWS provider's source and version, and prints them.
 * Exit codes: 0 compatible, 1 a step failed or a stack differs, 3 cannot run here (Node.js too old, or
 * not a git checkout: the copy is the files git lists).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import {
  CDK_TERRAIN,
  compareStacks,
  describeDifferences,
  Difference,
  moveToCdkTerrain,
  NotAGitCheckoutError,
  projectFiles,
  readSynthesizedStacks,
} from "../tools/compat/cdk-terrain";
import { compareVersions } from "../tools/terraform/toolchain";

const ROOT = path.join(__dirname, "..");
const CANNOT_RUN = 3;
/** Lines of a failed step's output worth printing (its end holds the error). */
const FAILURE_TAIL = 120;

interface Step {
  readonly label: string;
  readonly command: readonly string[];
  readonly cwd: string;
  /** Lines of a successful run worth keeping in the report (jest's totals, verify's per-stack lines). */
  readonly keep?: RegExp;
  readonly env?: NodeJS.ProcessEnv;
}

interface StepResult {
  readonly label: string;
  readonly ok: boolean;
  readonly seconds: number;
}

function run(step: Step): StepResult {
  console.log(`\n== ${step.label}: ${step.command.join(" ")}`);
  const started = Date.now();
  const [command, ...args] = step.command;
  const result = spawnSync(command, args, {
    cwd: step.cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...step.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  const ok = result.status === 0;
  const lines = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`.split("\n");
  const shown = ok ? lines.filter((line) => step.keep?.test(line)) : lines.slice(-FAILURE_TAIL);
  for (const line of shown) console.log(`   ${line}`);
  console.log(`   ${ok ? "ok" : "FAILED"} in ${seconds.toFixed(1)} s`);
  return { label: step.label, ok, seconds };
}

/**
 * Copies the project's files (as git lists them) to `copy` and makes the copy a git repository of its own,
 * so the tests that list the project's files through git (the rewrite guard) run there as here.
 */
function copyProject(copy: string, files: readonly string[]): number {
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  const init = spawnSync("git", ["init", "--quiet"], { cwd: copy, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`git init failed in ${copy}: ${init.stderr}`);
  return files.length;
}

/** The `app` command of this project's cdktf.json. */
function cdktfApp(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
}

function main(): number {
  // First of the "cannot run here" checks: a release archive cannot run it on any Node.js.
  const files = projectFiles(ROOT);
  if (compareVersions(process.versions.node, CDK_TERRAIN.minimumNode) < 0) {
    console.error(
      `compat:cdktn: the CDK Terrain CLI needs Node.js >= ${CDK_TERRAIN.minimumNode} and this is ${process.versions.node} ` +
        `(on Node 20 \`cdktn synth\` fails with "markAsUncloneable is not a function"). ` +
        `Run it under Node 22 or 24 from the npm registry: npx --yes --package node@24 -- npm run compat:cdktn`,
    );
    return CANNOT_RUN;
  }
  const { packages } = CDK_TERRAIN;
  console.log(
    `compat:cdktn: ${Object.entries(packages)
      .map(([from, to]) => `${from} -> ${to.name}@${to.version}`)
      .join(", ")}`,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktn-compat-"));
  try {
    const baselineOut = path.join(work, "cdktf.out");
    const copy = path.join(work, "project");
    console.log(`copied ${copyProject(copy, files)} files to ${copy}`);
    const changed = moveToCdkTerrain(copy);
    console.log(`rewrote ${changed.length} files: ${changed.join(", ")}`);

    // Each of these needs the one before; the first failure ends the run.
    const setup: Step[] = [
      // The app command of cdktf.json, as `cdktf synth` runs it: the cdktf CLI itself cannot load on Node 24
      // (its node-pty has no prebuilt binary there), and the synthesized JSON is the app's, not the CLI's.
      { label: "cdktf app (this project, the baseline)", command: ["sh", "-c", cdktfApp()], cwd: ROOT, env: { CDKTF_OUTDIR: baselineOut } },
      { label: "npm install (CDK Terrain)", command: ["npm", "install", "--no-audit", "--no-fund"], cwd: copy, keep: /^added|^changed/ },
      { label: "type-check", command: ["npx", "tsc", "--noEmit"], cwd: copy },
      { label: "cdktn synth", command: ["npm", "run", "synth"], cwd: copy, keep: /Generated Terraform code/ },
    ];
    const results: StepResult[] = [];
    for (const step of setup) {
      results.push(run(step));
      if (!results[results.length - 1].ok) return report(results, []);
    }
    const baseline = readSynthesizedStacks(baselineOut);
    const cdktn = readSynthesizedStacks(path.join(copy, "cdktf.out"));
    const differences = compareStacks(baseline, cdktn);
    // The suite fails instead of skipping the Terraform checks when terraform or a provider is missing.
    results.push(
      run({ label: "jest suite", command: ["npx", "jest", "--ci"], cwd: copy, env: { CI: "true" }, keep: /^(Tests|Test Suites|Time):/ }),
    );
    results.push(run({ label: "Terraform checks (npm run verify)", command: ["npm", "run", "verify"], cwd: copy, keep: /validate|note:/ }));
    console.log("\n== stacks, cdktf -> cdktn");
    for (const line of describeDifferences([...new Set([...Object.keys(baseline), ...Object.keys(cdktn)])].sort(), differences)) {
      console.log(line);
    }
    return report(results, differences);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function report(results: readonly StepResult[], differences: readonly Difference[]): number {
  console.log("\n== summary");
  for (const result of results) console.log(`${result.ok ? "ok    " : "FAILED"} ${result.label} (${result.seconds.toFixed(1)} s)`);
  const unexpected = differences.filter((difference) => !difference.expected).length;
  if (unexpected > 0) console.log(`FAILED ${unexpected} difference(s) beyond the provider's source and version (listed above)`);
  const ok = unexpected === 0 && results.every((result) => result.ok);
  console.log(ok ? "compat:cdktn: compatible with CDK Terrain" : "compat:cdktn: NOT compatible with CDK Terrain");
  return ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof NotAGitCheckoutError) {
    console.error(`compat:cdktn: ${error.message}`);
    process.exitCode = CANNOT_RUN;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
