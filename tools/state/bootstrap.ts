/**
 * `npm run bootstrap`: the state backend, and then the bootstrap stack's own state moved into it, so that no
 * state file is left on one laptop (hashicorp/terraform#18597). Each step looks at what exists, so running it
 * again, or after a failure half-way, is safe:
 *
 * 1. While config says the stack's state is local (`ownState: "local"`): plan with the local backend, run
 *    the plan guard, and apply that saved plan when it changes anything.
 * 2. Read the `state_kms_key_arn` output from the local state: every backend encrypts state objects with that
 *    key from now on.
 * 3. Switch the working directory to the S3 backend the stack synthesizes with `ownState: "bucket"` (key
 *    `state-backend/shared/terraform.tfstate`, the state key, the lock settings) and look at what is there:
 *    nothing -> `terraform init -migrate-state -force-copy` copies the local state in; the same resources and
 *    outputs -> already moved; anything else -> stop, nothing is overwritten. (Terraform 1.11 gives the
 *    migrated state a new lineage, so the content is what is compared.)
 * 4. Write `ownState: "bucket"` and `kmsKeyId` into config/state-backend.json (commit it), then delete the
 *    local state file and its backup.
 * Once moved, a run plans against the bucket and reports changes for `npm run plan`/`apply` to review; it
 * never applies them itself.
 */
import * as fs from "fs";
import { backendBlock } from "../../lib/terraform-json";
import { Acknowledgement } from "../plans/acknowledgements";
import { guardPlans } from "../plans/guard";
import { PlanJson } from "../plans/plan-json";
import { PlanReview } from "../plans/review";
import {
  applySavedPlan,
  init,
  localBackendArgs,
  localStatePath,
  Outcome,
  prepare,
  pullState,
  readStackJson,
  REFUSED,
  savePlan,
  State,
  TERRAFORM_FAILED,
} from "../plans/saved-plan";
import { runTerraform } from "../plans/terraform-cli";

export const STATE_KEY_OUTPUT = "state_kms_key_arn";

export type OwnState = "local" | "bucket";

