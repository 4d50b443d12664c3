import { AppSecrets } from "../../modules/app-secrets";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

describe("AppSecrets", () => {
  test("secrets are created KMS-encrypted and empty: no secret version, so no value in JSON or state", () => {
    const { json, construct } = synthModule(
      (stack) =>
        new AppSecrets(stack, "secrets", {
          kmsKey: testKey(stack),
          secrets: { oidc: { name: "app/oidc", description: "client id and secret" }, django: { name: "app/django", description: "key" } },
        }),
    );
    expect(resource(json, "aws_secretsmanager_secret.secrets_oidc")).toMatchObject({
      name: "app/oidc",
      kms_key_id: "${aws_kms_key.key.arn}",
      recovery_window_in_days: 30,
    });
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(construct.arns).toHaveLength(2);
  });

  test("refuses a recovery window AWS does not accept", () => {
    const stack = moduleTestStack();
    expect(
      () => new AppSecrets(stack, "s", { kmsKey: testKey(stack), secrets: { a: { name: "a", description: "a" } }, recoveryWindowDays: 3 }),
    ).toThrow('AppSecrets "test/s": recoveryWindowDays = 3: must be 0 or 7-30');
  });
});
