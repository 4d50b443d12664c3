import { Testing } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { parseConfig } from "../../lib/config/load";
import { stateBackendConfig } from "../../lib/config/state-backend";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { lockTableInUse, loadConfig } from "../../stacks/app";
import { ConfigChanges, configCopy, FILLED_IN } from "../support/config-dir";
import { expectPinnedAddresses, resource, synthesize } from "../support/synth";

function stack(input: Record<string, unknown> = {}, lockTable?: string) {
  const config = parseConfig(
    "state-backend.json",
    { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", allowedAccountIds: ["210987654321"], ...input },
    stateBackendConfig,
  );
  return new StateBackendStack(Testing.app(), "state-backend", { config, ...(lockTable ? { lockTable } : {}) });
}
const build = (input: Record<string, unknown> = {}, lockTable?: string) => synthesize(stack(input, lockTable));
const KEY_ARN = "arn:aws:kms:us-east-1:402938475610:key/dabe1478-fe48-47ca-b6f8-ca044b643a82";

describe("state-backend stack", () => {
  test("GIVEN the state-backend stack before the bootstrap THEN it keeps its own state locally (it creates the remote backend) and outputs what system stacks need", () => {
    const json = build();
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.state-backend.tfstate" } });
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["lock_table", "state_bucket", "state_kms_key_arn"]);
  });

  test("GIVEN the state-backend stack THEN bucket and lock table come from config and both survive terraform destroy", () => {
    const json = build({ noncurrentVersionRetentionDays: 30 });
    expect(resource(json, "aws_s3_bucket.state_bucket")).toMatchObject({ bucket: "org-tf-state", lifecycle: { prevent_destroy: true } });
    expect(resource(json, "aws_dynamodb_table.state_lock-table")).toMatchObject({
      name: "org-tf-locks",
      lifecycle: { prevent_destroy: true },
    });
    const [rule] = resource(json, "aws_s3_bucket_lifecycle_configuration.state_bucket_lifecycle").rule as Record<string, unknown>[];
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test("GIVEN cdktf's matchers THEN the lock table is keyed on LockID with point-in-time recovery", () => {
    const text = JSON.stringify(build());
    expect(text).toHaveResourceWithProperties(DynamodbTable, {
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
    });
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("GIVEN ownState bucket (after npm run bootstrap) THEN its own state is in its bucket under its own key, encrypted with the state key and locked like every stack", () => {
    expect(build({ ownState: "bucket", kmsKeyId: KEY_ARN, useLockfile: true }).terraform?.backend).toEqual({
      s3: {
        bucket: "org-tf-state",
        key: "state-backend/shared/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        dynamodb_table: "org-tf-locks",
        kms_key_id: KEY_ARN,
        use_lockfile: true,
      },
    });
  });

  test("GIVEN no config names a lock table any more THEN the stack forgets the table (a removed block, destroy = false) instead of destroying it", () => {
    const json = build({ dynamodbTable: undefined, useLockfile: true });
    expect(json.resource?.aws_dynamodb_table).toBeUndefined();
    expect(json.removed).toEqual([{ from: "aws_dynamodb_table.state_lock-table", lifecycle: { destroy: false } }]);
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["state_bucket", "state_kms_key_arn"]);
    // The address it forgets is the one the table had.
    expect(Object.keys(build().resource?.aws_dynamodb_table ?? {})).toEqual(["state_lock-table"]);
  });

  test("GIVEN a system stack still locking with the table THEN the state-backend stack keeps it, even when state-backend.json no longer names it", () => {
    const config = loadConfig(
      configCopy(FILLED_IN, {
        "state-backend.json": (file) => Object.assign(file, { dynamodbTable: undefined, useLockfile: true }),
        "coherent-dev.json": (file) => Object.assign(file, { stateBackend: { dynamodbTable: "platforms-terraform-locks" } }),
      }),
    );
    expect(lockTableInUse(config)).toBe("platforms-terraform-locks");
    const json = build({ dynamodbTable: undefined, useLockfile: true }, lockTableInUse(config));
    expect(resource(json, "aws_dynamodb_table.state_lock-table")).toMatchObject({ name: "platforms-terraform-locks" });
    expect(json.removed).toBeUndefined();
    expect(
      lockTableInUse(
        loadConfig(
          configCopy(FILLED_IN, { "state-backend.json": (file) => Object.assign(file, { dynamodbTable: undefined, useLockfile: true }) }),
        ),
      ),
    ).toBeUndefined();
  });

  const noTable = (file: Record<string, unknown>) => Object.assign(file, { dynamodbTable: undefined, useLockfile: false });
  test.each<[string, ConfigChanges, string]>([
    [
      "state-backend.json",
      { "state-backend.json": noTable },
      "config/state-backend.json: useLockfile = false: with no dynamodbTable, the state backend would have no lock: set useLockfile: true",
    ],
    [
      "a system stack's own backend",
      {
        "state-backend.json": (file) => Object.assign(file, { dynamodbTable: undefined, useLockfile: true }),
        "coherent-dev.json": (file) => Object.assign(file, { stateBackend: { bucket: "legacy-state", useLockfile: false } }),
      },
      "config/coherent-dev.json: stateBackend.useLockfile = false: with no dynamodbTable, the stack's backend (with config/state-backend.json's defaults) would have no lock",
    ],
  ])("GIVEN %s without a lock table or the lock file THEN config is refused: a backend needs a lock", (_case, changes, message) => {
    expect(() => loadConfig(configCopy(FILLED_IN, changes))).toThrow(message);
  });

  test("GIVEN useLockfile in state-backend.json THEN every system stack that does not say otherwise inherits it", () => {
    const config = loadConfig(configCopy(FILLED_IN, { "state-backend.json": (file) => Object.assign(file, { useLockfile: true }) }));
    expect(config.environments.coherent.map((env) => env.config.stateBackend.useLockfile)).toEqual([true, true]);
  });

  test("GIVEN the state-backend stack THEN its terraform addresses are pinned", () => {
    expectPinnedAddresses(build(), "state-backend");
  });
});
