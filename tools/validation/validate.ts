import { BlockSchema, ProviderSchema, TypeRef, providerSchema } from "./provider-schema";
import { referencesIn } from "./references";
import { terraformBlocks, TerraformJson } from "../../lib/terraform-json";

export type { TerraformJson };

/**
 * The offline half of `terraform validate`: every resource, data source and provider block of a
 * synthesized stack is checked against the AWS provider schema (attribute names, required
 * arguments, nested blocks, primitive types) and every `${...}` reference and `depends_on` entry
 * must name something the stack declares.
 */

export interface ValidationProblem {
  /** `aws_vpc.network_vpc`, `data.aws_partition.x`, `provider.aws`, `output.x`. */
  readonly address: string;
  readonly message: string;
}

/** Keys Terraform itself handles on every resource or data block (not provider arguments). */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection", "dynamic"]);
const ALWAYS_DECLARED_ROOTS = new Set(["count", "each", "self", "path", "terraform"]);
const EXPRESSION = /^\$\{[\s\S]*\}$/;

export interface ValidateOptions {
  /** @default - the process-wide schema from the installed @cdktf/provider-aws */
  readonly schema?: ProviderSchema;
  /** Report required arguments that are missing (off for partial fixtures). @default true */
  readonly requiredAttributes?: boolean;
  /** Check that references and depends_on name declared things. @default true */
  readonly references?: boolean;
}

export function validateStack(json: TerraformJson, options: ValidateOptions = {}): ValidationProblem[] {
  const schema = options.schema ?? providerSchema();
  const requireAttributes = options.requiredAttributes ?? true;
  const problems: ValidationProblem[] = [];
  const report = (address: string, message: string) => problems.push({ address, message });

  for (const { kind, type, address, config } of terraformBlocks(json)) {
    // Other providers (and Terraform's built-ins such as terraform_remote_state) are not in this schema.
    if (!type.startsWith("aws_")) continue;
    const typeSchema = schema.type(kind, type);
    if (!typeSchema) {
      report(address, `unknown ${kind === "data" ? "data source" : "resource"} type "${type}" in @cdktf/provider-aws`);
      continue;
    }
    checkBlock(schema, config, typeSchema.block, "", (message) => report(address, message), true);
  }
  const requiredProblem = /^missing required attribute/;
  const keep = (problem: ValidationProblem) => requireAttributes || !requiredProblem.test(problem.message);
  for (const [name, configs] of Object.entries(json.provider ?? {})) {
    if (name !== "aws") continue;
    const typeSchema = schema.type("provider", name)!;
    for (const config of configs) {
      const address = config.alias ? `provider.aws.${aliasOf(config)}` : "provider.aws";
      checkBlock(schema, config, typeSchema.block, "", (message) => report(address, message), false);
    }
  }
  if (options.references ?? true) checkReferences(json, schema, report);
  schema.persist();
  return problems.filter(keep);
}

function checkBlock(
  schema: ProviderSchema,
  config: Record<string, unknown>,
  block: BlockSchema,
  prefix: string,
  report: (message: string) => void,
  topLevel: boolean,
): void {
  for (const [key, value] of Object.entries(config)) {
    if (topLevel && META_ARGUMENTS.has(key)) {
      if (key === "dynamic") checkDynamicBlocks(schema, value, block, report);
      continue;
    }
    const attribute = block[key];
    if (!attribute) {
      report(`unknown attribute "${prefix}${key}"${suggestion(key, Object.keys(block))}`);
      continue;
    }
    checkValue(schema, value, attribute.type, `${prefix}${key}`, report);
  }
  const dynamicBlocks = topLevel && isObject(config.dynamic) ? config.dynamic : {};
  for (const [key, attribute] of Object.entries(block)) {
    if (attribute.required && (config[key] === undefined || config[key] === null) && !(key in dynamicBlocks)) {
      report(`missing required attribute "${prefix}${key}"`);
    }
  }
}

function checkDynamicBlocks(schema: ProviderSchema, dynamic: unknown, block: BlockSchema, report: (message: string) => void): void {
  for (const [key, spec] of Object.entries(isObject(dynamic) ? dynamic : {})) {
    const attribute = block[key];
    if (!attribute || typeof attribute.type !== "object" || !("block" in attribute.type)) {
      report(`unknown dynamic block "${key}"${suggestion(key, Object.keys(block))}`);
      continue;
    }
    const content = isObject(spec) ? spec.content : undefined;
    if (isObject(content)) checkBlock(schema, content, schema.struct(attribute.type.block), `${key}.`, report, false);
  }
}

