import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { GetBucketEncryptionCommand, HeadBucketCommand, NotFound, S3Client } from "@aws-sdk/client-s3";
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { AwsAccount } from "../../../tools/preflight/aws";
import { bootstrapOf, s3BackendOf, stateBackendChecks, stateBackendLiveChecks } from "../../../tools/preflight/state-backend";
import { cannot, fixtureStack, kmsEncryptionAnswer, lockTableAnswer, ok, resetBetweenTests, serviceError } from "../../support/preflight";

const STATE_KEY = "arn:aws:kms:us-east-1:210987654321:key/0b7c1f9e-5d1a-4c7e-9a51-6f2d8e3b4a10";
const backend = (extra: Record<string, unknown> = {}) => ({
  s3: {
    bucket: "acme-terraform-state",
    key: "coherent/prod/terraform.tfstate",
    region: "us-east-1",
    dynamodb_table: "acme-terraform-locks",
    encrypt: true,
    ...extra,
  },
});
const stack = (extra?: Record<string, unknown>) => fixtureStack("coherent-prod", { backend: backend(extra) });
const bootstrap = bootstrapOf(
  fixtureStack("state-backend", {
    resource: {
      aws_s3_bucket: { state_bucket: { bucket: "acme-terraform-state" } },
      aws_dynamodb_table: { "state_lock-table": { name: "acme-terraform-locks" } },
    },
  }),
);
const LOCK_TABLE = { status: "ACTIVE", hashKey: { name: "LockID", type: "S" } };
const byCheck = (rows: ReturnType<typeof stateBackendChecks>) => Object.fromEntries(rows.map((row) => [row.check, row]));

describe("the state backend, live", () => {
  test("GIVEN a synthesized S3 backend block THEN bucket, key, region, table, encrypt and kms_key_id are read from it", () => {
    expect(s3BackendOf(stack({ kms_key_id: STATE_KEY }))).toEqual({
      bucket: "acme-terraform-state",
      key: "coherent/prod/terraform.tfstate",
      region: "us-east-1",
      dynamodbTable: "acme-terraform-locks",
      encrypt: true,
      kmsKeyId: STATE_KEY,
    });
    expect(s3BackendOf(fixtureStack("state-backend", { backend: { local: { path: "terraform.state-backend.tfstate" } } }))).toBeUndefined();
  });

  test("GIVEN bucket, table and key all as the backend says THEN the three rows pass", () => {
    const rows = byCheck(
      stateBackendChecks(stack({ kms_key_id: STATE_KEY }), s3BackendOf(stack({ kms_key_id: STATE_KEY })), {
        bucket: ok({ state: "found", region: "us-east-1" }),
        table: ok(LOCK_TABLE),
        encryption: ok({ algorithm: "aws:kms", kmsKeyId: STATE_KEY }),
      }),
    );
    expect(Object.values(rows).map((row) => `${row.check} ${row.verdict}`)).toEqual([
      "state bucket pass",
      "lock table pass",
      "state encryption pass",
    ]);
  });

  test.each([
    ["missing, and the bootstrap stack creates it", "warn", ok({ state: "missing" as const }), bootstrap],
    ["missing, and nothing creates it", "fail", ok({ state: "missing" as const }), undefined],
    ["refusing these credentials (403)", "fail", ok({ state: "forbidden" as const }), bootstrap],
    ["in another Region than the backend says", "fail", ok({ state: "found" as const, region: "eu-west-1" }), bootstrap],
    ["not readable", "cannot run", cannot("HeadBucket in us-east-1 was throttled (SlowDown) after the SDK's retries"), bootstrap],
  ])("GIVEN a state bucket %s THEN the state bucket row is %s", (_case, verdict, bucket, boot) => {
    const rows = byCheck(stateBackendChecks(stack(), s3BackendOf(stack()), { bucket, table: ok(LOCK_TABLE) }, boot));
    expect(rows["state bucket"].verdict).toBe(verdict);
    if (verdict === "fail") expect(rows["state bucket"].fix).toBeDefined();
  });

  test.each([
    ["keyed on LockID (String)", "pass", ok(LOCK_TABLE), undefined],
    ["keyed on something else", "fail", ok({ status: "ACTIVE", hashKey: { name: "id", type: "S" } }), undefined],
    ["missing, created by the bootstrap stack", "warn", ok(undefined), bootstrap],
    ["missing", "fail", ok(undefined), undefined],
    ["not readable", "cannot run", cannot("DescribeTable in us-east-1 was denied: the credentials need dynamodb:DescribeTable"), undefined],
  ])("GIVEN a lock table %s THEN the lock table row is %s", (_case, verdict, table, boot) => {
    const rows = byCheck(
      stateBackendChecks(stack(), s3BackendOf(stack()), { bucket: ok({ state: "found", region: "us-east-1" }), table }, boot),
    );
    expect(rows["lock table"].verdict).toBe(verdict);
  });

  test("GIVEN a backend without kms_key_id THEN it warns that encrypt means SSE-S3 and names the bucket's own key as the fix", () => {
    const rows = byCheck(
      stateBackendChecks(stack(), s3BackendOf(stack()), {
        bucket: ok({ state: "found", region: "us-east-1" }),
        encryption: ok({ algorithm: "aws:kms", kmsKeyId: STATE_KEY }),
      }),
    );
    expect(rows["state encryption"]).toMatchObject({ verdict: "warn", fix: `set kmsKeyId in config/state-backend.json to ${STATE_KEY}` });
  });

  test("GIVEN the state-backend config outside config/ (PLATFORM_CONFIG_DIR) THEN every fix names that file", () => {
    const file = "forks/acme/state-backend.json";
    const elsewhere = bootstrapOf({ ...fixtureStack("state-backend"), file });
    expect(elsewhere).toMatchObject({ stack: "state-backend", file });
    const rows = (facts: Parameters<typeof stateBackendChecks>[2]) =>
      byCheck(stateBackendChecks(stack(), s3BackendOf(stack()), facts, elsewhere));
    const missing = rows({ bucket: ok({ state: "missing" }), table: ok(undefined) });
    expect(missing["state bucket"]).toMatchObject({ verdict: "fail", fix: expect.stringContaining(`(default: bucket in ${file})`) });
    expect(missing["lock table"]).toMatchObject({ verdict: "fail", fix: expect.stringContaining(`set dynamodbTable in ${file}`) });
    const found = rows({
      bucket: ok({ state: "found", region: "eu-west-1" }),
      table: ok({ status: "ACTIVE", hashKey: { name: "id", type: "S" } }),
      encryption: ok({ algorithm: "AES256" }),
    });
    expect(found["state bucket"].fix).toContain(`(${file}, or stateBackend.region in config/coherent-prod.json)`);
    expect(found["lock table"].fix).toContain(`point dynamodbTable in ${file} at`);
    expect(found["state encryption"].fix).toBe(`set kmsKeyId in ${file} to the state-backend stack's state_kms_key_arn output`);
  });

  test("GIVEN the state-backend stack applied to another account THEN a missing bucket or table is not expected from it", () => {
    const elsewhere = bootstrapOf(
      fixtureStack("state-backend", {
        resource: {
          aws_s3_bucket: { state_bucket: { bucket: "acme-terraform-state" } },
          aws_dynamodb_table: { "state_lock-table": { name: "acme-terraform-locks" } },
        },
      }),
      false,
    );
    expect(elsewhere).toEqual({ stack: "state-backend", file: "config/state-backend.json", buckets: [], tables: [] });
  });

  test("GIVEN a kms_key_id in another Region than the bucket THEN every state write would fail: the row fails", () => {
    const elsewhere = STATE_KEY.replace("us-east-1", "us-west-2");
    const rows = byCheck(
      stateBackendChecks(stack({ kms_key_id: elsewhere }), s3BackendOf(stack({ kms_key_id: elsewhere })), {
        bucket: ok({ state: "found", region: "us-east-1" }),
        encryption: ok({ algorithm: "aws:kms", kmsKeyId: STATE_KEY }),
      }),
    );
    expect(rows["state encryption"].verdict).toBe("fail");
  });

  test("GIVEN the state-backend stack itself (local state) THEN one row says there is nothing in AWS to check", () => {
    expect(stateBackendChecks(fixtureStack("state-backend"), undefined, undefined)).toEqual([
      expect.objectContaining({ check: "state backend", verdict: "pass", detail: expect.stringContaining("local state") }),
    ]);
  });
});

