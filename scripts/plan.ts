/**
 * `npm run plan -- <stack> [terraform plan args]`: synthesizes the app and runs `terraform init` (with
 * the stack's S3 backend) and `terraform plan` in cdktf.out/stacks/<stack>, the same directory an
 * operator using plain terraform works in.
 * `npm run diff [-- <stack>... [terraform plan args]]`: plans every stack (or the named ones) with
 * -detailed-exitcode and prints one line per stack: no changes, changes, or why it could not plan.
 *
 * Both run `npm run preflight` on the stacks first and stop on any placeholder in their config: a plan
 * with a placeholder zone or bucket fails late, and an apply would stop half-way.
 *
 * When the config holds placeholders, or terraform is missing or cannot initialize (no AWS provider
 * download, no backend access), it says what to replace, install or configure and exits 3, so CI and
 * operators can tell "cannot plan here" from "the plan failed" (1) and "changes pending" (2 from diff).
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync, SpawnSyncOptions } from "child_process";
import { App } from "cdktf";
import { buildApp, loadConfig } from "../stacks/app";
import { runWithSynthesisErrors } from "../tools/docs/app-stacks";
import { placeholdersByStack, preflight } from "../lib/config/preflight";

const ROOT = path.join(__dirname, "..");
/** Where stacks are synthesized; CDKTF_OUTDIR moves it, as for `cdktf synth`. */
const OUTDIR = process.env.CDKTF_OUTDIR ?? path.join(ROOT, "cdktf.out");
export const CANNOT_PLAN = 3;

export interface TerraformCheck {
  readonly ok: boolean;
  /** What is wrong and what to do, for the operator. */
  readonly advice?: string;
  readonly version?: string;
}

export type InitProblem = "provider-download" | "backend-access" | "other";

const INSTALL_TERRAFORM =
  "Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install: HashiCorp's apt/yum repository, " +
  "`brew install hashicorp/tap/terraform`, or tfenv), or put an existing binary on PATH.";

const PROVIDER_ADVICE =
  "terraform cannot download the AWS provider pinned in the synthesized stack (hashicorp/aws). Allow HTTPS to " +
  "registry.terraform.io and releases.hashicorp.com, or use a provider mirror: on a connected machine run " +
  "`terraform providers mirror /path/to/mirror` in cdktf.out/stacks/<stack>, copy the folder here, and add to " +
  '~/.terraformrc (or the file in TF_CLI_CONFIG_FILE): provider_installation { filesystem_mirror { path = "/path/to/mirror" } }.';

const BACKEND_ADVICE =
  "terraform cannot reach the S3 state backend. Provide AWS credentials that can read and write the state bucket and " +
  "the DynamoDB lock table (AWS_PROFILE, `aws sso login`, or an OIDC role in CI), check the bucket/table names in " +
  "config/state-backend.json, and make sure the state-backend stack has been applied once.";

/** Is a usable terraform on PATH? */
export function checkTerraform(env: NodeJS.ProcessEnv = process.env): TerraformCheck {
  const result = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env });
  if (result.error || result.status !== 0) return { ok: false, advice: `No terraform binary on PATH. ${INSTALL_TERRAFORM}` };
  const version = (JSON.parse(result.stdout || "{}") as { terraform_version?: string }).terraform_version ?? "unknown";
  const [major, minor] = version.split(".").map(Number);
  if (major === 1 && minor < 10)
    return { ok: true, version, advice: `terraform ${version} works, but use_lockfile needs >= 1.10. ${INSTALL_TERRAFORM}` };
  return { ok: true, version };
}

/** Classifies a failed `terraform init` from its output. */
export function diagnoseInit(output: string): { problem: InitProblem; advice: string } {
  if (
    /Failed to query available provider packages|Failed to install provider|could not connect to registry|registry\.terraform\.io|releases\.hashicorp\.com/i.test(
      output,
    )
  ) {
    return { problem: "provider-download", advice: PROVIDER_ADVICE };
  }
  if (
    /No valid credential sources|error configuring S3 Backend|S3 bucket .* does not exist|NoSuchBucket|AccessDenied|ExpiredToken|failed to get shared config profile|InvalidClientTokenId/i.test(
      output,
    )
  ) {
    return { problem: "backend-access", advice: BACKEND_ADVICE };
  }
  const firstError =
    output
      .split("\n")
      .find((line) => /Error/.test(line))
      ?.trim() ?? "terraform init failed";
  return { problem: "other", advice: `terraform init failed: ${firstError}` };
}

