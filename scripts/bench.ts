/**
 * `npm run bench`: wall time and peak memory of synthesizing every stack (main.ts) next to a
 * one-resource cdktf app, median of several runs, under the runner `cdktf synth` uses
 * (scripts/swc-register.js) and, for comparison, under ts-node in swc mode.
 * A benchmark to read, not a timed test: it never fails on slowness.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUNNERS = { "swc-register (cdktf.json)": "./scripts/swc-register.js", "ts-node --swc": "ts-node/register" } as const;

interface Sample {
  seconds: number;
  maxRssMb: number;
}

function measure(runner: string, entry: string, outdir: string): Sample[] {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-r", runner, "-r", "./scripts/report-usage.js", entry], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${entry} failed:\n${result.stderr}`);
    const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
    samples.push({ seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN });
  }
  return samples;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function countResources(outdir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const stacksDir = path.join(outdir, "stacks");
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) as Record<
      string,
      Record<string, Record<string, unknown>> | undefined
    >;
    const total = ["resource", "data"].reduce(
      (sum, kind) => sum + Object.values(json[kind] ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
      0,
    );
    counts.set(stack, total);
  }
  return counts;
}

const baselineOutdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-one-"));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-all-"));
console.log(`Synthesis benchmark: median of ${RUNS} runs, ${os.cpus().length} CPUs, node ${process.version}`);
console.log("");
console.log("| runner | one-resource app (s) | all stacks (s) | ratio (target <= 2x) | peak memory one / all (MB, target <= 400) |");
console.log("|---|---:|---:|---:|---:|");
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
for (const [name, runner] of Object.entries(RUNNERS)) {
  const one = measure(runner, "scripts/one-resource-app.ts", baselineOutdir);
  const all = measure(runner, "main.ts", outdir);
  const oneSeconds = median(one.map((s) => s.seconds));
  const allSeconds = median(all.map((s) => s.seconds));
  const allMemory = median(all.map((s) => s.maxRssMb));
  const memory = `${median(one.map((s) => s.maxRssMb)).toFixed(0)} / ${allMemory.toFixed(0)} (${verdict(allMemory <= 400)})`;
  const ratio = allSeconds / oneSeconds;
  console.log(
    `| ${name} | ${oneSeconds.toFixed(2)} | ${allSeconds.toFixed(2)} | ${ratio.toFixed(2)}x (${verdict(ratio <= 2)}) | ${memory} |`,
  );
}
const counts = countResources(outdir);
console.log("");
console.log(
  `Resources + data sources: ${[...counts.values()].reduce((a, b) => a + b, 0)} (${[...counts].map(([stack, n]) => `${stack} ${n}`).join(", ")})`,
);
console.log("Targets (issue 2): all stacks within 2x the one-resource app under the same runner, at most 400 MB peak.");
for (const dir of [baselineOutdir, outdir]) fs.rmSync(dir, { recursive: true, force: true });
