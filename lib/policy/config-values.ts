/**
 * Small readers for synthesized Terraform JSON, shared by the rules. A `${...}` expression is decided
 * at plan time; rules treat it as "set" (a reference to a KMS key is a KMS key), never as a literal.
 */

export type Config = Readonly<Record<string, unknown>>;

const WHOLE_EXPRESSION = /^\$\{[\s\S]*\}$/;

/** True for a value that is one `${...}` expression. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && WHOLE_EXPRESSION.test(value);
}

/** Nested blocks under `key`: Terraform JSON allows one object or a list of objects. */
export function blocks(config: Config | undefined, key: string): Config[] {
  const value = config?.[key];
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.filter((item): item is Config => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The first nested block under `key`. */
export function block(config: Config | undefined, key: string): Config | undefined {
  return blocks(config, key)[0];
}

/** `true`, or an expression (decided at plan time). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true" || isExpression(value);
}

/** Explicitly `true` or `"true"` (for settings that must not be left to an expression). */
export function isLiterallyTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** A non-empty value (string, number, boolean, list or block). */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function numberValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** Whether any string inside a value, depth first, passes `test` (stops at the first). */
export function someString(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === "string") return test(value);
  if (Array.isArray(value)) return value.some((item) => someString(item, test));
  if (typeof value === "object" && value !== null) return Object.values(value).some((item) => someString(item, test));
  return false;
}

const referencePatterns = new Map<string, RegExp>();

/** True when a string inside `value` interpolates `address` (`${aws_s3_bucket.logs.id}`, `aws_s3_bucket.logs.*.arn`). */
export function refersTo(value: unknown, address: string): boolean {
  let pattern = referencePatterns.get(address);
  if (!pattern) {
    const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    pattern = new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}([.[}\\s,)]|$)`);
    referencePatterns.set(address, pattern);
  }
  const test = pattern;
  return someString(value, (text) => text.includes("${") && test.test(text));
}

/** Elastic Beanstalk option value (`setting` blocks), undefined when not set. */
export function beanstalkSetting(config: Config, namespace: string, name: string): string | undefined {
  const setting = blocks(config, "setting").find((entry) => entry.namespace === namespace && entry.name === name);
  return setting === undefined ? undefined : String(setting.value);
}

/** `value` as a list of strings (IAM `Action: "s3:GetObject"` or `["s3:GetObject"]`). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A value for a message: strings as they are, anything else as JSON. */
export function text(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}