export interface BootstrapOptions {
  /** Synthesizes the state-backend stack with its own state `ownState` (and backend key `kmsKeyId`); returns its folder. */
  readonly synthesize: (ownState: OwnState, kmsKeyId?: string) => string;
  /** What config/state-backend.json says now. */
  readonly config: { readonly ownState: OwnState; readonly kmsKeyId?: string };
  /** Writes `ownState: "bucket"` and `kmsKeyId` into config/state-backend.json. */
  readonly writeConfig: (kmsKeyId: string) => void;
  /** plans/state-backend: where terraform runs. */
  readonly workdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Extra `terraform init` arguments for the S3 backend (tests: the emulators' endpoints). */
  readonly s3InitArgs?: readonly string[];
  readonly acknowledgements: readonly Acknowledgement[];
  readonly today: string;
  readonly log: (line: string) => void;
  /** Stream terraform's plan and apply output. @default false */
  readonly show?: boolean;
}

/** Sets `ownState: "bucket"` and `kmsKeyId` in config/state-backend.json, keeping the rest as written. */
export function writeStateBackendConfig(file: string, kmsKeyId: string): void {
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  fs.writeFileSync(file, `${JSON.stringify({ ...config, ownState: "bucket", kmsKeyId }, null, 2)}\n`);
}

const readState = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as State;

/** Whether two states record the same resources and outputs. */
const sameContent = (a: State, b: State) =>
  JSON.stringify([a.resources ?? [], a.outputs ?? {}]) === JSON.stringify([b.resources ?? [], b.outputs ?? {}]);

export async function bootstrap(options: BootstrapOptions): Promise<Outcome> {
  const local = options.synthesize("local");
  const localStateFile = localStatePath(local);
  if (localStateFile === undefined) {
    return {
      code: TERRAFORM_FAILED,
      message: `${local}: the state-backend stack synthesized with ownState "local" has no local backend; nothing was run`,
    };
  }

  // 1. The backend itself, with local state; never once config says the state is in the bucket (a local file
  // left then is only compared and removed: applying with it could recreate what already exists).
  if (options.config.ownState === "local") {
    const applied = await applyLocally(options, local);
    if (applied.code !== 0) return applied;
  }
  if (!fs.existsSync(localStateFile)) return alreadyMoved(options);

  // 2. The state key, from the local state's outputs.
  const localState = readState(localStateFile);
  const kmsKeyId = (localState.outputs?.[STATE_KEY_OUTPUT] as { value?: unknown } | undefined)?.value;
  if (typeof kmsKeyId !== "string") return { code: TERRAFORM_FAILED, message: `${localStateFile} has no ${STATE_KEY_OUTPUT} output` };

  // 3. What the bucket holds under the stack's own key, then the move.
  const moved = await moveIntoBucket(options, local, kmsKeyId, localState);
  if (moved.code !== 0) return moved;

  // 4. Config, then no local file left.
  options.writeConfig(kmsKeyId);
  for (const file of [localStateFile, `${localStateFile}.backup`]) fs.rmSync(file, { force: true });
  return {
    code: 0,
    message: `${moved.message}; removed ${localStateFile}. Commit config/state-backend.json (ownState "bucket", kmsKeyId).`,
  };
}

/** Plan with the local backend, the plan guard, and the saved plan applied when it changes anything. */
async function applyLocally(options: BootstrapOptions, local: string): Promise<Outcome> {
  const planned = await savePlan({
    stack: "state-backend",
    synthesizedDir: local,
    workdir: options.workdir,
    env: options.env,
    tier: "production",
    initArgs: ["-reconfigure"],
    show: options.show,
  });
  if (planned.code !== 0 || !planned.plan) return planned;
  const guard = guardStateBackend(options, planned.plan);
  const pending = pendingChanges(guard.reviews[0]);
  if (pending > 0) options.log(guard.report);
  for (const warning of guard.warnings) options.log(warning);
  if (pending === 0) return planned;
  if (guard.exitCode !== 0) return { code: REFUSED, message: "the plan guard refuses the state backend's plan; nothing was applied" };
  return applySavedPlan(options.workdir, options.env, options.show);
}

/** The plan guard (tools/plans/guard.ts) on the state-backend stack's plan. */
const guardStateBackend = (options: BootstrapOptions, plan: PlanJson) =>
  guardPlans([{ stack: "state-backend", plan }], options.acknowledgements, options.today);

const pendingChanges = (review: PlanReview) => review.counts.create + review.counts.update + review.counts.replace + review.counts.delete;

async function moveIntoBucket(options: BootstrapOptions, local: string, kmsKeyId: string, localState: State): Promise<Outcome> {
  const bucket = options.synthesize("bucket", kmsKeyId);
  const where = describeBackend(bucket);
  const s3Args = options.s3InitArgs ?? [];
  prepare(bucket, options.workdir);
  const looked = await init(options.workdir, options.env, ["-reconfigure", ...s3Args]);
  if (looked.code !== 0) return looked;
  const remote = await pullState(options.workdir, options.env);
  if (remote && !sameContent(remote, localState)) {
    return {
      code: REFUSED,
      message: `${where} already holds another state (serial ${remote.serial}, lineage ${remote.lineage}) than the local file (serial ${localState.serial}, lineage ${localState.lineage}); nothing was moved or overwritten: compare them (terraform state pull) and remove the wrong one by hand`,
    };
  }
  if (remote) return { code: 0, message: `state already in ${where} (serial ${remote.serial})` };

  // -migrate-state moves from the backend the folder was last initialized with: the local one.
  prepare(local, options.workdir);
  const back = await init(options.workdir, options.env, ["-reconfigure", ...localBackendArgs(local)]);
  if (back.code !== 0) return back;
  prepare(bucket, options.workdir);
  const migrated = await init(options.workdir, options.env, ["-migrate-state", "-force-copy", ...s3Args]);
  if (migrated.code !== 0) return migrated;
  const now = await pullState(options.workdir, options.env);
  if (!now || !sameContent(now, localState)) {
    return {
      code: TERRAFORM_FAILED,
      message: `terraform init -migrate-state finished, but ${where} does not hold the local state's resources; the local file is kept`,
    };
  }
  return { code: 0, message: `moved the state into ${where} (serial ${now.serial})` };
}

/** Second and later runs: plan against the bucket, apply nothing, and fill in kmsKeyId if it is missing. */
async function alreadyMoved(options: BootstrapOptions): Promise<Outcome> {
  const bucket = options.synthesize("bucket", options.config.kmsKeyId);
  const planned = await savePlan({
    stack: "state-backend",
    synthesizedDir: bucket,
    workdir: options.workdir,
    env: options.env,
    tier: "production",
    initArgs: options.s3InitArgs,
    show: options.show,
  });
  if (planned.code !== 0 || !planned.plan) return planned;
  if (options.config.kmsKeyId === undefined) {
    const kmsKeyId = await output(options.workdir, options.env, STATE_KEY_OUTPUT);
    if (kmsKeyId) options.writeConfig(kmsKeyId);
  }
  const pending = pendingChanges(guardStateBackend(options, planned.plan).reviews[0]);
  return {
    code: 0,
    message: `already bootstrapped: state in ${describeBackend(bucket)}, no local state file${
      pending
        ? `; the stack has changes: review and apply them with npm run plan -- state-backend, then npm run apply -- state-backend`
        : "; nothing to change"
    }`,
  };
}

/** A root output's value (`terraform output -json`). */
async function output(workdir: string, env: NodeJS.ProcessEnv, name: string): Promise<string | undefined> {
  const result = await runTerraform(["output", "-json"], workdir, env);
  if (result.code !== 0) return undefined;
  const outputs = JSON.parse(result.output) as Record<string, { value?: unknown }>;
  const value = outputs[name]?.value;
  return typeof value === "string" ? value : undefined;
}

function describeBackend(stackDir: string): string {
  const s3 = backendBlock(readStackJson(stackDir), "s3");
  return s3 ? `s3://${String(s3.bucket)}/${String(s3.key)}` : "the local backend";
}
