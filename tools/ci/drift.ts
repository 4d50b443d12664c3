/**
 * Drift: what changed in the account outside Terraform, from `terraform plan -refresh-only` (its
 * `resource_drift`, https://developer.hashicorp.com/terraform/internals/json-format#plan-representation),
 * and one GitHub issue per drifted stack: opened (or updated) while the stack drifts, closed once it is
 * clean again. An issue is found again by its label and title, so a rerun never opens a second one.
 */
import { PlanJson, ResourceChange } from "../plans/plan-json";
import { GitHub } from "./github";

export const DRIFT_LABEL = "drift";

export type DriftStatus = "clean" | "drifted" | "failed";

/** `- aws_security_group.app: update (ingress, tags)` per drifted resource. */
export function driftSummary(plan: PlanJson & { readonly resource_drift?: readonly ResourceChange[] }): string[] {
  return (plan.resource_drift ?? []).map((drift) => {
    const { before, after, actions } = drift.change;
    const changed = Object.keys({ ...(before ?? {}), ...(after ?? {}) }).filter(
      (key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]),
    );
    return `- \`${drift.address}\`: ${actions.join(", ")}${changed.length && after ? ` (${changed.join(", ")})` : ""}`;
  });
}

interface Issue {
  readonly number: number;
  readonly title: string;
  readonly pull_request?: unknown;
}

export const driftTitle = (stack: string) => `Drift: ${stack}`;

/** Opens, updates or closes the stack's drift issue; returns what it did. */
export async function reportDrift(
  github: GitHub,
  stack: string,
  status: DriftStatus,
  details: { readonly summary: readonly string[]; readonly runUrl: string; readonly today: string },
): Promise<"opened" | "updated" | "closed" | "none"> {
  const open = await github.list<Issue>(`/issues?state=open&labels=${DRIFT_LABEL}`);
  const existing = open.find((issue) => !issue.pull_request && issue.title === driftTitle(stack));
  if (status === "failed") return "none"; // a plan that failed says nothing about drift; the run itself fails
  if (status === "clean") {
    if (!existing) return "none";
    await github.request("POST", `/issues/${existing.number}/comments`, {
      body: `Clean again on ${details.today} ([run](${details.runUrl})).`,
    });
    await github.request("PATCH", `/issues/${existing.number}`, { state: "closed", state_reason: "completed" });
    return "closed";
  }
  const body = [
    `\`terraform plan -refresh-only\` on ${details.today} found changes made outside Terraform in \`${stack}\` ([run](${details.runUrl})):`,
    "",
    ...details.summary,
    "",
    "Either bring the code in line (and plan, review, apply) or undo the change in the account; this issue closes itself when the stack is clean again.",
    "See docs/operations.md, Drift.",
  ].join("\n");
  if (existing) {
    await github.request("PATCH", `/issues/${existing.number}`, { body });
    return "updated";
  }
  await github.request("POST", "/issues", { title: driftTitle(stack), body, labels: [DRIFT_LABEL] });
  return "opened";
}
