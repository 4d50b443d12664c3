/**
 * Real Terraform on synthesized stacks: `terraform validate` and a mocked `terraform test` plan, each in
 * a scratch copy under the system temporary directory (never in cdktf.out), stacks in parallel.
 * Used by the jest matchers (`__tests__/support/terraform.ts`) and by `npm run verify`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";
import { Adjustment, adaptToFallback, providerSchema } from "./fallback-provider";
import { PlanExpectations, writePlanTest } from "./plan-test";
import { SCRATCH_ROOT, Toolchain } from "./toolchain";

export interface CommandResult {
  readonly ok: boolean;
  /** Terraform's own words: the errors when it failed. */
  readonly output: string;
  readonly seconds: number;
}

export interface StackCheck {
  readonly stack: string;
  readonly validate: CommandResult;
  /** Undefined when validation failed (a plan of an invalid configuration says nothing more). */
  readonly plan?: CommandResult;
  /** What the scratch copy changed for a fallback provider. */
  readonly adjustments: readonly Adjustment[];
}

export interface StackToCheck {
  readonly name: string;
  /** The synthesized Terraform JSON (cdk.tf.json). */
  readonly json: Record<string, unknown>;
  readonly expectations: PlanExpectations;
}

const COMMAND_TIMEOUT_MS = 300_000;

/** Runs terraform and resolves with its exit status and output (never rejects for a non-zero exit). */
export function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("terraform", [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: COMMAND_TIMEOUT_MS });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ ok: false, output: `${output}${error.message}`, seconds: (Date.now() - started) / 1000 }));
    child.on("close", (code) => resolve({ ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

interface ValidateJson {
  readonly valid: boolean;
  readonly diagnostics: { severity: string; summary: string; detail?: string; snippet?: { context?: string | null } }[];
}

/** `terraform validate -json` as readable lines: `Error: <summary>: <detail> (in <block>)`. */
function readValidate(result: CommandResult): CommandResult {
  let parsed: ValidateJson;
  try {
    parsed = JSON.parse(result.output.slice(result.output.indexOf("{"))) as ValidateJson;
  } catch {
    return result;
  }
  const lines = parsed.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `Error: ${d.summary}${d.detail ? `: ${d.detail}` : ""}${d.snippet?.context ? ` (in ${d.snippet.context})` : ""}`);
  return { ...result, ok: parsed.valid, output: parsed.valid ? "Success! The configuration is valid." : lines.join("\n") };
}

/** The part of `terraform test` output worth reading: failed assertions and errors. */
function readTest(result: CommandResult): CommandResult {
  if (result.ok) return { ...result, output: result.output.trim().split("\n").pop() ?? "" };
  return { ...result, output: result.output.replace(/\n{3,}/g, "\n\n").trim() };
}

/**
 * Writes a stack's Terraform JSON into `dir` as `cdk.tf.json`, adapted to the fallback provider when the
 * toolchain has one (the backend block is never touched). Returns the copy and what was adapted.
 */
export function writeScratchCopy(
  toolchain: Toolchain,
  stackJson: Record<string, unknown>,
  dir: string,
): { json: Record<string, unknown>; adjustments: Adjustment[] } {
  fs.mkdirSync(dir, { recursive: true });
  const json = structuredClone(stackJson);
  const adjustments = toolchain.fallback ? adaptToFallback(json, toolchain, providerSchema(toolchain)) : [];
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), toolchain.lockFile);
  return { json, adjustments };
}

/** Validates and plans one stack in its own scratch directory. */
async function checkStack(toolchain: Toolchain, stack: StackToCheck, scratch: string): Promise<StackCheck> {
  const dir = path.join(scratch, stack.name);
  const { json, adjustments } = writeScratchCopy(toolchain, stack.json, dir);
  writePlanTest(dir, json, stack.expectations);

  const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], dir, toolchain.env);
  if (!init.ok) return { stack: stack.name, validate: { ...init, output: `terraform init failed:\n${init.output}` }, adjustments };
  const validate = readValidate(await terraform(["validate", "-json", "-no-color"], dir, toolchain.env));
  if (!validate.ok) return { stack: stack.name, validate, adjustments };
  const plan = readTest(await terraform(["test", "-no-color"], dir, toolchain.env));
  return { stack: stack.name, validate, plan, adjustments };
}

/**
 * Runs stack checks at most `concurrency` at a time (Terraform is mostly one core per process), each stack
 * once: asking again for the same stack returns the same result. `dispose()` removes the scratch copies.
 */
export class TerraformChecker {
  private readonly scratch: string;
  private readonly results = new Map<string, Promise<StackCheck>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    readonly toolchain: Toolchain,
    private readonly concurrency = Math.max(2, os.cpus().length),
  ) {
    fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
    this.scratch = fs.mkdtempSync(path.join(SCRATCH_ROOT, "run-"));
    // The fallback schema is written once, before parallel checks would all race to write it.
    if (toolchain.fallback) providerSchema(toolchain);
  }

  check(stack: StackToCheck): Promise<StackCheck> {
    let result = this.results.get(stack.name);
    if (!result) {
      result = this.whenFree(() => checkStack(this.toolchain, stack, this.scratch));
      this.results.set(stack.name, result);
    }
    return result;
  }

  /** Whether a check of this stack was already asked for. */
  has(name: string): boolean {
    return this.results.has(name);
  }

  dispose(): void {
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  private async whenFree<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Checks every stack, in parallel, and cleans up. */
export async function checkStacks(toolchain: Toolchain, stacks: readonly StackToCheck[]): Promise<StackCheck[]> {
  const checker = new TerraformChecker(toolchain);
  try {
    return await Promise.all(stacks.map((stack) => checker.check(stack)));
  } finally {
    checker.dispose();
  }
}

/** One line per stack for humans: `coherent-dev  validate ok (2.1 s)  plan ok (3.0 s)`. */
export function describeCheck(check: StackCheck): string {
  const step = (label: string, result?: CommandResult) =>
    result === undefined ? `${label} not run` : `${label} ${result.ok ? "ok" : "FAILED"} (${result.seconds.toFixed(1)} s)`;
  return `${check.stack.padEnd(22)} ${step("validate", check.validate)}  ${step("mocked plan", check.plan)}`;
}
