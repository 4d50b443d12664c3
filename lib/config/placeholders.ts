/**
 * Placeholders: values in the committed config that only stand in for an operator's own (a hosted
 * zone id like `Z0REPLACEWITHZONEID`, a `*-replace-me` bucket, `example.com`). Each schema field that
 * may hold one declares it with `placeholder(...)`, next to its definition; config loading accepts
 * them (a fresh clone synthesizes), and `npm run preflight` lists them before anything is applied.
 */
import { z } from "zod";
import { cidrContains, parseCidr } from "../cidr";
import { formatPath } from "./load";

export interface PlaceholderRule {
  /** True for a value that cannot work in a real account. @default - the rule of the schema it refines */
  readonly test?: (value: string) => boolean;
  /** What to put there instead. */
  readonly fix: string;
}

/** One placeholder found in a config file. */
export interface PlaceholderFinding {
  /** Dotted path, e.g. `domain.hostedZoneId` or `alarmEmails[0]`. */
  readonly field: string;
  readonly value: string;
  readonly fix: string;
}

const rules = z.registry<PlaceholderRule>();

/**
 * Declares which values of `schema` are placeholders. A rule without `test` keeps the test of the
 * schema it is given and only says, for this field, what to put there.
 */
export function placeholder<S extends z.ZodType>(schema: S, rule: PlaceholderRule): S {
  // A clone, so a field's rule never changes the shared type it is built from (the registry merges the two).
  const field = schema.clone() as z.ZodType;
  rules.add(field, rule);
  return field as S;
}

/** Every placeholder in `input` (a config file's JSON) by the rules declared in `schema`. */
export function findPlaceholders(schema: z.ZodType, input: unknown, path: readonly PropertyKey[] = []): PlaceholderFinding[] {
  if (input === undefined) return [];
  const rule = rules.get(schema);
  const own = typeof input === "string" && rule?.test?.(input) ? [{ field: formatPath(path), value: input, fix: rule.fix }] : [];
  return [...own, ...inside(schema, input, path)];
}

function inside(schema: z.ZodType, input: unknown, path: readonly PropertyKey[]): PlaceholderFinding[] {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault
  ) {
    return findPlaceholders(schema.unwrap() as z.ZodType, input, path);
  }
  if (schema instanceof z.ZodPipe) return findPlaceholders(schema.in as z.ZodType, input, path);
  if (schema instanceof z.ZodUnion) {
    // Each option judges the fields it knows; the same value is reported once.
    const found = (schema.options as z.ZodType[]).flatMap((option) => findPlaceholders(option, input, path));
    return found.filter((finding, index) => found.findIndex((other) => other.field === finding.field) === index);
  }
  if (input === null || typeof input !== "object") return [];
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
      findPlaceholders(field, (input as Record<string, unknown>)[key], [...path, key]),
    );
  }
  if (schema instanceof z.ZodArray && Array.isArray(input)) {
    return input.flatMap((item, index) => findPlaceholders(schema.element as z.ZodType, item, [...path, index]));
  }
  return [];
}

/** Words that mark a value as a stand-in: `*-replace-me`, `Z0REPLACEWITHZONEID`, `EXAMPLE`, `changeme`. */
export function isPlaceholderText(value: string): boolean {
  return /replace|example|change-?me|placeholder/i.test(value);
}

/**
 * Names reserved for documentation, which never resolve on the internet: example.com/.net/.org
 * (RFC 2606 section 3) and the .example, .test, .invalid and .localhost top-level domains (section 2).
 */
export function isReservedDomain(value: string): boolean {
  return /(^|\.)example\.(com|net|org)$|\.(example|test|invalid|localhost)$/i.test(value) || isPlaceholderText(value);
}

/** Address blocks reserved for documentation (RFC 5737): TEST-NET-1, -2 and -3. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((cidr) => parseCidr(cidr)!);

export function isDocumentationCidr(value: string): boolean {
  const parsed = parseCidr(value);
  return parsed !== undefined && DOCUMENTATION_RANGES.some((range) => cidrContains(range, parsed));
}

/** The account ids AWS documentation uses in examples, and ids of one repeated digit. */
export function isExampleAccountId(value: string): boolean {
  return ["123456789012", "111122223333", "444455556666", "777788889999"].includes(value) || /^(\d)\1{11}$/.test(value);
}

/** An ARN in an example account or with placeholder words. */
export function isExampleArn(value: string): boolean {
  return isExampleAccountId(value.split(":")[4] ?? "") || isPlaceholderText(value);
}
