/**
 * Where `npm run plan`, `diff`, `apply`, `guard`, `bootstrap` and the CI script find things: the synthesized
 * stacks (cdktf.out; CDKTF_OUTDIR moves it), the saved plans and the acknowledgements beside them (plans/;
 * PLANS_DIR moves both), and the checks every command runs before terraform.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { placeholdersByStack, preflight } from "../../lib/config/preflight";
import { PlatformStack } from "../../lib/platform-stack";
import { AppConfig, buildApp } from "../../stacks/app";
import { checkTerraform } from "./terraform-cli";

export const ROOT = path.join(__dirname, "..", "..");
/** Where stacks are synthesized; CDKTF_OUTDIR moves it, as for `cdktf synth`. */
export const OUTDIR = process.env.CDKTF_OUTDIR ?? path.join(ROOT, "cdktf.out");
/** Where saved plans (`<stack>/`) and the acknowledgements live; PLANS_DIR moves it. */
export const PLANS_DIR = process.env.PLANS_DIR ?? path.join(ROOT, "plans");
/** The reviewed exceptions to the plan guard, read by plan, apply, guard and bootstrap alike. */
export const ACKNOWLEDGEMENTS_PATH = path.join(PLANS_DIR, "acknowledged.json");
/** The Markdown review beside each saved plan. */
export const REVIEW_FILE = "review.md";

/** The synthesized folder of `stack` in `outdir`. */
export function synthesizedStackDir(stack: string, outdir = OUTDIR): string {
  return path.join(outdir, "stacks", stack);
}

/**
 * Preflight for `stacks` (every stack when empty); the report, or undefined when nothing stops them.
 * Unknown stack names and placeholders both stop a plan before terraform runs.
 */
function preflightStops(config: AppConfig, stacks: readonly string[], command: string): string | undefined {
  const check = preflight(placeholdersByStack(config), stacks);
  if (check.exitCode === 0) return undefined;
  return check.exitCode === 1 ? `${check.report}\n${command} stopped before terraform: fill them in, then run it again.` : check.report;
}

/**
 * Preflight for `stacks`, then a usable terraform on PATH: false (after saying why) when the command
 * cannot run here (exit 3).
 */
export function readyForTerraform(config: AppConfig, stacks: readonly string[], command: string): boolean {
  const stopped = preflightStops(config, stacks, command);
  const terraform = stopped ? undefined : checkTerraform();
  if (stopped || !terraform?.ok) {
    console.error(stopped ?? terraform?.advice);
    return false;
  }
  if (terraform.advice) console.warn(terraform.advice);
  return true;
}

/** Writes `<outdir>/stacks/<stack>/cdk.tf.json` for every stack, as `cdktf synth` does; returns the stacks. */
export function synthesizeToDisk(config: AppConfig, outdir = OUTDIR): PlatformStack[] {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = buildApp(new App({ outdir }), config);
  app.synth();
  return app.node.children.filter((child): child is PlatformStack => child instanceof PlatformStack);
}
