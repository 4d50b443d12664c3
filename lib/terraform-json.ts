/** `terraform.backend`: the backend block by type (`s3`, `local`); cdktf writes one. */
export type TerraformBackends = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A synthesized stack (`cdk.tf.json`), as far as the guardrails and tooling read it. */
export interface TerraformJson {
  readonly terraform?: { readonly backend?: TerraformBackends };
  readonly provider?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly variable?: Readonly<Record<string, unknown>>;
  readonly module?: Readonly<Record<string, unknown>>;
}

/** The stack's backend block of `type` (`"s3"`, `"local"`); undefined when its backend is another or none. */
export function backendBlock(json: TerraformJson, type: string): Readonly<Record<string, unknown>> | undefined {
  return json.terraform?.backend?.[type];
}

/** One resource or data block of a stack, with its Terraform address (`aws_x.name`, `data.aws_x.name`). */
export interface TerraformBlock {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly config: Record<string, unknown>;
}

/** Every resource, then every data block, of a synthesized stack. */
export function terraformBlocks(json: TerraformJson): TerraformBlock[] {
  return (["resource", "data"] as const).flatMap((kind) =>
    Object.entries(json[kind] ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({
        kind,
        type,
        name,
        address: `${kind === "data" ? "data." : ""}${type}.${name}`,
        config,
      })),
    ),
  );
}
