/** A synthesized stack (`cdk.tf.json`), as far as the guardrails and tooling read it. */
export interface TerraformJson {
  readonly provider?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly variable?: Readonly<Record<string, unknown>>;
  readonly module?: Readonly<Record<string, unknown>>;
}
