import { Tier } from "../config/schema";

/**
 * `error`: fails synthesis in every tier (public databases, plaintext secrets, admin ports open to the
 * internet). `warning`: printed in development, fails synthesis in production, where every
 * unsuppressed finding is an error.
 */
export type Level = "error" | "warning";

/** The scanner rules a guardrail mirrors, so a reviewer can compare it with the original. */
export interface ScannerIds {
  readonly checkov?: readonly string[];
  readonly trivy?: readonly string[];
  readonly cdkNag?: readonly string[];
  /** Prowler checks, for controls only account scanners have (e.g. the cross-service confused deputy). */
  readonly prowler?: readonly string[];
}

/** One block of a synthesized stack: a resource (`aws_vpc.network_vpc`) or a provider (`provider.aws`). */
export interface ResourceConfig {
  readonly type: string;
  readonly name: string;
  /** Terraform address, e.g. `aws_vpc.network_vpc`. */
  readonly address: string;
  /** The synthesized arguments, snake_case as in cdk.tf.json; references appear as `${...}` strings. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Read-only view of the whole synthesized stack, for rules whose control spans resources. */
export interface StackView {
  readonly tier: Tier;
  /** Resources of one type; provider blocks as type `provider.<name>` (`provider.aws`). */
  resources(type: string): readonly ResourceConfig[];
  /** Data sources of one type. */
  dataSources(type: string): readonly ResourceConfig[];
  /**
   * Resources of `type` that reference `target` (`${<target address>.<attribute>}`), anywhere in their
   * config or, when `attribute` is given, in that top-level argument only.
   */
  referencing(type: string, target: ResourceConfig, attribute?: string): readonly ResourceConfig[];
  /** The resource or data source a `${...}` reference points at, if the stack declares it. */
  resolve(reference: unknown): ResourceConfig | undefined;
}

/** What a rule's check returns: nothing when compliant, else one message per problem. */
export type CheckResult = undefined | string | readonly string[];

export interface Rule {
  /** Stable kebab-case id used in suppressions, reports and docs, e.g. `s3-access-logging`. */
  readonly id: string;
  /** One line: what compliant infrastructure looks like. */
  readonly summary: string;
  /** Why the control matters. */
  readonly explanation: string;
  /** How to fix a finding, in this project's terms (module props, attributes). */
  readonly fix: string;
  readonly level: Level;
  readonly scanners: ScannerIds;
  /** Why no scanner has this rule (it comes from a review of these stacks): required when `scanners` is empty. */
  readonly unmirrored?: string;
  /** Resource types checked; `*` checks every resource and provider block. */
  readonly resourceTypes: readonly string[] | "*";
  /** Tiers the rule applies to (e.g. WAF only in production). @default - every tier */
  readonly tiers?: readonly Tier[];
  /**
   * The rule protects data (encryption at rest, backups, deletion protection): production stacks may
   * not suppress it. @default false
   */
  readonly dataProtection?: boolean;
  /** Pure function of one resource's synthesized config (and, for cross-resource controls, the stack). */
  check(resource: ResourceConfig, stack: StackView): CheckResult;
}

/** Declares a rule; keeps the literal id type so `suppress()` only accepts ids that exist. */
export function defineRule<const Id extends string>(rule: Rule & { readonly id: Id }): Rule & { readonly id: Id } {
  return rule;
}
