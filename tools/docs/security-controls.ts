import { cell, RULES, StackPolicyReport } from "../../lib/policy";

/** One guardrail's verdict on one stack, as the docs show it. */
export interface SecurityControl {
  readonly rule: string;
  readonly level: string;
  readonly summary: string;
  /** Resources of the stack the rule examined. */
  readonly examined: number;
  readonly status: "pass" | "warn" | "fail" | "suppressed";
  /** Suppression reasons, or the resources with open findings. */
  readonly detail: string;
}

/**
 * The controls in force on a stack: every rule of the policy pack (lib/policy) that applies to
 * something in it, with its outcome; rules with nothing to examine are left out.
 */
export function controlsFromPolicyReport(report: StackPolicyReport): SecurityControl[] {
  return RULES.flatMap((rule) => {
    const status = cell(report, rule.id);
    if (status === "n/a") return [];
    const findings = report.findings.filter((finding) => finding.ruleId === rule.id);
    const reasons = [...new Set(findings.map((finding) => finding.suppressedBy?.reason).filter((reason): reason is string => Boolean(reason)))];
    const open = findings.filter((finding) => !finding.suppressedBy).map((finding) => `\`${finding.address}\``);
    const detail = status === "suppressed" ? `suppressed: ${reasons.join("; ")}` : open.length ? `open: ${open.join(", ")}` : "";
    return [{ rule: rule.id, level: rule.level, summary: rule.summary, examined: report.examined[rule.id] ?? 0, status, detail }];
  });
}
