import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { KmsKey } from "../../../modules/kms-key";
import { Network } from "../../../modules/network";
import { SecureBucket } from "../../../modules/secure-bucket";
import { ProviderSchema } from "../../../tools/validation/provider-schema";
import { TerraformJson, validateStack } from "../../../tools/validation/validate";
import { StateBackendStack } from "../../../stacks/state-backend-stack";
import { moduleTestStack, synthesize } from "../../support/synth";

function stateBackendStack() {
  return new StateBackendStack(Testing.app(), "state-backend", {
    config: {
      region: "us-east-1",
      bucket: "validate-state",
      dynamodbTable: "validate-locks",
      noncurrentVersionRetentionDays: 90,
      useLockfile: false,
      ownState: "local",
      allowedAccountIds: ["111122223333"],
      tags: {},
    },
  });
}

/** A development stack built from the shared modules: network, KMS key, buckets with access logging. */
function moduleFixtureStack() {
  const stack = moduleTestStack("fixture");
  new Network(stack, "network", {
    namePrefix: "fixture",
    region: "us-east-1",
    vpcCidr: "10.0.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    publicSubnets: [{ name: "public-1", cidr: "10.0.1.0/24" }],
    privateSubnets: [{ name: "private-1", cidr: "10.0.11.0/24" }],
    natGateways: "per-az",
  });
  const key = new KmsKey(stack, "key", { alias: "fixture", description: "fixture data", account: stack.account, preventDestroy: true });
  const logs = new SecureBucket(stack, "logs", { bucketName: "fixture-logs", lifecycleRules: [{ id: "expire", expirationDays: 365 }] });
  new SecureBucket(stack, "data", {
    bucketName: "fixture-data",
    encryption: { kmsKey: key },
    accessLogBucket: logs,
    preventDestroy: true,
  });
  return stack;
}

const messages = (json: TerraformJson) => validateStack(json).map((problem) => `${problem.address}: ${problem.message}`);

describe("offline validation against the provider schema", () => {
  test.each([
    ["the state-backend stack", stateBackendStack],
    ["a stack built from the network, KMS key and bucket modules", moduleFixtureStack],
  ])("GIVEN %s THEN every attribute, block and reference checks out", (_, build) => {
    expect(messages(synthesize(build()))).toEqual([]);
  });

  test("GIVEN an addOverride with a misspelt nested attribute THEN it is reported with the closest real name", () => {
    const stack = stateBackendStack();
    stack.backend.lockTable!.addOverride("point_in_time_recovery.enabeld", true);
    expect(messages(synthesize(stack))).toEqual([
      'aws_dynamodb_table.state_lock-table: unknown attribute "point_in_time_recovery.enabeld" (did you mean "enabled"?)',
    ]);
  });

  test("GIVEN an addOverride with a misspelt top-level attribute THEN it is reported", () => {
    const stack = stateBackendStack();
    stack.backend.key.key.addOverride("enable_key_rotaton", true);
    expect(messages(synthesize(stack))).toEqual([
      'aws_kms_key.state_kms-key: unknown attribute "enable_key_rotaton" (did you mean "enable_key_rotation"?)',
    ]);
  });

  test("GIVEN a reference to a resource the stack does not declare THEN it is reported as dangling", () => {
    const stack = stateBackendStack();
    stack.backend.lockTable!.addOverride("server_side_encryption.kms_key_arn", "${aws_kms_key.state_old-key.arn}");
    expect(messages(synthesize(stack))).toEqual([
      "aws_dynamodb_table.state_lock-table: server_side_encryption.kms_key_arn: dangling reference aws_kms_key.state_old-key.arn: aws_kms_key.state_old-key is not declared in this stack",
    ]);
  });

  test.each([
    [
      "a data source",
      "${data.aws_region.current.name}",
      "dangling reference data.aws_region.current.name: data.aws_region.current is not declared in this stack",
    ],
    ["a variable", "${var.table_name}", 'reference var.table_name: variable "table_name" is not declared'],
    ["a local", "${local.table_name}", 'reference local.table_name: local "table_name" is not declared'],
    [
      "a misspelt attribute of a declared resource",
      "${aws_kms_key.state_kms-key.key_idd}",
      'reads "key_idd", which aws_kms_key does not have (did you mean "key_id"?)',
    ],
    ["a reference inside a function call", '${upper(join("-", [aws_s3_bucket.missing.id, "x"]))}', "aws_s3_bucket.missing is not declared"],
  ])("GIVEN a reference to %s that does not exist THEN it is reported", (_, expression, expected) => {
    const stack = stateBackendStack();
    stack.backend.lockTable!.addOverride("name", expression);
    const problems = messages(synthesize(stack));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test.each([
    ["a boolean given as a string", "stream_enabled", "yes", '"stream_enabled" must be a boolean, got "yes"'],
    ["a list given as a string", "attribute", "LockID", '"attribute" must be a list, got "LockID"'],
    ["a block given a list of numbers", "ttl", [1], '"ttl[0]" must be a block (object), got 1'],
    ["a number given as a string", "read_capacity", "five", '"read_capacity" must be a number, got "five"'],
    ["a map given a list", "tags", ["a"], '"tags" must be a map, got ["a"]'],
  ])("GIVEN %s THEN the type mismatch is reported", (_, attribute, value, expected) => {
    const stack = stateBackendStack();
    stack.backend.lockTable!.addOverride(attribute, value);
    expect(messages(synthesize(stack)).join("\n")).toContain(expected);
  });

  test("GIVEN a required argument removed, a dangling depends_on and an unknown provider alias THEN each is reported", () => {
    const json = synthesize(stateBackendStack()) as unknown as { resource: Record<string, Record<string, Record<string, unknown>>> };
    delete json.resource.aws_dynamodb_table["state_lock-table"].name;
    json.resource.aws_kms_key["state_kms-key"].depends_on = ["aws_s3_bucket.gone"];
    json.resource.aws_kms_key["state_kms-key"].provider = "aws.eu_west_1";
    expect(messages(json as TerraformJson)).toEqual([
      'aws_dynamodb_table.state_lock-table: missing required attribute "name"',
      "aws_kms_key.state_kms-key: depends_on names aws_s3_bucket.gone, which is not declared in this stack",
      'aws_kms_key.state_kms-key: provider "aws.eu_west_1" is not configured in this stack (have: aws)',
    ]);
  });

  test("GIVEN an AWS resource type that does not exist THEN it is reported", () => {
    const json: TerraformJson = { resource: { aws_s3_bukcet: { data: { bucket: "x" } } } };
    expect(messages(json)).toEqual(['aws_s3_bukcet.data: unknown resource type "aws_s3_bukcet" in @cdktf/provider-aws']);
  });

  test("GIVEN a cold cache THEN the .jsii is read once, and a second process reads only the cache", () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-cache-"));
    try {
      const jsii = path.join(path.dirname(require.resolve("@cdktf/provider-aws/package.json")), ".jsii");
      const cold = new ProviderSchema(jsii, cacheDir);
      const coldVpc = cold.type("resource", "aws_vpc");
      cold.persist();
      expect(cold.jsiiLoadMs).toBeGreaterThan(0);
      const warm = new ProviderSchema(jsii, cacheDir);
      expect(warm.type("resource", "aws_vpc")).toEqual(coldVpc);
      expect(warm.jsiiLoadMs).toBe(0);
      expect(coldVpc?.block.cidr_block).toEqual({ type: "string", required: false });
      expect(coldVpc?.readable).toContain("arn");
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 30_000);
});
