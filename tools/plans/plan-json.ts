/**
 * Terraform's machine-readable plan (`terraform show -json <planfile>`), as far as the review reads it:
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation. Any 1.x
 * `format_version` is read (1.0 to 1.2 so far); the format promises that minor versions only add fields.
 */
import * as fs from "fs";

/** `change.actions` of a resource change, as Terraform writes them. */
export type Action = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface Change {
  /** ["create"], ["update"], ["delete"], ["delete","create"] (replace), ["create","delete"] (create before destroy), ... */
  readonly actions: readonly Action[];
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  /** `true` where a value is known only after apply (same shape as `after`). */
  readonly after_unknown?: unknown;
  /** Paths of the attributes whose change forces the replacement, e.g. [["engine_version"]]. */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
  /** Set when the resource is imported by this plan (Terraform >= 1.5). */
  readonly importing?: { readonly id?: string };
}

export interface ResourceChange {
  readonly address: string;
  /** Set when a `moved` block renamed the resource. */
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly change: Change;
  /** Why Terraform replaces or deletes: `replace_because_cannot_update`, `replace_by_request`, `delete_because_no_resource_config`, ... */
  readonly action_reason?: string;
}

/** One expression of the `configuration` section: a literal, references, or nested blocks. */
export type Expression = { readonly constant_value?: unknown; readonly references?: readonly string[] } | readonly Expressions[];
export type Expressions = Readonly<Record<string, Expression>>;

export interface ConfigurationResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly expressions?: Expressions;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly configuration?: { readonly root_module?: { readonly resources?: readonly ConfigurationResource[] } };
  /** False when the plan stopped on an error (Terraform >= 1.8); such a plan is incomplete. */
  readonly errored?: boolean;
}

/** Why a file is not a plan this review can read. */
export class PlanReadError extends Error {}

/** Parses plan JSON text; `file` names it in the error. */
export function parsePlanJson(text: string, file: string): PlanJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PlanReadError(`${file}: not JSON (${(error as Error).message}); give the output of \`terraform show -json <planfile>\``);
  }
  const plan = parsed as Partial<PlanJson> | null;
  if (typeof plan !== "object" || plan === null || typeof plan.format_version !== "string") {
    throw new PlanReadError(`${file}: format_version is missing; this is not Terraform plan JSON (\`terraform show -json <planfile>\`)`);
  }
  if (!/^1\.\d+$/.test(plan.format_version)) {
    throw new PlanReadError(`${file}: format_version = "${plan.format_version}" is not supported; expected 1.x`);
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new PlanReadError(`${file}: resource_changes must be a list`);
  }
  return plan as PlanJson;
}

export function readPlanJson(file: string): PlanJson {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanReadError(`${file}: cannot be read`);
  }
  return parsePlanJson(text, file);
}

/** What a change does, in the summary's words. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "forget" | "no-op" | "read";

export function changeKind(change: Change): ChangeKind {
  const actions = change.actions;
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  return actions[0] ?? "no-op";
}

/** Replacements that create the new object before destroying the old (`create_before_destroy`). */
export function createsBeforeDestroying(change: Change): boolean {
  return change.actions[0] === "create" && change.actions[1] === "delete";
}
