/**
 * What the live preflight found, per stack: a table of check, result and what was found, with the fix
 * under each row that needs one, and one exit code for the run.
 */

/** `cannot run`: AWS did not answer (a missing permission, throttling): never counted as passed. */
export type Verdict = "pass" | "warn" | "fail" | "cannot run";

export interface CheckResult {
  readonly stack: string;
  /** Short name of the check, the table's first column (`account`, `quota: Elastic IPs`). */
  readonly check: string;
  readonly verdict: Verdict;
  /** What was found; may span several lines. */
  readonly detail: string;
  /** What to do about it. @default - nothing to do */
  readonly fix?: string;
}

const RANK: Readonly<Record<Verdict, number>> = { pass: 0, warn: 1, "cannot run": 2, fail: 3 };

/** A row's maker for one stack and check: `row(verdict, detail, fix?)`. */
export function rowFor(stack: string, check: string): (verdict: Verdict, detail: string, fix?: string) => CheckResult {
  return (verdict, detail, fix) => ({ stack, check, verdict, detail, fix });
}

/** One finding of a row that folds several (a bucket, a hosted zone, a Region). */
export interface CheckLine {
  readonly verdict: Verdict;
  readonly detail: string;
  readonly fix?: string;
}

/** Several lines as one row: the worst verdict, each line's detail, each distinct fix once. */
export function mergeLines(stack: string, check: string, lines: readonly CheckLine[]): CheckResult {
  const fixes = [...new Set(lines.flatMap((line) => (line.fix ? [line.fix] : [])))];
  return {
    stack,
    check,
    verdict: worst(lines.map((line) => line.verdict)),
    detail: lines.map((line) => line.detail).join("\n"),
    fix: fixes.length ? fixes.join("\n") : undefined,
  };
}

/** The worst of several verdicts (a failure over one that could not run over a warning). */
export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), "pass");
}

/** Exit codes of `npm run preflight -- --live` (scripts/preflight.ts documents them too). */
export const EXIT = {
  /** Every check passed; warnings allowed. */
  passed: 0,
  /** A check failed: the apply would fail or do harm. */
  failed: 1,
  /** An unknown stack name was given. */
  unknownStack: 2,
  /** Nothing failed, but a check could not run, or there are no usable credentials: not a pass. */
  cannotRun: 3,
} as const;

/** A failure outranks a check that could not run: the failure needs fixing whatever the rest says. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  if (results.some((result) => result.verdict === "fail")) return EXIT.failed;
  if (results.some((result) => result.verdict === "cannot run")) return EXIT.cannotRun;
  return EXIT.passed;
}

interface StackHeading {
  readonly stack: string;
  /** Shown after the name: config file, region. */
  readonly about: string;
}

/** The report: one table per stack, in the order given, then a summary line. */
export function renderReport(title: string, stacks: readonly StackHeading[], results: readonly CheckResult[]): string {
  const checkWidth = Math.max("check".length, ...results.map((result) => result.check.length));
  const verdictWidth = "cannot run".length;
  const indent = " ".repeat(2 + checkWidth + 2 + verdictWidth + 2);
  const row = (check: string, verdict: string, text: string) => `  ${check.padEnd(checkWidth)}  ${verdict.padEnd(verdictWidth)}  ${text}`;
  const sections = stacks.map(({ stack, about }) => {
    const lines = [`${stack} (${about})`, row("check", "result", "found, and the fix")];
    for (const result of results.filter((entry) => entry.stack === stack)) {
      const [first, ...rest] = result.detail.split("\n");
      lines.push(row(result.check, result.verdict, first), ...rest.map((line) => `${indent}${line}`));
      if (result.fix) lines.push(...result.fix.split("\n").map((line, index) => `${indent}${index === 0 ? "fix: " : "     "}${line}`));
    }
    return lines.join("\n");
  });
  return [title, "", ...sections.flatMap((section) => [section, ""]), summary(results)].join("\n");
}

function summary(results: readonly CheckResult[]): string {
  const count = (verdict: Verdict) => results.filter((result) => result.verdict === verdict).length;
  const parts = [
    `${count("fail")} failed`,
    `${count("cannot run")} could not run`,
    `${count("warn")} warning(s)`,
    `${count("pass")} passed`,
  ];
  const outcome = ["all checks passed", "a check failed", "", "a check could not run"][exitCodeOf(results)];
  return `preflight --live: ${parts.join(", ")}: ${outcome} (exit ${exitCodeOf(results)}).`;
}
