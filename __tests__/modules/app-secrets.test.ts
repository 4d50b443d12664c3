import { AppSecrets, secretsUnder } from "../../modules/app-secrets";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { grantsOf, testKey } from "../support/fixtures";

describe("AppSecrets", () => {
  test("GIVEN secrets THEN they are created KMS-encrypted and empty: no secret version, so no value in JSON or state", () => {
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
      recovery_window_in_days: 0,
    });
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(Object.keys(construct.arnsByName((key) => `${key.toUpperCase()}_SECRET_ARN`))).toEqual(["OIDC_SECRET_ARN", "DJANGO_SECRET_ARN"]);
  });

  test("GIVEN a production stack THEN a deleted secret stays restorable for 30 days", () => {
    const { json } = synthModule(
      (stack) =>
        new AppSecrets(stack, "secrets", { kmsKey: testKey(stack), secrets: { oidc: { name: "app/oidc", description: "client" } } }),
      "production",
    );
    expect(resource(json, "aws_secretsmanager_secret.secrets_oidc").recovery_window_in_days).toBe(30);
  });

  test("GIVEN grantRead THEN the grantee reads exactly these secrets and decrypts them through Secrets Manager only", () => {
    const granted = grantsOf(
      (stack) =>
        new AppSecrets(stack, "secrets", { kmsKey: testKey(stack), secrets: secretsUnder("app", { oidc: "client", django: "key" }) }),
      (secrets, grantee) => secrets.grantRead(grantee),
    );
    expect(granted).toEqual([
      {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: ["${aws_secretsmanager_secret.secrets_oidc.arn}", "${aws_secretsmanager_secret.secrets_django.arn}"],
      },
      {
        Sid: "KeyDecryptThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "${aws_kms_key.key.arn}",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      },
    ]);
  });

  test("GIVEN a recovery window AWS does not accept THEN it is refused", () => {
    const stack = moduleTestStack();
    expect(
      () => new AppSecrets(stack, "s", { kmsKey: testKey(stack), secrets: { a: { name: "a", description: "a" } }, recoveryWindowDays: 3 }),
    ).toThrow('AppSecrets "test/s": recoveryWindowDays = 3: must be 0 or 7-30');
  });
});
