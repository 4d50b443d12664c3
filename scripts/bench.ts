/**
 * `npm run bench`: wall time and peak memory of synthesis next to the floor, a one-resource cdktf app
 * compiled to JavaScript and run with plain node. Every case runs once per round, alternately, so a
 * busy machine slows them alike; the table shows medians. Cases: `npm run synth` end to end, the app
 * alone under its runner (scripts/swc-register.js) beside the one-resource app under that runner,
 * `cdktf synth` (the CLI around the same app, as `cdktf diff/deploy` run it), and 41 stacks (20
 * environments per system) to show scaling. Then, from scripts/bench-phases.ts, where the app's time goes
 * next to the one-resource app's. A benchmark to read, not a timed test: it never fails on slowness.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { transformSync } from "@swc/core";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALED_ENVIRONMENTS = 20;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));

interface Case {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

interface Sample {
  readonly seconds: number;
  /** Largest peak resident set of any node process of the case (npm, the CLI, the app). */
  readonly maxRssMb: number;
}

/** The one-resource app as plain JavaScript beside a link to node_modules: the floor to compare with. */
function compiledOneResourceApp(): string {
  const dir = path.join(scratch, "compiled");
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const source = path.join(ROOT, "scripts", "one-resource-app.ts");
  const { code } = transformSync(fs.readFileSync(source, "utf8"), {
    filename: source,
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  });
  fs.writeFileSync(path.join(dir, "one-resource-app.js"), code);
  return path.join(dir, "one-resource-app.js");
}

/** The committed config plus `SCALED_ENVIRONMENTS` environments per system, copied from dev and prod in turn. */
function scaledConfig(): string {
  const dir = path.join(scratch, "config-scaled");
  fs.cpSync(path.join(ROOT, "config"), dir, { recursive: true });
  for (const system of ["coherent", "treasury-plane"]) {
    for (const name of ["dev", "prod"]) fs.rmSync(path.join(dir, `${system}-${name}.json`));
    for (let index = 1; index <= SCALED_ENVIRONMENTS; index++) {
      const template = path.join(ROOT, "config", `${system}-${index % 2 ? "dev" : "prod"}.json`);
      fs.copyFileSync(template, path.join(dir, `${system}-env${String(index).padStart(2, "0")}.json`));
    }
  }
  return dir;
}

function run(name: string, { command, args, env }: Case): Sample {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      NODE_OPTIONS: `--require "${path.join(ROOT, "scripts", "report-usage.js")}"`,
      ...env,
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${name} failed:\n${result.stdout}\n${result.stderr}`);
  const peaks = [...`${result.stdout}${result.stderr}`.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)].map((match) => Number(match[1]) / 1024);
  return { seconds, maxRssMb: Math.max(...peaks) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const app = (outdir: string, env: NodeJS.ProcessEnv = {}): Case => ({
  command: process.execPath,
  args: ["-r", "./scripts/swc-register.js", "main.ts"],
  env: { CDKTF_OUTDIR: path.join(scratch, outdir), ...env },
});
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const cases = {
  floor: { command: process.execPath, args: [compiledOneResourceApp()], env: { CDKTF_OUTDIR: path.join(scratch, "floor") } },
  oneUnderRunner: {
    command: process.execPath,
    args: ["-r", "./scripts/swc-register.js", "scripts/one-resource-app.ts"],
    env: { CDKTF_OUTDIR: path.join(scratch, "one") },
  },
  app: app("app"),
  npmRunSynth: { command: npm, args: ["run", "--silent", "synth"] },
  cdktfSynth: { command: npx, args: ["cdktf", "synth", "--output", path.join(scratch, "cli")] },
  scaled: app("scaled", { PLATFORM_CONFIG_DIR: scaledConfig() }),
} satisfies Record<string, Case>;

/** Milliseconds by phase of one synthesis under the runner (scripts/bench-phases.ts). */
function phasesOf(...args: string[]): Record<string, number> {
  const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/bench-phases.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new Error(`bench-phases ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Record<string, number>;
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as Sample[]])) as Record<keyof typeof cases, Sample[]>;
const phaseSamples = { one: [] as Record<string, number>[], app: [] as Record<string, number>[] };
for (let round = 0; round < RUNS; round++) {
  for (const [name, spec] of Object.entries(cases)) samples[name as keyof typeof cases].push(run(name, spec));
  phaseSamples.one.push(phasesOf("--one-resource"));
  phaseSamples.app.push(phasesOf());
}
const seconds = (name: keyof typeof cases) => median(samples[name].map((sample) => sample.seconds));
const memory = (name: keyof typeof cases) => median(samples[name].map((sample) => sample.maxRssMb));
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const stackCount = fs.readdirSync(path.join(scratch, "scaled", "stacks")).length;

console.log(
  `Synthesis benchmark: median of ${RUNS} alternating runs, ${os.cpus().length} CPUs, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
console.log("");
console.log("| runner | one-resource app (s) | all stacks (s) | ratio | peak memory (MB) |");
console.log("|---|---:|---:|---:|---:|");
const row = (runner: string, one: keyof typeof cases, all: keyof typeof cases, target?: number) => {
  const ratio = seconds(all) / seconds(one);
  const goal = target === undefined ? "" : ` (target <= ${target}x: ${verdict(ratio <= target)})`;
  const peak = memory(all);
  console.log(
    `| ${runner} | ${seconds(one).toFixed(2)} | ${seconds(all).toFixed(2)} | ${ratio.toFixed(1)}x${goal} | ${peak.toFixed(0)}${target ? ` (<= 400: ${verdict(peak <= 400)})` : ""} |`,
  );
};
row("`npm run synth` end to end vs compiled one-resource app, plain node", "floor", "npmRunSynth", 5);
row("app alone, `node -r ./scripts/swc-register.js` (both)", "oneUnderRunner", "app", 2.5);
row("`cdktf synth` (the CLI, as `cdktf diff/deploy` run the app) vs compiled one-resource app", "floor", "cdktfSynth");
row(
  `${stackCount} stacks (${SCALED_ENVIRONMENTS} environments per system), app alone vs one-resource app, same runner`,
  "oneUnderRunner",
  "scaled",
);
console.log("");
console.log(
  `Scaling: ${((seconds("scaled") - seconds("oneUnderRunner")) / stackCount).toFixed(3)} s per stack beyond the floor at ${stackCount} stacks, ` +
    `${((seconds("app") - seconds("oneUnderRunner")) / 5).toFixed(3)} s at 5.`,
);

const PHASES: Record<string, string> = {
  startup: "node start-up and the runner",
  cdktf: "load cdktf",
  modules: "load the app's modules (stacks, modules, provider classes, zod)",
  config: "read and validate config",
  construct: "create the constructs",
  resolve: "each stack's Terraform JSON (`toTerraform`: lib/stack-json.ts, tokens resolved by cdktf)",
  synth: "the rest of synth: guardrails, validations, writing",
  total: "total, in-process",
};
const phase = (which: keyof typeof phaseSamples, name: string) => median(phaseSamples[which].map((sample) => sample[name]));
console.log("");
console.log(`Where the time goes: one synthesis by phase, in-process, median of ${RUNS} (ms)`);
console.log("");
console.log("| phase | one-resource app | all stacks | beyond the floor |");
console.log("|---|---:|---:|---:|");
for (const [name, label] of Object.entries(PHASES)) {
  const [one, all] = [phase("one", name), phase("app", name)];
  console.log(`| ${label} | ${one.toFixed(0)} | ${all.toFixed(0)} | ${(all - one).toFixed(0)} |`);
}
fs.rmSync(scratch, { recursive: true, force: true });
