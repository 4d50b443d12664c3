/**
 * Saved plans: `npm run plan` writes, per stack, `plans/<stack>/tfplan` (Terraform's saved plan),
 * `plan.json` (`terraform show -json tfplan`) and `plan.meta.json` (what the plan was made from), and runs
 * terraform in that folder, so `npm run apply` applies exactly that file with the same initialized
 * backend and providers. Apply refuses a stale plan before terraform runs: the synthesized stack or the
 * state (its serial or lineage) changed since. Terraform itself also refuses a saved plan whose prior
 * state is outdated ("Saved plan is stale"); the check here says why in this project's terms and never
 * falls back to planning again.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Tier } from "../../lib/config/schema";
import { backendBlock, TerraformJson } from "../../lib/terraform-json";
import { parsePlanJson, PlanJson } from "./plan-json";
import { SuppressionReasons } from "./security";
import { CANNOT_RUN_HERE, diagnoseInit, runTerraform } from "./terraform-cli";

export const PLAN_FILE = "tfplan";
export const PLAN_JSON_FILE = "plan.json";
export const META_FILE = "plan.meta.json";
const STACK_FILE = "cdk.tf.json";

/** Exit codes shared by plan and apply: a plan or apply that failed, and a saved plan refused. */
export const TERRAFORM_FAILED = 1;
export const REFUSED = 2;

export interface StateVersion {
  readonly serial: number;
  readonly lineage: string;
}

export interface PlanMeta {
  readonly stack: string;
  readonly createdAt: string;
  /** sha256 of the synthesized cdk.tf.json the plan was made from. */
  readonly stackSha256: string;
  /** sha256 of tfplan, so a swapped file is noticed. */
  readonly planSha256: string;
  /** The remote state when the plan was made; null for a stack with no state yet. */
  readonly state: StateVersion | null;
  readonly tier: Tier;
  /** Guardrail suppressions in the code (for the security section of a later `npm run guard`). */
  readonly suppressions: SuppressionReasons;
}

