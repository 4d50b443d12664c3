/**
 * One synthesis timed by phase, for `npm run bench`'s "where the time goes" table: prints one JSON line of
 * milliseconds. `--one-resource` times the one-resource app instead of the stacks. Modules are loaded
 * with `await import()` so that loading is a phase of its own; then main.ts's steps (load config, build,
 * synth) without its printing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

async function main(): Promise<void> {
  const oneResource = process.argv.includes("--one-resource");
  // performance.now() counts from the process's start: node's own start-up and the runner (-r).
  const phases: Record<string, number> = { startup: performance.now() };
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = now - mark;
    mark = now;
  };

  await import("../lib/cdktf-deprecations");
  const { App, TerraformStack } = await import("cdktf");
  lap("cdktf");
  const { configureTokenStackTraces } = await import("../lib/synthesis");
  const app = oneResource ? await import("./one-resource-app") : await import("../stacks/app");
  lap("modules");
  configureTokenStackTraces();
  const config = "loadConfig" in app ? app.loadConfig() : undefined;
  lap("config");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-phases-"));
  const built = "buildApp" in app ? app.buildApp(new App({ outdir }), config) : app.buildOneResourceApp(new App({ outdir }));
  lap("construct");

  // Resolving happens inside synth (for the stacks, when the guardrails evaluate them): timed apart.
  let resolving = 0;
  for (const stack of built.node.findAll().filter((construct) => TerraformStack.isStack(construct))) {
    // Each stack's own toTerraform (PlatformStack's or cdktf's), shadowed on the instance.
    const toTerraform: () => unknown = stack.toTerraform.bind(stack);
    stack.toTerraform = function timedToTerraform(): unknown {
      const started = performance.now();
      try {
        return toTerraform();
      } finally {
        resolving += performance.now() - started;
      }
    };
  }
  built.synth();
  lap("synth");
  phases.resolve = resolving;
  phases.synth -= resolving;
  phases.total = performance.now();
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify(phases));
}

void main();