function checkValue(schema: ProviderSchema, value: unknown, type: TypeRef, at: string, report: (message: string) => void): void {
  if (value === null || value === undefined) return;
  // An interpolation's type is only known at plan time.
  if (typeof value === "string" && EXPRESSION.test(value)) return;
  const mismatch = (expected: string) => report(`"${at}" must be ${expected}, got ${JSON.stringify(value).slice(0, 80)}`);
  if (type === "any") return;
  if (type === "string") {
    if (typeof value === "object") mismatch("a string");
    return;
  }
  if (type === "number" || type === "boolean") {
    if (typeof value !== type) mismatch(`a ${type}`);
    return;
  }
  if ("list" in type) {
    if (!Array.isArray(value)) return mismatch("a list");
    value.forEach((element, index) => checkValue(schema, element, type.list, `${at}[${index}]`, report));
    return;
  }
  if ("map" in type) {
    if (!isObject(value)) return mismatch("a map");
    for (const [key, element] of Object.entries(value)) checkValue(schema, element, type.map, `${at}.${key}`, report);
    return;
  }
  // Nested block: Terraform JSON takes one object or a list of them.
  const nested = schema.struct(type.block);
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, index) => {
    const where = Array.isArray(value) ? `${at}[${index}]` : at;
    if (!isObject(item)) return report(`"${where}" must be a block (object), got ${JSON.stringify(item).slice(0, 80)}`);
    checkBlock(schema, item, nested, `${where}.`, report, false);
  });
}

function checkReferences(json: TerraformJson, schema: ProviderSchema, report: (address: string, message: string) => void): void {
  const declared = (section: Readonly<Record<string, unknown>> | undefined) => new Set(Object.keys(section ?? {}));
  const variables = declared(json.variable);
  const locals = declared(json.locals);
  const modules = declared(json.module);
  const providerAliases = new Set(
    Object.entries(json.provider ?? {}).flatMap(([name, configs]) =>
      configs.map((config) => (config.alias ? `${name}.${aliasOf(config)}` : name)),
    ),
  );
  const has = (kind: "resource" | "data", type: string, name: string) => Boolean(json[kind]?.[type]?.[name]);

  const checkAttribute = (kind: "resource" | "data", type: string, attribute: string | undefined, describe: string): string | undefined => {
    if (!attribute || attribute === "*" || /^\d+$/.test(attribute) || !type.startsWith("aws_")) return undefined;
    const readable = schema.type(kind, type)?.readable;
    return readable && !readable.includes(attribute)
      ? `${describe} reads "${attribute}", which ${type} does not have${suggestion(attribute, readable)}`
      : undefined;
  };

  const check = (address: string, value: unknown) => {
    walkStrings(value, (text, key) => {
      for (const { root, path } of referencesIn(text)) {
        const shown = [root, ...path].join(".");
        let problem: string | undefined;
        if (ALWAYS_DECLARED_ROOTS.has(root)) continue;
        if (root === "var") problem = variables.has(path[0]) ? undefined : `reference ${shown}: variable "${path[0]}" is not declared`;
        else if (root === "local") problem = locals.has(path[0]) ? undefined : `reference ${shown}: local "${path[0]}" is not declared`;
        else if (root === "module") problem = modules.has(path[0]) ? undefined : `reference ${shown}: module "${path[0]}" is not declared`;
        else if (root === "data") {
          problem = has("data", path[0], path[1])
            ? checkAttribute("data", path[0], path[2], `reference ${shown}`)
            : `dangling reference ${shown}: data.${path[0]}.${path[1]} is not declared in this stack`;
        } else if (path.length < 1) {
          problem = `reference ${shown} names nothing (expected <type>.<name>, var.<name>, local.<name> or data.<type>.<name>)`;
        } else {
          problem = has("resource", root, path[0])
            ? checkAttribute("resource", root, path[1], `reference ${shown}`)
            : `dangling reference ${shown}: ${root}.${path[0]} is not declared in this stack`;
        }
        if (problem) report(address, key ? `${key}: ${problem}` : problem);
      }
    });
  };

  for (const { address, config } of terraformBlocks(json)) {
    const { "//": _metadata, depends_on: dependsOn, provider, ...rest } = config;
    check(address, rest);
    for (const dependency of Array.isArray(dependsOn) ? dependsOn.map(String) : []) {
      const isData = dependency.startsWith("data.");
      const [type, name] = (isData ? dependency.slice("data.".length) : dependency).split(".");
      if (!has(isData ? "data" : "resource", type, name)) {
        report(address, `depends_on names ${dependency}, which is not declared in this stack`);
      }
    }
    if (typeof provider === "string" && !providerAliases.has(provider)) {
      report(address, `provider "${provider}" is not configured in this stack (have: ${[...providerAliases].join(", ")})`);
    }
  }
  for (const [name, output] of Object.entries(json.output ?? {})) check(`output.${name}`, output);
  for (const [name, local] of Object.entries(json.locals ?? {})) check(`local.${name}`, local);
  for (const configs of Object.values(json.provider ?? {})) configs.forEach((config) => check("provider", config));
}

/** Calls `visit` for every string inside `value` with the dotted key path leading to it. */
function walkStrings(value: unknown, visit: (text: string, key: string) => void, key = ""): void {
  if (typeof value === "string") visit(value, key);
  else if (Array.isArray(value)) value.forEach((item) => walkStrings(item, visit, key));
  else if (isObject(value)) {
    for (const [child, item] of Object.entries(value)) walkStrings(item, visit, key ? `${key}.${child}` : child);
  }
}

/** A provider block's alias, as written in `provider = "aws.<alias>"`. */
function aliasOf(config: Readonly<Record<string, unknown>>): string {
  return typeof config.alias === "string" ? config.alias : JSON.stringify(config.alias);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** ` (did you mean "x"?)` for the closest known name within 3 edits. */
function suggestion(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
