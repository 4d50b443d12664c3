import { Tier } from "../../../lib/config/schema";
import { RuleId } from "../../../lib/policy";
import { TerraformJson } from "../../../tools/validation/validate";

/** Blocks of a minimal stack by address (`aws_s3_bucket.data`, `data.aws_iam_policy_document.read`, `provider.aws.replica`). */
export type Fixture = Readonly<Record<string, Record<string, unknown>>>;

/** A compliant and/or a non-compliant stack for one rule, as synthesized JSON. */
export interface RuleCase {
  readonly rule: RuleId;
  /** What the pair demonstrates, e.g. "an HTTP listener that redirects". */
  readonly name: string;
  /** @default "production" */
  readonly tier?: Tier;
  readonly compliant?: Fixture;
  readonly nonCompliant?: Fixture;
  /** Addresses the non-compliant findings must name. */
  readonly flags?: string | readonly string[];
  /** The finding's message must match. */
  readonly message?: RegExp;
}

export function stackJson(fixture: Fixture): TerraformJson {
  const json: {
    resource: Record<string, Record<string, unknown>>;
    data: Record<string, Record<string, unknown>>;
    provider: Record<string, Record<string, unknown>[]>;
  } = { resource: {}, data: {}, provider: {} };
  for (const [address, config] of Object.entries(fixture)) {
    if (address.startsWith("provider.")) {
      const [, name, alias] = address.split(".");
      json.provider[name] = [...(json.provider[name] ?? []), { ...config, ...(alias && { alias }) }];
      continue;
    }
    const [kind, type, name] = address.startsWith("data.") ? ["data", ...address.slice(5).split(".")] : ["resource", ...address.split(".")];
    const section = json[kind as "resource" | "data"];
    section[type] = { ...(section[type] as object), [name]: config };
  }
  return json as TerraformJson;
}

/** JSON policy document, as lib/iam.ts writes it. */
export const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
