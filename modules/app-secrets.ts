import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { propChecks } from "../lib/construct-validation";
import { KmsKey } from "./kms-key";

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
  /** Days a deleted secret can still be restored. @default 30 */
  readonly recoveryWindowDays?: number;
}

/**
 * Secrets Manager secrets created empty: values are set by operators (or by the application) outside
 * Terraform, so no secret value is ever in code, synthesized JSON or Terraform state.
 */
export class AppSecrets<K extends string> extends Construct {
  private readonly byKey: Record<K, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: AppSecretsProps<K>) {
    super(scope, id);
    const window = props.recoveryWindowDays ?? 30;
    propChecks(this).expect(window === 0 || (window >= 7 && window <= 30), "recoveryWindowDays", window, "must be 0 or 7-30");
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

  secret(key: K): SecretsmanagerSecret {
    return this.byKey[key];
  }

  /** ARNs of every secret, for a least-privilege `secretsmanager:GetSecretValue` grant. */
  get arns(): string[] {
    return Object.values<SecretsmanagerSecret>(this.byKey).map((secret) => secret.arn);
  }
}
