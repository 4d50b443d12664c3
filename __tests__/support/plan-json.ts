/**
 * Plan JSON fixtures in Terraform's documented machine-readable format (format_version 1.2,
 * https://developer.hashicorp.com/terraform/internals/json-format), built one resource change at a time;
 * and the real one `terraform show -json` wrote for tools/plans/fixtures/terraform-data.tf.json.
 */
import * as fs from "fs";
import * as path from "path";
import { Action, ConfigurationResource, PlanJson, ResourceChange } from "../../tools/plans/plan-json";

export const REAL_PLAN_FILE = path.join(__dirname, "..", "tools", "plans", "fixtures", "terraform-data.plan.json");
export const TERRAFORM_DATA_CONFIG = path.join(__dirname, "..", "tools", "plans", "fixtures", "terraform-data.tf.json");

export function realPlan(): PlanJson {
  return JSON.parse(fs.readFileSync(REAL_PLAN_FILE, "utf8")) as PlanJson;
}

type Values = Record<string, unknown>;

/** The actions Terraform writes for each kind of change. */
export const ACTIONS = {
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
  "delete-then-create": ["delete", "create"],
  "create-then-delete": ["create", "delete"],
  "no-op": ["no-op"],
} as const satisfies Record<string, readonly Action[]>;

export interface ChangeSpec {
  readonly address: string;
  readonly actions: readonly Action[];
  readonly before?: Values | null;
  readonly after?: Values | null;
  readonly afterUnknown?: Values;
  readonly replacePaths?: (string | number)[][];
  readonly actionReason?: string;
}

/** One `resource_changes` entry; `before`/`after` default to what the actions imply. */
export function resourceChange(spec: ChangeSpec): ResourceChange {
  const [type, name] = spec.address.split(".");
  const creates = spec.actions.includes("create");
  const deletes = spec.actions.includes("delete");
  return {
    address: spec.address,
    mode: "managed",
    type,
    name: name.replace(/\[.*$/, ""),
    change: {
      actions: spec.actions,
      before: spec.before !== undefined ? spec.before : creates && !deletes ? null : {},
      after: spec.after !== undefined ? spec.after : deletes && !creates ? null : {},
      after_unknown: spec.afterUnknown ?? {},
      ...(spec.replacePaths ? { replace_paths: spec.replacePaths } : {}),
    },
    ...(spec.actionReason ? { action_reason: spec.actionReason } : {}),
  };
}

export function planWith(changes: readonly ChangeSpec[], configuration: readonly ConfigurationResource[] = []): PlanJson {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes.map(resourceChange),
    configuration: { root_module: { resources: [...configuration] } },
  };
}