/** Writes cdktf.out/stacks/<stack>/cdk.tf.json for every stack, as `cdktf synth` does (set TF_PLUGIN_CACHE_DIR to reuse providers). */
function synthesizeToDisk(config: ReturnType<typeof loadConfig>): void {
  fs.rmSync(OUTDIR, { recursive: true, force: true });
  buildApp(new App({ outdir: OUTDIR }), config).synth();
}

export interface PlanResult {
  readonly stack: string;
  /** 0: no changes (or plan succeeded), 1: plan failed, 2: changes (diff mode), 3: cannot plan here. */
  readonly code: number;
  readonly message: string;
}

/** init + plan in one synthesized stack directory. */
export function planStack(
  stackDir: string,
  options: { detailedExitCode?: boolean; extraArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): PlanResult {
  const stack = path.basename(stackDir);
  const env = { ...(options.env ?? process.env), TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const capture: SpawnSyncOptions = { cwd: stackDir, encoding: "utf8", env };
  const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], capture);
  if (init.error) return { stack, code: CANNOT_PLAN, message: `No terraform binary on PATH. ${INSTALL_TERRAFORM}` };
  if (init.status !== 0) {
    const { advice } = diagnoseInit(`${String(init.stdout)}${String(init.stderr)}`);
    return { stack, code: CANNOT_PLAN, message: advice };
  }
  const args = ["plan", "-input=false", ...(options.detailedExitCode ? ["-detailed-exitcode"] : []), ...(options.extraArgs ?? [])];
  const plan = spawnSync("terraform", args, { ...capture, stdio: "inherit" });
  const code = plan.status ?? 1;
  const message = code === 0 ? "no changes" : code === 2 && options.detailedExitCode ? "changes pending" : "terraform plan failed";
  return { stack, code, message };
}

function main(command: "plan" | "diff", args: readonly string[]): number {
  const config = loadConfig();
  const placeholders = placeholdersByStack(config);
  const stacks = placeholders.map((entry) => entry.stack);
  // plan: one stack, then terraform plan args; diff: stack names, then options (`-lock=false`) for every stack.
  const [wanted, extraArgs] =
    command === "plan"
      ? [args.slice(0, 1), args.slice(1)]
      : [args.filter((arg) => !arg.startsWith("-")), args.filter((arg) => arg.startsWith("-"))];
  if (command === "plan" && wanted.length === 0) {
    console.error(`usage: npm run plan -- <stack> [terraform plan args]; stacks: ${stacks.join(", ")}`);
    return CANNOT_PLAN;
  }
  // Unknown stack names, or placeholders in the config of those planned: stop before terraform runs.
  const check = preflight(placeholders, wanted);
  if (check.exitCode !== 0) {
    console.error(
      check.exitCode === 1 ? `${check.report}\n${command} stopped before terraform: replace them, then run it again.` : check.report,
    );
    return CANNOT_PLAN;
  }

  const terraform = checkTerraform();
  if (!terraform.ok) {
    console.error(terraform.advice);
    return CANNOT_PLAN;
  }
  if (terraform.advice) console.warn(terraform.advice);
  synthesizeToDisk(config);
  const stackDir = (name: string) => path.join(OUTDIR, "stacks", name);
  if (command === "plan") {
    const result = planStack(stackDir(wanted[0]), { extraArgs });
    if (result.code !== 0) console.error(`${wanted[0]}: ${result.message}`);
    return result.code;
  }
  const results = (wanted.length ? wanted : stacks).map((stack) => planStack(stackDir(stack), { detailedExitCode: true, extraArgs }));
  console.log("");
  for (const result of results) console.log(`${result.stack.padEnd(24)} ${result.code === CANNOT_PLAN ? "cannot plan" : result.message}`);
  for (const advice of new Set(results.filter((result) => result.code === CANNOT_PLAN).map((result) => result.message)))
    console.error(`\n${advice}`);
  return worstExitCode(results.map((result) => result.code));
}

/** One exit code for several plans: cannot plan (3) over failed (1) over changes (2) over none (0). */
export function worstExitCode(codes: readonly number[]): number {
  return [CANNOT_PLAN, 1, 2].find((code) => codes.includes(code)) ?? 0;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (command !== "plan" && command !== "diff") {
    console.error("usage: scripts/plan.ts plan <stack> [terraform plan args] | diff [stack...]");
    process.exitCode = CANNOT_PLAN;
  } else {
    process.exitCode = runWithSynthesisErrors(() => main(command, args));
  }
}
