import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { propChecks } from "../lib/construct-validation";
import { inProductionStack } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { Grantable } from "./role-policy";

/** The variable (and runtime parameter) an application finds a secret's ARN in: `django-secret-key` -> `DJANGO_SECRET_KEY_SECRET_ARN`. */
export function secretArnVariable(key: string): string {
  return `${key.toUpperCase().replace(/-/g, "_")}_SECRET_ARN`;
}

/** Specs of secrets named `<namePrefix>/<key>`, from each key's description. */
export function secretsUnder<K extends string>(namePrefix: string, descriptions: Readonly<Record<K, string>>): Record<K, SecretSpec> {
  return Object.fromEntries(
    (Object.entries(descriptions) as [K, string][]).map(([key, description]) => [key, { name: `${namePrefix}/${key}`, description }]),
  ) as Record<K, SecretSpec>;
}

export interface SecretSpec {
  /** Secret name, e.g. `treasury-plane/prod/django-secret-key`. */
  readonly name: string;
  /** What the value looks like and who sets it; operators read this in the console. */
  readonly description: string;
}

export interface AppSecretsProps<K extends string> {
  /** Encrypts the secret values. */
  readonly kmsKey: KmsKey;
  readonly secrets: Readonly<Record<K, SecretSpec>>;
  /**
   * Days a deleted secret can still be restored; 0 deletes at once, so a torn-down environment can be
   * rebuilt under the same names. @default - 30 in a production stack, 0 otherwise
   */
  readonly recoveryWindowDays?: number;
}

/**
 * Secrets Manager secrets created empty: values are set by operators (or by the application) outside
 * Terraform, so no secret value is ever in code, synthesized JSON or Terraform state.
 */
export class AppSecrets<K extends string> extends Construct {
  private readonly byKey: Record<K, SecretsmanagerSecret>;
  private readonly kmsKey: KmsKey;

  constructor(scope: Construct, id: string, props: AppSecretsProps<K>) {
    super(scope, id);
    const window = props.recoveryWindowDays ?? (inProductionStack(this) ? 30 : 0);
    propChecks(this).expect(window === 0 || (window >= 7 && window <= 30), "recoveryWindowDays", window, "must be 0 or 7-30");
    this.kmsKey = props.kmsKey;
    this.byKey = Object.fromEntries(
      (Object.entries(props.secrets) as [K, SecretSpec][]).map(([key, spec]) => [
        key,
        new SecretsmanagerSecret(this, key, {
          name: spec.name,
          description: spec.description,
          kmsKeyId: props.kmsKey.arn,
          recoveryWindowInDays: window,
        }),
      ]),
    ) as Record<K, SecretsmanagerSecret>;
  }

  /** Each secret's ARN, under its key or a name derived from it (e.g. an environment variable name). */
  arnsByName(nameOf: (key: K) => string = (key) => key): Record<string, string> {
    return Object.fromEntries(
      (Object.entries(this.byKey) as [K, SecretsmanagerSecret][]).map(([key, secret]) => [nameOf(key), secret.arn]),
    );
  }

  secret(key: K): SecretsmanagerSecret {
    return this.byKey[key];
  }

  /** Lets `grantee` read every one of these secrets, and nothing else. */
  grantRead(grantee: Grantable): void {
    const arns = Object.values<SecretsmanagerSecret>(this.byKey).map((secret) => secret.arn);
    grantSecretsRead(grantee, arns, this.kmsKey);
  }
}

/**
 * Lets `grantee` read the values of the named secrets and decrypt them with their customer-managed key,
 * through Secrets Manager only (the key cannot decrypt anything else for it). Secrets under the AWS
 * managed key (`kmsKey` undefined) need no key grant.
 */
export function grantSecretsRead(grantee: Grantable, secretArns: readonly string[], kmsKey?: KmsKey): void {
  grantee.addToPrincipalPolicy({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns] });
  kmsKey?.grantDecrypt(grantee, { viaService: "secretsmanager" });
}
