/**
 * A plan review as an operator reads it: plain text for `npm run plan` / `npm run guard`, Markdown for
 * the pull-request comment. Both say the same things in the same order: counts, each replace and delete
 * with its reason, the guard's verdict on stateful resources, the security-relevant changes.
 */
import { ACKNOWLEDGEMENTS_FILE, Acknowledgement, addDays, MAX_DAYS } from "./acknowledgements";
import { Counted, Destructive, PlanReview, Removal, UnusedAcknowledgement } from "./review";

export type ReportFormat = "text" | "markdown";

const COUNTED: readonly Counted[] = ["create", "update", "replace", "delete", "forget", "import", "move"];

/** `create 3, update 1, replace 1, delete 0` (forget, import and move only when the plan has them). */
function countsLine(review: PlanReview): string {
  return COUNTED.filter((kind) => review.counts[kind] > 0 || ["create", "update", "replace", "delete"].includes(kind))
    .map((kind) => `${kind} ${review.counts[kind]}`)
    .join(", ");
}

function how(removal: Removal): string {
  if (removal.action === "delete") return "delete";
  return removal.createBeforeDestroy ? "replace (create before destroy)" : "replace (destroy, then create)";
}

/** Why it goes: the forcing attributes of a replace, else Terraform's reason. */
function because(removal: Removal): string {
  if (removal.forcedBy.length > 0) return `forced by ${removal.forcedBy.join(", ")}`;
  return removal.reason ?? "";
}

/** The entry to add to plans/acknowledged.json for this change. */
function acknowledgementTemplate(stack: string, change: Destructive, today: string): string {
  const expires = addDays(today, 7);
  const entry: Acknowledgement = {
    stack,
    address: change.address,
    action: change.action,
    reason: "<why losing it is acceptable>",
    who: "<reviewer>",
    expires,
  };
  return JSON.stringify(entry);
}

function verdict(change: Destructive): string {
  if (change.acknowledgedBy) {
    const { who, expires, reason } = change.acknowledgedBy;
    return `acknowledged by ${who} until ${expires}: ${reason}`;
  }
  const notes = [
    change.expired && `the acknowledgement by ${change.expired.who} expired on ${change.expired.expires}`,
    change.otherAction &&
      `${ACKNOWLEDGEMENTS_FILE} acknowledges a ${change.otherAction.action} of it, but this plan does a ${change.action}`,
  ].filter(Boolean);
  return `NOT ACKNOWLEDGED${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

export function formatReview(review: PlanReview, format: ReportFormat, today: string, source?: string): string {
  const markdown = format === "markdown";
  const code = (text: string) => (markdown ? `\`${text}\`` : text);
  const lines: string[] = [];
  lines.push(
    markdown
      ? `### ${review.blocked ? "❌" : "✅"} \`${review.stack}\`: ${countsLine(review)}`
      : `${review.stack}${source ? ` (${source})` : ""}: ${countsLine(review)}`,
  );
  if (review.errored)
    lines.push(markdown ? "**The plan stopped on an error: it is incomplete.**" : "  the plan stopped on an error: it is incomplete");

  if (review.removals.length > 0) {
    if (markdown) lines.push("", "| change | address | why |", "|---|---|---|");
    for (const removal of review.removals) {
      lines.push(
        markdown
          ? `| ${how(removal)} | ${code(removal.address)} | ${because(removal)} |`
          : `  ${how(removal).padEnd(31)} ${removal.address}${because(removal) ? `  [${because(removal)}]` : ""}`,
      );
    }
  }

  if (review.destructive.length > 0) {
    lines.push(markdown ? "\n**Stateful resources (plan guard)**\n" : "\n  Stateful resources (plan guard):");
    for (const change of review.destructive) {
      const head = `${change.action} ${code(change.address)}: ${verdict(change)}`;
      lines.push(markdown ? `- ${change.acknowledgedBy ? "" : "❌ "}${head}<br>${change.why}` : `    ${head}\n      ${change.why}`);
      if (!change.acknowledgedBy && !markdown) {
        lines.push(
          `      to let it through, add to ${ACKNOWLEDGEMENTS_FILE} (reviewed like code, at most ${MAX_DAYS} days):`,
          `      ${acknowledgementTemplate(review.stack, change, today)}`,
        );
      }
    }
  }

  if (review.security.length > 0) {
    lines.push(
      markdown
        ? "\n**Security-relevant changes** (guardrail findings this plan introduces)\n"
        : "\n  Security-relevant changes (guardrail findings this plan introduces):",
    );
    for (const finding of review.security) {
      const suppressed = finding.suppressedBecause ? ` (suppressed in code: ${finding.suppressedBecause})` : "";
      lines.push(
        markdown
          ? `- ${code(finding.address)} ${code(finding.ruleId)}: ${finding.message}${suppressed}`
          : `    ${finding.address} ${finding.ruleId}: ${finding.message}${suppressed}`,
      );
    }
  }
  const blocking = review.destructive.filter((change) => !change.acknowledgedBy).length;
  lines.push(
    markdown
      ? `\n${blocking ? `**Guard: ${blocking} unacknowledged destructive change(s).**` : "Guard: passed."}`
      : `\n  guard: ${blocking ? `${blocking} unacknowledged destructive change(s) of stateful resources: refused` : "passed"}`,
  );
  return lines.join("\n");
}

/** Warnings for acknowledgements that let nothing through in this run. */
export function formatUnused(unused: readonly UnusedAcknowledgement[]): string[] {
  return unused.map(({ entry, expired }) =>
    expired
      ? `warning: ${ACKNOWLEDGEMENTS_FILE}: the acknowledgement of ${entry.action} ${entry.stack} ${entry.address} expired on ${entry.expires}; remove it`
      : `warning: ${ACKNOWLEDGEMENTS_FILE}: the acknowledgement of ${entry.action} ${entry.stack} ${entry.address} matches no change in this plan; remove it once its change is applied`,
  );
}
