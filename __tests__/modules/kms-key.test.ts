import { KmsKey } from "../../modules/kms-key";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";
import { grantsOf } from "../support/fixtures";

describe("KmsKey", () => {
  test.each([
    ["grantDecrypt", {}, { Sid: "KeyDecrypt", Action: "kms:Decrypt" }],
    [
      "grantDecrypt",
      { viaService: "secretsmanager" },
      {
        Sid: "KeyDecryptThroughSecretsManager",
        Action: "kms:Decrypt",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      },
    ],
    [
      "grantEncryptDecrypt",
      { viaService: "s3" },
      {
        Sid: "KeyEncryptDecryptThroughS3",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      },
    ],
  ] as const)("GIVEN %s %j THEN the grantee may use this one key for exactly that", (method, options, expected) => {
    const granted = grantsOf(
      (stack) => new KmsKey(stack, "key", { alias: "test-data", description: "data", account: stack.account }),
      (key, grantee) => key[method](grantee, options),
    );
    expect(granted).toEqual([{ Effect: "Allow", Resource: "${aws_kms_key.key.arn}", ...expected }]);
  });

  test("GIVEN a key THEN it rotates yearly, waits 30 days before deletion, and keeps the account root as administrator", () => {
    const { json } = synthModule(
      (stack) => new KmsKey(stack, "data-key", { alias: "test-data", description: "data", account: stack.account }),
    );
    const key = resource(json, "aws_kms_key.data-key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(policy(key.policy).Statement[0]).toMatchObject({
      Principal: {
        AWS: "arn:${data.aws_partition.current-partition.partition}:iam::${data.aws_caller_identity.current-account.account_id}:root",
      },
      Action: "kms:*",
    });
    expect(resource(json, "aws_kms_alias.data-key_alias")).toMatchObject({ name: "alias/test-data" });
  });

  test("GIVEN service grants THEN they are scoped: CloudWatch Logs to this account's log groups, other services to this account", () => {
    const { json } = synthModule((stack) => {
      const key = new KmsKey(stack, "data-key", { alias: "test-data", description: "data", account: stack.account });
      key.allowCloudWatchLogs();
      key.allowCloudWatchLogs();
      key.allowServiceUse("Alarms", "cloudwatch.amazonaws.com");
      key.allowServiceUse("Alarms", "cloudwatch.amazonaws.com");
      return key;
    });
    const statements = policy(resource(json, "aws_kms_key.data-key").policy).Statement;
    expect(statements).toHaveLength(3); // granting twice adds nothing
    const [, logs, alarms] = statements;
    expect(logs).toMatchObject({ Principal: { Service: "logs.us-east-1.amazonaws.com" } });
    expect(JSON.stringify(logs.Condition)).toContain(":log-group:*");
    expect(alarms).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" } },
    });
  });

  test.each([6, 31, 7.5])("GIVEN a deletion window of %p days THEN it is refused", (days) => {
    const stack = moduleTestStack();
    expect(() => new KmsKey(stack, "k", { alias: "a", description: "d", account: stack.account, deletionWindowDays: days })).toThrow(
      `KmsKey "test/k": deletionWindowDays = ${days}: must be a whole number from 7 to 30`,
    );
  });
});
