/**
 * `npm run bench`: wall time and peak memory of synthesizing every stack (main.ts) next to a
 * one-resource cdktf app, both run the way `cdktf synth` runs the app, median of several runs.
 * A benchmark to read, not a timed test: it never fails on slowness.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  seconds: number;
  maxRssMb: number;
}

function measure(entry: string): { samples: Sample[]; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-r", "ts-node/register", "-r", "./scripts/report-usage.js", entry], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${entry} failed:\n${result.stderr}`);
    const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
    samples.push({ seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN });
  }
  return { samples, outdir };
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
      (sum, kind) =>
        sum + Object.values<Record<string, unknown>>(json[kind] ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
      0,
    );
    counts.set(stack, total);
  }
  return counts;
}

const baseline = measure("scripts/one-resource-app.ts");
const platform = measure("main.ts");
const counts = countResources(platform.outdir);
const baseSeconds = median(baseline.samples.map((s) => s.seconds));
const platformSeconds = median(platform.samples.map((s) => s.seconds));

console.log(`Synthesis benchmark: median of ${RUNS} runs, ${os.cpus().length} CPUs, node ${process.version}`);
console.log("");
console.log("| app | resources + data sources | wall time (s) | peak memory (MB) |");
console.log("|---|---:|---:|---:|");
console.log(`| one-resource cdktf app | 1 | ${baseSeconds.toFixed(2)} | ${median(baseline.samples.map((s) => s.maxRssMb)).toFixed(0)} |`);
console.log(
  `| all stacks (main.ts) | ${[...counts.values()].reduce((a, b) => a + b, 0)} | ${platformSeconds.toFixed(2)} | ${median(platform.samples.map((s) => s.maxRssMb)).toFixed(0)} |`,
);
console.log("");
console.log(`Ratio all stacks / one resource: ${(platformSeconds / baseSeconds).toFixed(2)}x (target <= 2x, <= 400 MB)`);
console.log(`Per stack: ${[...counts].map(([stack, n]) => `${stack} ${n}`).join(", ")}`);
for (const dir of [baseline.outdir, platform.outdir]) fs.rmSync(dir, { recursive: true, force: true });
