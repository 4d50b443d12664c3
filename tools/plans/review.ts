/**
 * The review of one plan: what it creates, updates, replaces and deletes (with why each replace
 * happens), the plan guard's verdict on destructive changes of stateful resources (tools/plans/stateful.ts,
 * plans/acknowledged.json), and the security-relevant changes. Pure: plan JSON in, a review out.
 */
import { Tier } from "../../lib/config/schema";
import { formatPath } from "../../lib/config/load";
import { Acknowledgement, isExpired } from "./acknowledgements";
import { changeKind, createsBeforeDestroying, PlanJson, ResourceChange } from "./plan-json";
import { SecurityFinding, securityChanges, SuppressionReasons } from "./security";
import { statefulReason } from "./stateful";

export type Counted = "create" | "update" | "replace" | "delete" | "forget" | "import" | "move";

export interface Removal {
  readonly address: string;
  readonly type: string;
  readonly action: "delete" | "replace";
  /** Replaces: the attributes whose change forces it (`replace_paths`), as Terraform prints them. */
  readonly forcedBy: readonly string[];
  /** Terraform's `action_reason`, in words; undefined when it gives none. */
  readonly reason?: string;
  /** Replaces: the new object is created before the old is destroyed (`create_before_destroy`). */
  readonly createBeforeDestroy: boolean;
}

export interface Destructive extends Removal {
  /** What is lost (the stateful type's or stack's reason). */
  readonly why: string;
  /** The acknowledgement that lets it through. */
  readonly acknowledgedBy?: Acknowledgement;
  /** A matching acknowledgement past its expiry date (it lets nothing through). */
  readonly expired?: Acknowledgement;
  /** An acknowledgement of this address with the other action. */
  readonly otherAction?: Acknowledgement;
}

export interface PlanReview {
  readonly stack: string;
  readonly counts: Readonly<Record<Counted, number>>;
  /** Every replace and delete, stateful or not, in plan order. */
  readonly removals: readonly Removal[];
  /** Deletes and replaces of stateful resources: the guard's subject. */
  readonly destructive: readonly Destructive[];
  readonly security: readonly SecurityFinding[];
  /** True when any destructive change lacks a valid acknowledgement. */
  readonly blocked: boolean;
  /** The plan stopped on an error: what it shows is incomplete. */
  readonly errored: boolean;
}

export interface ReviewOptions {
  readonly stack: string;
  readonly acknowledgements: readonly Acknowledgement[];
  /** YYYY-MM-DD, UTC. */
  readonly today: string;
  /** Guardrail tier for the security section. @default "production" (every rule runs) */
  readonly tier?: Tier;
  readonly suppressions?: SuppressionReasons;
}

/** Terraform's action reasons (https://developer.hashicorp.com/terraform/internals/json-format#change-representation), in words. */
const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: "an argument that cannot change in place changed",
  replace_because_tainted: "the object is tainted (a failed create, or `terraform taint`)",
  replace_by_request: "requested with -replace",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "removed from the configuration",
  delete_because_no_module: "its module was removed",
  delete_because_wrong_repetition: "count or for_each was added or removed",
  delete_because_count_index: "count shrank",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_move_target: "a moved block points at nothing",
};

export function reviewPlan(plan: PlanJson, options: ReviewOptions): PlanReview {
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode === "managed");
  const counts: Record<Counted, number> = { create: 0, update: 0, replace: 0, delete: 0, forget: 0, import: 0, move: 0 };
  const removals: Removal[] = [];
  const destructive: Destructive[] = [];
  for (const change of changes) {
    const kind = changeKind(change.change);
    if (kind in counts) counts[kind as Counted] += 1;
    if (change.change.importing) counts.import += 1;
    if (change.previous_address && change.previous_address !== change.address) counts.move += 1;
    if (kind !== "replace" && kind !== "delete") continue;
    const entry = removal(change, kind);
    removals.push(entry);
    const why = statefulReason(options.stack, change.type, change.change.before);
    if (why !== undefined) destructive.push({ ...entry, why, ...acknowledgementOf(entry, options) });
  }
  return {
    stack: options.stack,
    counts,
    removals,
    destructive,
    security: securityChanges(plan, options.tier ?? "production", options.suppressions),
    blocked: destructive.some((change) => !change.acknowledgedBy),
    errored: plan.errored === true,
  };
}

function removal(change: ResourceChange, action: "delete" | "replace"): Removal {
  return {
    address: change.address,
    type: change.type,
    action,
    forcedBy: (change.change.replace_paths ?? []).map((path) => formatPath(path)),
    reason: change.action_reason ? (ACTION_REASONS[change.action_reason] ?? change.action_reason) : undefined,
    createBeforeDestroy: createsBeforeDestroying(change.change),
  };
}

function acknowledgementOf(change: Removal, options: ReviewOptions): Pick<Destructive, "acknowledgedBy" | "expired" | "otherAction"> {
  const forAddress = options.acknowledgements.filter((entry) => entry.stack === options.stack && entry.address === change.address);
  const matching = forAddress.filter((entry) => entry.action === change.action);
  return {
    acknowledgedBy: matching.find((entry) => !isExpired(entry, options.today)),
    expired: matching.find((entry) => isExpired(entry, options.today)),
    otherAction: forAddress.find((entry) => entry.action !== change.action),
  };
}

export interface UnusedAcknowledgement {
  readonly entry: Acknowledgement;
  readonly expired: boolean;
}

/** Acknowledgements for the reviewed stacks that let nothing through: stale, mistyped, or expired. */
export function unusedAcknowledgements(reviews: readonly PlanReview[], acknowledgements: readonly Acknowledgement[], today: string) {
  const reviewed = new Set(reviews.map((review) => review.stack));
  const used = new Set(reviews.flatMap((review) => review.destructive.map((change) => change.acknowledgedBy)));
  return acknowledgements
    .filter((entry) => reviewed.has(entry.stack) && !used.has(entry))
    .map((entry): UnusedAcknowledgement => ({ entry, expired: isExpired(entry, today) }));
}
