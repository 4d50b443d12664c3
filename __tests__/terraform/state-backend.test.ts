import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";
import { Testing } from "cdktf";
import { buildApp, loadConfig } from "../../stacks/app";
import { PlatformStack } from "../../lib/platform-stack";
import { CoherentStack } from "../../stacks/coherent-stack";
import { CommandResult, terraform, writeScratchCopy } from "../../tools/terraform/harness";
import { SCRATCH_ROOT, Toolchain } from "../../tools/terraform/toolchain";
import { resource, synthesize } from "../support/synth";
import { EMULATOR_ENV, emulatorBackendConfig, StateBackendEmulators, startStateBackendEmulators } from "../support/state-backend-emulators";
import { describeWithTerraform, terraformHere } from "../support/terraform";

// The remote backend for real: `terraform init` and `terraform state push` against local S3 (s3rver) and
// DynamoDB (dynalite), with each stack's synthesized backend block untouched except for the endpoints.
const config = loadConfig();
const app = buildApp(Testing.app(), config);
const stacks = app.node.children.filter((child): child is PlatformStack => child instanceof PlatformStack);
const systemStacks = stacks.filter((stack) => stack.node.id !== "state-backend");

// The bucket and table exactly as the state-backend stack creates them.
const stateBackendJson = synthesize(stacks.find((stack) => stack.node.id === "state-backend")!);
const stateBucket = resource(stateBackendJson, "aws_s3_bucket.state_bucket").bucket as string;
const lockTable = resource(stateBackendJson, "aws_dynamodb_table.state_lock-table") as { name: string; hash_key: string };

/**
 * coherent-dev during the move off DynamoDB locking: `both` locks (step 1, `useLockfile: true` beside the
 * table), then the lock file `alone` (step 2, no table). Same state key throughout.
 */
function lockfileStack(locks: "both" | "alone" = "both"): PlatformStack {
  const env = config.environments.coherent.find((candidate) => candidate.environment === "dev")!;
  const stateBackend = {
    ...env.config.stateBackend,
    useLockfile: true,
    dynamodbTable: locks === "both" ? env.config.stateBackend.dynamodbTable : undefined,
  };
  return new CoherentStack(Testing.app(), "coherent-dev", { environment: "dev", config: { ...env.config, stateBackend } });
}

const expectedKey = (stack: PlatformStack) => `${stack.system}/${stack.environment}/terraform.tfstate`;

