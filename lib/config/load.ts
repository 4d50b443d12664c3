import * as fs from "fs";
import * as path from "path";
import { z } from "zod";

/** Raised when a config file is unreadable or invalid; `problems` holds one line per mistake. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function valueAt(input: unknown, keys: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `domain.hostedZoneId`, `alarmEmails[0]`. */
export function formatPath(keys: readonly PropertyKey[]): string {
  return keys.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  );
}

function describe(value: unknown): string {
  return value === undefined ? "(missing)" : JSON.stringify(value);
}

/** One line per zod issue: `<file>: <field> = <value>: <what is allowed>`. */
function formatIssues(file: string, input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map(
        (key) =>
          `${file}: ${formatPath([...issue.path, key])}: unknown field (check the spelling; docs/configuration.md lists every allowed field)`,
      );
    }
    const field = formatPath(issue.path) || "(top level)";
    const written = valueAt(input, issue.path);
    // A cross-field check can fail on a value the file never set: show the default it got, or that it is
    // missing (a check that asks for a field without default marks its issue `params.missing`).
    const missing = issue.code === "custom" && (issue.params as { missing?: boolean } | undefined)?.missing === true;
    const shown = written === undefined && issue.input !== undefined && !missing ? `${describe(issue.input)} (default)` : describe(written);
    return [`${file}: ${field} = ${shown}: ${issue.message}`];
  });
}

/** A deep copy of `input` without the values at `paths` (so their defaults apply). */
function withoutValuesAt(input: unknown, paths: readonly (readonly PropertyKey[])[]): unknown {
  const copy: unknown = structuredClone(input);
  for (const keys of paths) {
    const parent = valueAt(copy, keys.slice(0, -1));
    if (parent !== null && typeof parent === "object" && keys.length > 0)
      delete (parent as Record<PropertyKey, unknown>)[keys[keys.length - 1]];
  }
  return copy;
}

/**
 * Issues carry the bad value for the messages. `jitless`: each schema parses a handful of small files
 * once per run, and compiling zod's fast path for an object (`new Function`) costs more than it saves.
 */
const PARSE_OPTIONS = { reportInput: true, jitless: true } as const;

/**
 * Parses `input` (the contents of `file`) with `schema`, throwing a ConfigError that names every problem.
 * zod runs cross-field checks only on a well-typed object, so when fields are malformed the file is
 * checked again without them (defaults standing in): one run reports both kinds of mistake.
 */
export function parseConfig<S extends z.ZodType>(file: string, input: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(input, PARSE_OPTIONS);
  if (result.success) return result.data;
  const issues = [...result.error.issues];
  const fieldIssues = issues.filter((issue) => issue.code !== "custom");
  if (fieldIssues.length > 0 && fieldIssues.length === issues.length) {
    const malformed = fieldIssues.flatMap((issue) =>
      issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path],
    );
    const retry = schema.safeParse(withoutValuesAt(input, malformed), PARSE_OPTIONS);
    if (!retry.success) issues.push(...retry.error.issues.filter((issue) => issue.code === "custom"));
  }
  throw new ConfigError(formatIssues(file, input, issues));
}

/** `file` as messages show it: relative to the working directory. */
export function shownPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** The JSON in `file`, or a ConfigError saying why it cannot be read. */
export function readConfigJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError([`${shownPath(file)}: cannot be read as JSON: ${(error as Error).message}`]);
  }
}

/** Reads and validates one JSON config file. `file` is reported relative to the working directory. */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseConfig(shownPath(file), readConfigJson(file), schema);
}
