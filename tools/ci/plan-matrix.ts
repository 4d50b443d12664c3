/**
 * Which stacks a pull request's plan jobs plan: every stack in the synthesized cdktf.out/manifest.json
 * whose cdk.tf.json differs from the base branch's (or that the base does not have), one matrix job each.
 * A stack whose state is still a local file (the state-backend stack before `npm run bootstrap`) cannot be
 * planned by CI and is listed as skipped, with why.
 */
import * as fs from "fs";
import * as path from "path";
import { backendBlock, TerraformJson } from "../../lib/terraform-json";

export interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly synthesizedStackPath: string }>>;
}

export interface PlanMatrix {
  /** For `strategy.matrix`: `{ "stack": [...] }`. */
  readonly matrix: { readonly stack: readonly string[] };
  readonly skipped: readonly { readonly stack: string; readonly reason: string }[];
}

function readManifest(outdir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest;
}

/** A stack's synthesized JSON, parsed (so formatting never counts as a change); undefined when absent. */
function stackJson(outdir: string, manifest: Manifest, stack: string): TerraformJson | undefined {
  const entry = manifest.stacks[stack];
  const file = entry && path.join(outdir, entry.synthesizedStackPath);
  return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson) : undefined;
}

/** `headOut`: this branch's cdktf.out; `baseOut`: the base branch's, or undefined to plan every stack. */
export function planMatrix(headOut: string, baseOut?: string): PlanMatrix {
  const head = readManifest(headOut);
  const base = baseOut && fs.existsSync(path.join(baseOut, "manifest.json")) ? readManifest(baseOut) : undefined;
  const stacks: string[] = [];
  const skipped: { stack: string; reason: string }[] = [];
  for (const stack of Object.keys(head.stacks).sort()) {
    const json = stackJson(headOut, head, stack)!;
    if (!backendBlock(json, "s3")) {
      skipped.push({ stack, reason: "its state is a local file until `npm run bootstrap` moves it into the bucket" });
    } else if (base && JSON.stringify(stackJson(baseOut!, base, stack)) === JSON.stringify(json)) {
      skipped.push({ stack, reason: "synthesized JSON unchanged from the base branch" });
    } else {
      stacks.push(stack);
    }
  }
  return { matrix: { stack: stacks }, skipped };
}
