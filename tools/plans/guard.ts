/**
 * The plan guard over several plan files at once, as `npm run guard`, `npm run plan` and `npm run apply`
 * run it: each file's review, the unused acknowledgements of the stacks reviewed, one exit code.
 */
import * as path from "path";
import { Tier } from "../../lib/config/schema";
import { Acknowledgement } from "./acknowledgements";
import { PlanJson } from "./plan-json";
import { formatReview, formatUnused } from "./report";
import { PlanReview, reviewPlan, unusedAcknowledgements } from "./review";
import { SuppressionReasons } from "./security";

/** 0: every destructive change is acknowledged; 1: one is not. Unreadable input is 2 (the callers' usage error). */
const GUARD_PASSED = 0;
const GUARD_REFUSED = 1;
export const GUARD_BAD_INPUT = 2;

export interface GuardInput {
  readonly stack: string;
  readonly plan: PlanJson;
  /** Shown beside the stack name. */
  readonly source?: string;
  readonly tier?: Tier;
  readonly suppressions?: SuppressionReasons;
}

export interface GuardResult {
  readonly reviews: readonly PlanReview[];
  readonly report: string;
  readonly warnings: readonly string[];
  readonly exitCode: number;
}

/** Reviews every plan against the acknowledgements (readAcknowledgements of plans/acknowledged.json). */
export function guardPlans(inputs: readonly GuardInput[], acknowledgements: readonly Acknowledgement[], today: string): GuardResult {
  const reviews = inputs.map((input) =>
    reviewPlan(input.plan, { stack: input.stack, acknowledgements, today, tier: input.tier, suppressions: input.suppressions }),
  );
  const report = reviews.map((review, index) => formatReview(review, "text", today, inputs[index].source)).join("\n\n");
  return {
    reviews,
    report,
    warnings: formatUnused(unusedAcknowledgements(reviews, acknowledgements, today)),
    exitCode: reviews.some((review) => review.blocked) ? GUARD_REFUSED : GUARD_PASSED,
  };
}

/**
 * The stack a plan file belongs to from where it lies: `<plansDir>/<stack>/plan.json` (PLANS_DIR, or any
 * folder named `plans`) -> `<stack>`.
 */
export function stackFromPath(file: string, plansDir: string): string | undefined {
  const directory = path.dirname(path.resolve(file));
  const parent = path.dirname(directory);
  return parent === path.resolve(plansDir) || path.basename(parent) === "plans" ? path.basename(directory) : undefined;
}