export interface Outcome {
  readonly code: number;
  readonly message: string;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The synthesized stack's fingerprint: its cdk.tf.json. */
function stackSha256(stackDir: string): string {
  return sha256(path.join(stackDir, STACK_FILE));
}

/**
 * Copies the synthesized stack into its plan folder, keeping `.terraform` (providers, backend) between
 * runs and removing the previous plan. A local backend's relative path is kept pointing where cdktf meant
 * it (relative to the synthesized folder) through `-backend-config=path=...`.
 */
export function prepare(synthesizedDir: string, workdir: string): string[] {
  fs.mkdirSync(workdir, { recursive: true });
  for (const file of [PLAN_FILE, PLAN_JSON_FILE, META_FILE]) fs.rmSync(path.join(workdir, file), { force: true });
  for (const entry of fs.readdirSync(synthesizedDir)) {
    if (!entry.startsWith(".")) fs.cpSync(path.join(synthesizedDir, entry), path.join(workdir, entry), { recursive: true });
  }
  return localBackendArgs(synthesizedDir);
}

/** The synthesized stack in `stackDir` (its cdk.tf.json). */
export function readStackJson(stackDir: string): TerraformJson {
  return JSON.parse(fs.readFileSync(path.join(stackDir, STACK_FILE), "utf8")) as TerraformJson;
}

/** The absolute path of the state file of a stack with a local backend (cdktf writes it relative to `synthesizedDir`); else undefined. */
export function localStatePath(synthesizedDir: string): string | undefined {
  const local = backendBlock(readStackJson(synthesizedDir), "local")?.path;
  return typeof local === "string" ? path.resolve(synthesizedDir, local) : undefined;
}

/** `-backend-config=path=<absolute>` for a stack with a local backend, else nothing. */
export function localBackendArgs(synthesizedDir: string): string[] {
  const local = localStatePath(synthesizedDir);
  return local === undefined ? [] : [`-backend-config=path=${local}`];
}

/** `terraform init` in the plan folder; a failure says what to do (exit 3). */
export async function init(workdir: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<Outcome> {
  const result = await runTerraform(["init", "-input=false", "-no-color", ...args], workdir, env);
  if (result.code === 0) return { code: 0, message: "initialized" };
  return { code: CANNOT_RUN_HERE, message: result.code === CANNOT_RUN_HERE ? result.output : diagnoseInit(result.output).advice };
}

/** A Terraform state file, as far as plan and bootstrap compare states. */
export interface State extends StateVersion {
  readonly resources?: readonly unknown[];
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** The stack's current state (`terraform state pull`); null when it has none. */
export async function pullState(workdir: string, env: NodeJS.ProcessEnv): Promise<State | null> {
  const result = await runTerraform(["state", "pull"], workdir, env);
  if (result.code !== 0) throw new Error(`terraform state pull failed in ${workdir}:\n${result.output}`);
  const start = result.output.indexOf("{");
  if (start < 0) return null;
  const state = JSON.parse(result.output.slice(start)) as State;
  // A remote backend with no object answers an empty state without a lineage.
  return state.lineage ? state : null;
}

/** Serial and lineage of the stack's current state; null when it has none. */
async function stateVersion(workdir: string, env: NodeJS.ProcessEnv): Promise<StateVersion | null> {
  const state = await pullState(workdir, env);
  return state && { serial: state.serial, lineage: state.lineage };
}

export interface SavePlanOptions {
  readonly stack: string;
  /** cdktf.out/stacks/<stack>. */
  readonly synthesizedDir: string;
  /** plans/<stack>. */
  readonly workdir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly tier: Tier;
  readonly suppressions?: SuppressionReasons;
  /** Extra `terraform plan` arguments (`-lock=false`, `-target=...`). */
  readonly planArgs?: readonly string[];
  /** Extra `terraform init` arguments (`-backend-config=...`). */
  readonly initArgs?: readonly string[];
  /** Stream terraform's plan output to the operator. @default false */
  readonly show?: boolean;
  /** `-detailed-exitcode`: exit 2 (changes) is a saved plan too, reported as `changes`. @default false */
  readonly detailedExitCode?: boolean;
}

/** init, plan -out, show -json and the meta file; the plan JSON when it worked. */
export async function savePlan(options: SavePlanOptions): Promise<Outcome & { plan?: PlanJson; changes?: boolean }> {
  const { workdir, env } = options;
  const backendArgs = prepare(options.synthesizedDir, workdir);
  const initialized = await init(workdir, env, [...backendArgs, ...(options.initArgs ?? [])]);
  if (initialized.code !== 0) return initialized;
  const state = await stateVersion(workdir, env);
  const color = options.show ? [] : ["-no-color"];
  const detailed = options.detailedExitCode ? ["-detailed-exitcode"] : [];
  const plan = await runTerraform(
    ["plan", "-input=false", ...color, ...detailed, `-out=${PLAN_FILE}`, ...(options.planArgs ?? [])],
    workdir,
    env,
    options.show,
  );
  const changes = options.detailedExitCode ? plan.code === 2 : undefined;
  if (plan.code !== 0 && !changes) {
    return {
      code: plan.code === CANNOT_RUN_HERE ? CANNOT_RUN_HERE : TERRAFORM_FAILED,
      message: `terraform plan failed${plan.output ? `:\n${plan.output}` : ""}`,
    };
  }
  const shown = await runTerraform(["show", "-json", PLAN_FILE], workdir, env);
  if (shown.code !== 0) return { code: TERRAFORM_FAILED, message: `terraform show -json failed:\n${shown.output}` };
  const jsonFile = path.join(workdir, PLAN_JSON_FILE);
  fs.writeFileSync(jsonFile, shown.output);
  const meta: PlanMeta = {
    stack: options.stack,
    createdAt: new Date().toISOString(),
    stackSha256: stackSha256(workdir),
    planSha256: sha256(path.join(workdir, PLAN_FILE)),
    state,
    tier: options.tier,
    suppressions: options.suppressions ?? {},
  };
  fs.writeFileSync(path.join(workdir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  return { code: 0, message: `saved ${path.join(workdir, PLAN_FILE)}`, plan: parsePlanJson(shown.output, jsonFile), changes };
}

export function readMeta(workdir: string): PlanMeta | undefined {
  const file = path.join(workdir, META_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PlanMeta) : undefined;
}

/**
 * Why the saved plan in `workdir` must not be applied, or undefined when it is still the plan of this
 * stack and state. `currentStack` is the freshly synthesized stack folder; `meta` what readMeta(workdir) read.
 */
export async function staleReason(
  workdir: string,
  currentStack: string,
  env: NodeJS.ProcessEnv,
  meta: PlanMeta | undefined = readMeta(workdir),
): Promise<string | undefined> {
  const planFile = path.join(workdir, PLAN_FILE);
  if (!meta || !fs.existsSync(planFile)) return `no saved plan in ${workdir}`;
  if (sha256(planFile) !== meta.planSha256) return `${planFile} is not the file the plan of ${meta.createdAt} wrote`;
  if (stackSha256(currentStack) !== meta.stackSha256) {
    return `the synthesized stack changed since the plan of ${meta.createdAt} (code or config/ differ from what was planned)`;
  }
  const now = await stateVersion(workdir, env);
  const shown = (state: StateVersion | null) => (state ? `serial ${state.serial} (lineage ${state.lineage})` : "no state");
  if (now?.serial !== meta.state?.serial || now?.lineage !== meta.state?.lineage) {
    return `the state changed since the plan of ${meta.createdAt}: it was ${shown(meta.state)}, it is ${shown(now)} (someone applied in between)`;
  }
  return undefined;
}

/** `terraform apply tfplan`: exactly the saved plan. A used plan is removed (Terraform would call it stale). */
export async function applySavedPlan(workdir: string, env: NodeJS.ProcessEnv, show = false): Promise<Outcome> {
  const result = await runTerraform(["apply", "-input=false", ...(show ? [] : ["-no-color"]), PLAN_FILE], workdir, env, show);
  if (result.code !== 0) return { code: TERRAFORM_FAILED, message: `terraform apply failed${result.output ? `:\n${result.output}` : ""}` };
  for (const file of [PLAN_FILE, META_FILE]) fs.rmSync(path.join(workdir, file), { force: true });
  return { code: 0, message: `applied ${path.join(workdir, PLAN_FILE)}${result.output ? `\n${result.output}` : ""}` };
}
