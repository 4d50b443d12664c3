import { Finding, StackPolicyReport } from "./pack";
import { RULES } from "./rules";
import { Rule } from "./types";

/** `[stack] address: rule-id: message` with the fix on the next line. */
export function formatFinding(finding: Finding): string {
  return `[${finding.stack}] ${finding.address}: ${finding.ruleId}: ${finding.message}\n    fix: ${finding.fix}`;
}

export type Cell = "pass" | "fail" | "warn" | "suppressed" | "n/a";

/** Outcome of one rule in one stack: the worst unsuppressed finding, else suppressed, else pass. */
export function cell(report: StackPolicyReport, ruleId: string): Cell {
  const findings = report.findings.filter((finding) => finding.ruleId === ruleId);
  const open = findings.filter((finding) => !finding.suppressedBy);
  if (report.suppressionErrors.some((finding) => finding.ruleId === ruleId) || open.some((finding) => finding.severity === "error"))
    return "fail";
  if (open.length > 0) return "warn";
  if (findings.length > 0) return "suppressed";
  return report.examined[ruleId] > 0 ? "pass" : "n/a";
}

/** Plain-text table, one row per rule, one column per stack. */
export function renderTable(reports: readonly StackPolicyReport[]): string {
  const header = ["rule", "level", ...reports.map((report) => `${report.stack} (${report.tier === "production" ? "prod" : "dev"})`)];
  const rows = RULES.map((rule) => [rule.id, rule.level, ...reports.map((report) => cell(report, rule.id))]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) => text.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** The rule table of the README "Guardrails" section (kept in sync by __tests__/policy/docs.test.ts). */
export function ruleTableMarkdown(): string {
  const list = (ids: readonly string[] | undefined) => (ids ?? []).join(", ") || "-";
  const rows = RULES.map((rule: Rule) => {
    const notes = [
      rule.tiers ? `${rule.tiers.join(", ")} only` : "",
      rule.dataProtection ? "not suppressible in production" : "",
      rule.scanners.prowler ? `prowler: ${rule.scanners.prowler.join(", ")}` : "",
      rule.unmirrored ? "no scanner has it" : "",
    ].filter(Boolean);
    return `| \`${rule.id}\` | ${rule.level} | ${rule.summary} | ${notes.join("; ") || "-"} | ${list(rule.scanners.checkov)} | ${list(rule.scanners.trivy)} | ${list(rule.scanners.cdkNag)} |`;
  });
  return ["| Rule | Level | Summary | Notes | checkov | trivy | cdk-nag |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows].join(
    "\n",
  );
}
