/**
 * Running the operator's own terraform for plan, apply and bootstrap: is it there, what a failed
 * `terraform init` means, and one way to run a command. "Cannot run here" (no terraform, no provider
 * download, no backend access) is exit 3 everywhere in this project.
 */
import { spawn, spawnSync } from "child_process";

export const CANNOT_RUN_HERE = 3;

export interface TerraformCheck {
  readonly ok: boolean;
  /** What is wrong and what to do, for the operator. */
  readonly advice?: string;
  readonly version?: string;
}

export type InitProblem = "provider-download" | "backend-access" | "other";

export const INSTALL_TERRAFORM =
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
  "config/state-backend.json, and make sure the state-backend stack has been applied once (`npm run bootstrap`).";

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

/** Environment for every terraform run: no prompts, no telemetry. */
function automationEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}

export interface RunResult {
  /** Exit status; CANNOT_RUN_HERE when terraform could not start. */
  readonly code: number;
  /** What it printed (empty when shown to the operator instead). */
  readonly output: string;
}

/**
 * Runs terraform in `cwd`. `show` streams its output to the operator (plan and apply); otherwise it is
 * captured and returned. Asynchronous, so that servers in the same process (the tests' S3 and DynamoDB
 * emulators) keep answering while terraform talks to them.
 */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, show = false): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn("terraform", [...args], {
      cwd,
      env: automationEnv(env),
      stdio: show ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      resolve({
        code: CANNOT_RUN_HERE,
        output: `${error.code === "ENOENT" ? "No terraform binary on PATH" : error.message}. ${INSTALL_TERRAFORM}`,
      }),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString("utf8") }));
  });
}