describe("the state backend through the SDK (S3 and DynamoDB mocked)", () => {
  const s3 = mockClient(S3Client);
  const dynamodb = mockClient(DynamoDBClient);
  resetBetweenTests(s3, dynamodb);
  beforeEach(() => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1" });
    s3.on(GetBucketEncryptionCommand).resolves(kmsEncryptionAnswer(STATE_KEY));
    dynamodb.on(DescribeTableCommand).resolves(lockTableAnswer("acme-terraform-locks"));
  });
  const rows = async (extra?: Record<string, unknown>) => byCheck(await stateBackendLiveChecks(stack(extra), new AwsAccount(), bootstrap));

  test("GIVEN the bucket, table and key the backend names THEN every row passes, HeadBucket without an expected owner (a central state account is fine)", async () => {
    expect(Object.values(await rows({ kms_key_id: STATE_KEY })).map((row) => row.verdict)).toEqual(["pass", "pass", "pass"]);
    expect(s3).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: "acme-terraform-state" });
    expect(dynamodb).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: "acme-terraform-locks" });
  });

  test("GIVEN neither bucket nor table yet THEN both warn that the bootstrap stack, applied first, creates them; encryption is not read", async () => {
    s3.on(HeadBucketCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: "UnknownError" }));
    dynamodb.on(DescribeTableCommand).rejects(
      new ResourceNotFoundException({
        $metadata: { httpStatusCode: 400 },
        message: "Requested resource not found: Table: acme-terraform-locks not found",
      }),
    );
    const result = await rows();
    expect([result["state bucket"].verdict, result["lock table"].verdict, result["state encryption"]]).toEqual(["warn", "warn", undefined]);
    expect(s3).not.toHaveReceivedCommand(GetBucketEncryptionCommand);
  });

  test("GIVEN DescribeTable and GetBucketEncryption denied THEN those rows could not run, naming dynamodb:DescribeTable and s3:GetEncryptionConfiguration", async () => {
    dynamodb
      .on(DescribeTableCommand)
      .rejects(serviceError("AccessDeniedException", 400, "User is not authorized to perform: dynamodb:DescribeTable"));
    s3.on(GetBucketEncryptionCommand).rejects(serviceError("AccessDenied", 403, "Access Denied"));
    const result = await rows();
    expect(result["lock table"].detail).toContain("the credentials need dynamodb:DescribeTable");
    expect(result["state encryption"].detail).toContain("the credentials need s3:GetEncryptionConfiguration");
  });
});
