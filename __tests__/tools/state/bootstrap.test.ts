import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { parseConfig } from "../../../lib/config/load";
import { stateBackendConfig } from "../../../lib/config/state-backend";
import { StateBackendStack } from "../../../stacks/state-backend-stack";
import { Acknowledgement } from "../../../tools/plans/acknowledgements";
import { bootstrap, BootstrapOptions, OwnState, writeStateBackendConfig } from "../../../tools/state/bootstrap";
import { STATE_KEY_ARN } from "../../support/config-dir";
import { TERRAFORM_DATA_CONFIG } from "../../support/plan-json";
import { describeWithTerraformBinary } from "../../support/terraform";
import {
  EMULATOR_ENV,
  emulatorBackendConfig,
  StateBackendEmulators,
  startStateBackendEmulators,
} from "../../support/state-backend-emulators";
import { synthesize as synthesizeStack } from "../../support/synth";

// `npm run bootstrap` against local S3 and DynamoDB: the state-backend stack's real backend blocks (local, then
// its own bucket), with terraform_data standing in for the AWS resources no emulator here can create.

const BUCKET = "acme-platforms-terraform-state";
const TABLE = "platforms-terraform-locks";
const KEY = "state-backend/shared/terraform.tfstate";

describeWithTerraformBinary("npm run bootstrap against local S3 and DynamoDB", () => {
  let emulators: StateBackendEmulators;
  let scratch: string;
  let configFile: string;
  let env: NodeJS.ProcessEnv;
  const localState = () => path.join(scratch, "terraform.state-backend.tfstate");
  const readConfig = () => JSON.parse(fs.readFileSync(configFile, "utf8")) as { ownState?: OwnState; kmsKeyId?: string };
  const storedState = async () => {
    const body = await emulators.getObject(BUCKET, KEY);
    return body === undefined
      ? undefined
      : (JSON.parse(body) as { serial: number; lineage: string; outputs: Record<string, { value: unknown }> });
  };

  /** The state-backend stack's synthesized backend for `ownState`, around terraform_data stand-ins and its key output. */
  function synthesize(ownState: OwnState, kmsKeyId?: string): string {
    const config = parseConfig(
      "state-backend.json",
      { bucket: BUCKET, dynamodbTable: TABLE, ownState, kmsKeyId, allowedAccountIds: ["210987654321"] },
      stateBackendConfig,
    );
    const { backend } = synthesizeStack(new StateBackendStack(Testing.app(), "state-backend", { config })).terraform!;
    const stand_ins = JSON.parse(fs.readFileSync(TERRAFORM_DATA_CONFIG, "utf8")) as Record<string, unknown>;
    const dir = path.join(scratch, ownState === "local" ? "cdktf.out" : "bucket", "stacks", "state-backend");
    fs.mkdirSync(dir, { recursive: true });
    const json = { terraform: { backend }, ...stand_ins, output: { state_kms_key_arn: { value: STATE_KEY_ARN } } };
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    return dir;
  }

  const run = (overrides: Partial<BootstrapOptions> = {}) =>
    bootstrap({
      synthesize,
      config: { ownState: readConfig().ownState ?? "local", kmsKeyId: readConfig().kmsKeyId },
      writeConfig: (kmsKeyId) => writeStateBackendConfig(configFile, kmsKeyId),
      workdir: path.join(scratch, "plans", "state-backend"),
      env,
      s3InitArgs: [`-backend-config=${emulatorBackendConfig(emulators, scratch)}`],
      acknowledgements: [],
      today: "2026-12-07",
      log: () => undefined,
      ...overrides,
    });

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
    emulators = await startStateBackendEmulators(BUCKET);
    // What the first apply creates in AWS; here the emulators hold them from the start.
    await emulators.dynamodb("CreateTable", {
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    configFile = path.join(scratch, "state-backend.json");
    fs.writeFileSync(configFile, `${JSON.stringify({ bucket: BUCKET, dynamodbTable: TABLE }, null, 2)}\n`);
    const cliConfig = path.join(scratch, "empty.tfrc");
    fs.writeFileSync(cliConfig, "");
    env = { ...process.env, ...EMULATOR_ENV, TF_CLI_CONFIG_FILE: cliConfig };
  });

  afterAll(async () => {
    await emulators?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("GIVEN a fresh account WHEN bootstrap runs THEN it applies, moves its own state under its key in the bucket, writes ownState and kmsKeyId, and leaves no local state file", async () => {
    const unused: Acknowledgement = {
      stack: "state-backend",
      address: "terraform_data.gone",
      action: "delete",
      reason: "an entry whose change was applied long ago",
      who: "dana@ops",
      expires: "2026-12-20",
    };
    const log: string[] = [];
    const result = await run({ acknowledgements: [unused], log: (line) => log.push(line) });
    expect(result).toEqual({ code: 0, message: expect.stringContaining(`moved the state into s3://${BUCKET}/${KEY}`) });
    expect(fs.existsSync(localState())).toBe(false);
    expect(fs.existsSync(`${localState()}.backup`)).toBe(false);
    expect(await storedState()).toMatchObject({ serial: expect.any(Number), outputs: { state_kms_key_arn: { value: STATE_KEY_ARN } } });
    expect(readConfig()).toEqual({ bucket: BUCKET, dynamodbTable: TABLE, ownState: "bucket", kmsKeyId: STATE_KEY_ARN });
    // The plan guard's warnings, as npm run plan and apply print them.
    expect(log).toContain(
      "warning: plans/acknowledged.json: the acknowledgement of delete state-backend terraform_data.gone matches no change in this plan; remove it once its change is applied",
    );
  }, 120_000);

  test("GIVEN a bootstrapped backend WHEN bootstrap runs again THEN it changes nothing: same state object, same config, no local file", async () => {
    const before = { state: await emulators.getObject(BUCKET, KEY), config: fs.readFileSync(configFile, "utf8") };
    emulators.s3Requests.length = 0;
    expect(await run()).toEqual({
      code: 0,
      message: `already bootstrapped: state in s3://${BUCKET}/${KEY}, no local state file; nothing to change`,
    });
    expect(await emulators.getObject(BUCKET, KEY)).toBe(before.state);
    expect(fs.readFileSync(configFile, "utf8")).toBe(before.config);
    expect(emulators.s3Requests.filter((request) => request === `PUT /${BUCKET}/${KEY}`)).toEqual([]);
    expect(fs.existsSync(localState())).toBe(false);
  }, 120_000);

  test("GIVEN a run that stopped after the move but before deleting the local file THEN the next run only deletes it", async () => {
    const stored = (await emulators.getObject(BUCKET, KEY))!;
    fs.writeFileSync(localState(), stored);
    expect(await run()).toEqual({
      code: 0,
      message: expect.stringMatching(new RegExp(`^state already in s3://${BUCKET}/${KEY} .*removed ${localState()}`)),
    });
    expect(await emulators.getObject(BUCKET, KEY)).toBe(stored);
    expect(fs.existsSync(localState())).toBe(false);
  }, 120_000);

  test("GIVEN a local state that differs from the bucket's THEN nothing is overwritten and the local file is kept", async () => {
    const stored = (await emulators.getObject(BUCKET, KEY))!;
    const state = JSON.parse(stored) as { resources: unknown[] };
    const other = { ...state, lineage: "00000000-1111-2222-3333-444444444444", serial: 99, resources: state.resources.slice(1) };
    fs.writeFileSync(localState(), JSON.stringify(other));
    expect(await run()).toEqual({
      code: 2,
      message: expect.stringMatching(
        /already holds another state \(serial \d+, lineage [0-9a-f-]+\) than the local file \(serial 99, lineage 00000000-/,
      ),
    });
    expect(await emulators.getObject(BUCKET, KEY)).toBe(stored);
    expect(fs.existsSync(localState())).toBe(true);
  }, 120_000);
});

describe("npm run bootstrap before terraform runs", () => {
  test("GIVEN a local synthesis without a local backend THEN bootstrap stops saying so, without running terraform or crashing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-no-local-"));
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: { bucket: BUCKET, key: KEY } } } }));
    const result = await bootstrap({
      synthesize: () => dir,
      config: { ownState: "local" },
      writeConfig: () => {
        throw new Error("no config is written");
      },
      workdir: path.join(dir, "plans", "state-backend"),
      env: { ...process.env, PATH: dir },
      acknowledgements: [],
      today: "2026-12-07",
      log: () => undefined,
    });
    expect(result).toEqual({ code: 1, message: expect.stringContaining("has no local backend") });
    expect(fs.existsSync(path.join(dir, "plans"))).toBe(false);
  });
});
