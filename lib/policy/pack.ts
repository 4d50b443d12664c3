import { Tier } from "../config/schema";
import { TerraformJson } from "../terraform-json";
import { RULES } from "./rules";
import { stackView } from "./stack-view";
import { CheckResult, Rule } from "./types";

/** A reasoned exception attached with `suppress()` to a construct (and everything below it). */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path the suppression was attached to. */
  readonly path: string;
}

export interface Finding {
  readonly stack: string;
  readonly ruleId: string;
  /** Terraform address, e.g. `aws_s3_bucket.state_bucket`. */
  readonly address: string;
  readonly message: string;
  /** After the tier is applied: production turns every finding into an error. */
  readonly severity: "error" | "warning";
  readonly fix: string;
  /** Set when a reasoned suppression covers the finding. */
  readonly suppressedBy?: Suppression;
}

export interface StackPolicyReport {
  readonly stack: string;
  readonly tier: Tier;
  /** Every finding, suppressed ones included. */
  readonly findings: readonly Finding[];
  /** Resources each rule examined (0: nothing in the stack it applies to, or not this tier). */
  readonly examined: Readonly<Record<string, number>>;
  /** Suppressions that matched no finding of a rule that ran (stale, or attached to the wrong construct). */
  readonly unusedSuppressions: readonly Suppression[];
  /** Problems with suppressions themselves (not allowed in production); always block. */
  readonly suppressionErrors: readonly Finding[];
}

export interface EvaluateOptions {
  readonly stack: string;
  readonly tier: Tier;
  /** Suppressions covering the resource at `address` (attached to it or to a construct above it). */
  readonly suppressionsFor?: (address: string) => readonly Suppression[];
  /** Every suppression attached in the stack, to report the ones that matched nothing. @default - none */
  readonly suppressions?: readonly Suppression[];
  /** @default - the whole pack */
  readonly rules?: readonly Rule[];
}

/**
 * Runs the pack over one synthesized stack. Pure: the same JSON, tier and suppressions give the same
 * report, so the aspect, `npm run check` and the tests share it.
 */
export function evaluate(json: TerraformJson, options: EvaluateOptions): StackPolicyReport {
  const rules = options.rules ?? RULES;
  const view = stackView(json, options.tier);
  const suppressionsFor = options.suppressionsFor ?? (() => []);
  const findings: Finding[] = [];
  const suppressionErrors: Finding[] = [];
  const examined: Record<string, number> = {};
  const used = new Set<Suppression>();
  const ran = new Set<string>();

  for (const rule of rules) {
    examined[rule.id] = 0;
    if (rule.tiers && !rule.tiers.includes(options.tier)) continue;
    ran.add(rule.id);
    const targets = rule.resourceTypes === "*" ? view.all : rule.resourceTypes.flatMap((type) => view.resources(type));
    for (const resource of targets) {
      examined[rule.id] += 1;
      const suppressions = suppressionsFor(resource.address).filter((suppression) => suppression.ruleId === rule.id);
      for (const message of messages(rule.check(resource, view))) {
        const suppressedBy = suppressions[0];
        if (suppressedBy) used.add(suppressedBy);
        const finding: Finding = {
          stack: options.stack,
          ruleId: rule.id,
          address: resource.address,
          message,
          severity: rule.level === "error" || options.tier === "production" ? "error" : "warning",
          fix: rule.fix,
          suppressedBy,
        };
        findings.push(finding);
        if (suppressedBy && rule.dataProtection && options.tier === "production") {
          suppressionErrors.push({
            ...finding,
            suppressedBy: undefined,
            severity: "error",
            message: `${message}; the suppression at ${suppressedBy.path} is refused: ${rule.id} protects data (encryption, backups or deletion protection) and cannot be suppressed in production`,
          });
        }
      }
    }
  }
  return {
    stack: options.stack,
    tier: options.tier,
    findings,
    examined,
    unusedSuppressions: (options.suppressions ?? []).filter((suppression) => ran.has(suppression.ruleId) && !used.has(suppression)),
    suppressionErrors,
  };
}

function messages(result: CheckResult): readonly string[] {
  if (result === undefined) return [];
  return typeof result === "string" ? [result] : result;
}

/** Findings that stop synthesis: unsuppressed errors, and refused suppressions. */
export function blockingFindings(report: StackPolicyReport): Finding[] {
  return [...report.findings.filter((finding) => finding.severity === "error" && !finding.suppressedBy), ...report.suppressionErrors];
}
