/**
 * `npm run bootstrap`: creates the state backend (the `state-backend` stack: bucket, KMS key, lock table)
 * with local state, then moves that stack's own state into its bucket under `state-backend/shared/terraform.tfstate`
 * (`terraform init -migrate-state`), writes `ownState: "bucket"` and the state key's ARN (`kmsKeyId`) into
 * config/state-backend.json, and deletes the local state file. Safe to run again: once moved, it only plans
 * and reports. Steps and recovery: tools/state/bootstrap.ts, docs/operations.md ("Bootstrap").
 *
 * Exit 0: bootstrapped (or already); 1: terraform failed; 2: refused (the plan guard, or the bucket already
 * holds another state); 3: cannot run here (placeholders in config/state-backend.json, no terraform, no
 * provider, no AWS credentials).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { STATE_BACKEND_FILE, STATE_BACKEND_STACK } from "../lib/config";
import { CONFIG_DIR, loadConfig } from "../stacks/app";
import { runWithSynthesisErrorsAsync } from "../tools/docs/app-stacks";
import { AcknowledgementsError, isoDay, readAcknowledgements } from "../tools/plans/acknowledgements";
import { CANNOT_RUN_HERE } from "../tools/plans/terraform-cli";
import {
  ACKNOWLEDGEMENTS_PATH,
  OUTDIR,
  PLANS_DIR,
  readyForTerraform,
  synthesizeToDisk,
  synthesizedStackDir,
} from "../tools/plans/workspace";
import { bootstrap, OwnState, writeStateBackendConfig } from "../tools/state/bootstrap";

async function main(): Promise<number> {
  const config = loadConfig();
  if (!readyForTerraform(config, [STATE_BACKEND_STACK], "bootstrap")) return CANNOT_RUN_HERE;
  const today = isoDay(new Date());
  let acknowledgements;
  try {
    acknowledgements = readAcknowledgements(ACKNOWLEDGEMENTS_PATH, today);
  } catch (error) {
    if (!(error instanceof AcknowledgementsError)) throw error;
    console.error(error.message);
    return 2;
  }
  // The local variant goes where `npm run synth` puts it, so its relative state path names the project root.
  const bucketOutdir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
  const synthesize = (ownState: OwnState, kmsKeyId?: string) => {
    const outdir = ownState === "local" ? OUTDIR : bucketOutdir;
    synthesizeToDisk({ ...config, stateBackend: { ...config.stateBackend, ownState, kmsKeyId } }, outdir);
    return synthesizedStackDir(STATE_BACKEND_STACK, outdir);
  };
  try {
    const result = await bootstrap({
      synthesize,
      config: config.stateBackend,
      writeConfig: (kmsKeyId) => writeStateBackendConfig(path.join(CONFIG_DIR, STATE_BACKEND_FILE), kmsKeyId),
      workdir: path.join(PLANS_DIR, STATE_BACKEND_STACK),
      env: process.env,
      acknowledgements,
      today,
      log: (line) => console.log(line),
      show: true,
    });
    (result.code === 0 ? console.log : console.error)(`bootstrap: ${result.message}`);
    return result.code;
  } finally {
    fs.rmSync(bucketOutdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runWithSynthesisErrorsAsync(main).then((code) => (process.exitCode = code));
}