describeWithTerraform("the S3 + DynamoDB state backend, against local S3 and DynamoDB", () => {
  const toolchain = terraformHere().toolchain as Toolchain;
  let emulators: StateBackendEmulators;
  let scratch: string;
  const workdirs = new Map<string, string>();
  const serials = new Map<string, number>();
  const lineage = randomUUID();

  const env = () => ({ ...toolchain.env, ...EMULATOR_ENV });

  /** `terraform init` in a scratch copy of the stack, overriding only where S3 and DynamoDB answer. */
  async function init(id: string, stack: PlatformStack): Promise<CommandResult> {
    const dir = path.join(scratch, id);
    writeScratchCopy(toolchain, synthesize(stack), dir);
    const overrides = emulatorBackendConfig(emulators, dir);
    workdirs.set(id, dir);
    return terraform(["init", "-input=false", "-no-color", `-backend-config=${overrides}`], dir, env());
  }

  /** Pushes a new serial of an empty state, as any writer would. */
  function pushState(id: string, key: string, extraArgs: string[] = []): Promise<CommandResult> {
    const serial = (serials.get(key) ?? 0) + 1;
    serials.set(key, serial);
    const dir = workdirs.get(id)!;
    const file = path.join(dir, `state-${serial}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 4, terraform_version: toolchain.terraformVersion, serial, lineage, outputs: {}, resources: [] }),
    );
    return terraform(["state", "push", "-no-color", ...extraArgs, file], dir, env());
  }

  /** The state object at `key`, as stored (Terraform may count the serial up when it writes). */
  const storedState = async (key: string) => {
    const body = await emulators.getObject(stateBucket, key);
    return body === undefined ? undefined : (JSON.parse(body) as { version: number; serial: number; lineage: string });
  };

  const holdDynamoDbLock = (key: string) =>
    emulators.dynamodb("PutItem", {
      TableName: lockTable.name,
      Item: {
        [lockTable.hash_key]: { S: `${stateBucket}/${key}` },
        Info: {
          S: JSON.stringify({
            ID: randomUUID(),
            Operation: "OperationTypeApply",
            Who: "another-operator@elsewhere",
            Path: `${stateBucket}/${key}`,
          }),
        },
      },
    });
  const releaseDynamoDbLock = (key: string) =>
    emulators.dynamodb("DeleteItem", { TableName: lockTable.name, Key: { [lockTable.hash_key]: { S: `${stateBucket}/${key}` } } });
  /** Another writer's `<key>.tflock`, as Terraform writes it. */
  const holdLockFile = (key: string) =>
    emulators.putObject(
      stateBucket,
      `${key}.tflock`,
      JSON.stringify({
        ID: randomUUID(),
        Operation: "OperationTypeApply",
        Who: "another-operator@elsewhere",
        Path: `${stateBucket}/${key}`,
      }),
    );
  const releaseLockFile = (key: string) => emulators.deleteObject(stateBucket, `${key}.tflock`);

  /** While another writer holds a lock, a push from working directory `id` is refused and the state is untouched. */
  async function expectRefused(
    id: string,
    key: string,
    hold: (key: string) => Promise<unknown>,
    release: (key: string) => Promise<unknown>,
  ) {
    const before = await emulators.getObject(stateBucket, key);
    await hold(key);
    try {
      const push = await pushState(id, key);
      expect(push.ok).toBe(false);
      expect(push.output).toContain("Error acquiring the state lock");
      expect(push.output).toContain("another-operator@elsewhere");
      expect(await emulators.getObject(stateBucket, key)).toBe(before);
    } finally {
      await release(key);
    }
  }

  beforeAll(async () => {
    fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
    scratch = fs.mkdtempSync(path.join(SCRATCH_ROOT, "backend-"));
    emulators = await startStateBackendEmulators(stateBucket);
    await emulators.dynamodb("CreateTable", {
      TableName: lockTable.name,
      AttributeDefinitions: [{ AttributeName: lockTable.hash_key, AttributeType: "S" }],
      KeySchema: [{ AttributeName: lockTable.hash_key, KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    const inits = await Promise.all([
      ...systemStacks.map((stack) => init(stack.node.id, stack)),
      init("lockfile", lockfileStack("both")),
      init("lockfile-alone", lockfileStack("alone")),
    ]);
    const failed = inits.filter((result) => !result.ok);
    if (failed.length > 0) throw new Error(`terraform init failed:\n${failed.map((result) => result.output).join("\n")}`);
  }, 300_000);

  afterAll(async () => {
    await emulators?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("GIVEN the lock table THEN it is the one every system stack's backend names", () => {
    for (const stack of systemStacks) {
      const backend = synthesize(stack).terraform?.backend?.s3 as { bucket: string; dynamodb_table: string };
      expect({ stack: stack.node.id, bucket: backend.bucket, table: backend.dynamodb_table }).toEqual({
        stack: stack.node.id,
        bucket: stateBucket,
        table: lockTable.name,
      });
    }
  });

  test.each(systemStacks.map((stack) => [stack.node.id, stack] as const))(
    "GIVEN %s WHEN state is pushed through the synthesized backend THEN it lands at <system>/<environment>/terraform.tfstate",
    async (id, stack) => {
      const key = expectedKey(stack);
      emulators.s3Requests.length = 0;
      const push = await pushState(id, key);
      expect(push.output).not.toMatch(/Error/);
      expect(push.ok).toBe(true);
      expect(emulators.s3Requests).toContain(`PUT /${stateBucket}/${key}`);
      expect(await storedState(key)).toMatchObject({ version: 4, serial: expect.any(Number), lineage: expect.any(String) });
    },
    120_000,
  );

  describe("DynamoDB locking (coherent-prod)", () => {
    const stack = systemStacks.find((candidate) => candidate.node.id === "coherent-prod")!;
    const key = expectedKey(stack);

    test("GIVEN a lock held by another writer WHEN a second writer runs THEN it is refused and the state is unchanged", async () => {
      await pushState(stack.node.id, key);
      await expectRefused(stack.node.id, key, holdDynamoDbLock, releaseDynamoDbLock);
    }, 120_000);

    test("GIVEN -lock-timeout WHEN the lock is held THEN it waits and writes once the lock is released", async () => {
      const before = (await storedState(key))!.serial;
      await holdDynamoDbLock(key);
      const started = Date.now();
      const push = pushState(stack.node.id, key, ["-lock-timeout=60s"]);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await releaseDynamoDbLock(key);
      const result = await push;
      expect(result.output).not.toMatch(/Error/);
      expect(result.ok).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
      expect((await storedState(key))!.serial).toBeGreaterThan(before);
    }, 120_000);
  });

  describe("Terraform's native S3 lock file (useLockfile: true)", () => {
    const key = "coherent/dev/terraform.tfstate";

    test("GIVEN the synthesized backend block THEN it asks for the lock file", () => {
      expect(synthesize(lockfileStack()).terraform?.backend?.s3).toMatchObject({ use_lockfile: true, key });
    });

    test("GIVEN a writer THEN it creates <key>.tflock next to the state and removes it when done", async () => {
      emulators.s3Requests.length = 0;
      const push = await pushState("lockfile", key);
      expect(push.ok).toBe(true);
      expect(emulators.s3Requests).toEqual(
        expect.arrayContaining([`PUT /${stateBucket}/${key}.tflock`, `DELETE /${stateBucket}/${key}.tflock`]),
      );
      expect(await emulators.getObject(stateBucket, `${key}.tflock`)).toBeUndefined();
    }, 120_000);

    test("GIVEN a lock file held by another writer WHEN a second writer runs THEN it is refused and the state is unchanged", async () => {
      await expectRefused("lockfile", key, holdLockFile, releaseLockFile);
    }, 120_000);
  });

  describe("moving off DynamoDB locking (docs/operations.md): both locks, then the lock file alone", () => {
    const key = "coherent/dev/terraform.tfstate";

    test("GIVEN both locks WHEN another writer holds only the DynamoDB lock THEN the second writer is refused", async () => {
      await expectRefused("lockfile", key, holdDynamoDbLock, releaseDynamoDbLock);
    }, 120_000);

    test("GIVEN the lock file alone THEN the backend names no table, a held lock file refuses a second writer, and a DynamoDB lock no longer does (why every writer must hold both first)", async () => {
      expect(synthesize(lockfileStack("alone")).terraform?.backend?.s3).toEqual(
        expect.not.objectContaining({ dynamodb_table: expect.anything() }),
      );
      await expectRefused("lockfile-alone", key, holdLockFile, releaseLockFile);
      await holdDynamoDbLock(key);
      try {
        const ignored = await pushState("lockfile-alone", key);
        expect(ignored.output).not.toMatch(/Error/);
        expect(ignored.ok).toBe(true);
      } finally {
        await releaseDynamoDbLock(key);
      }
    }, 120_000);
  });

  describe("the state key in the backend block (kms_key_id)", () => {
    // What terraform init accepts, before any request: Terraform's own validation of the S3 backend settings.
    test.each([
      ["a key ARN as KMS issues it (UUID v4)", "arn:aws:kms:us-east-1:402938475610:key/dabe1478-fe48-47ca-b6f8-ca044b643a82", "accepts it"],
      ["AWS's documentation example key ARN", "arn:aws:kms:us-east-1:402938475610:key/1234abcd-12ab-34cd-56ef-1234567890ab", "refuses it"],
      ["an alias ARN", "arn:aws:kms:us-east-1:402938475610:alias/platforms-terraform-state", "accepts it"],
      ["an alias name", "alias/platforms-terraform-state", "accepts it"],
      ["a bare key id", "dabe1478-fe48-47ca-b6f8-ca044b643a82", "accepts it"],
    ])(
      "GIVEN %s (%s) THEN terraform init %s",
      async (_case, kmsKeyId, verdict) => {
        const accepted = verdict === "accepts it";
        const dir = path.join(scratch, `kms-${randomUUID()}`);
        fs.mkdirSync(dir);
        const backend = {
          bucket: stateBucket,
          key: "kms-check/terraform.tfstate",
          region: "us-east-1",
          encrypt: true,
          use_lockfile: true,
          kms_key_id: kmsKeyId,
        };
        fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { backend: { s3: backend } } }));
        const result = await terraform(
          ["init", "-input=false", "-no-color", `-backend-config=${emulatorBackendConfig(emulators, dir)}`],
          dir,
          env(),
        );
        expect({ accepted: result.ok, invalid: /Invalid KMS Key/.test(result.output) }).toEqual({ accepted, invalid: !accepted });
      },
      60_000,
    );
  });
});
