/**
 * The guard that keeps the move to CDK Terrain green between the weekly `npm run compat:cdktn` runs: it
 * reads every source file after the rewrite and reports any string literal that still names a cdktf
 * module, with file, line and column. Its test of a name is broader than the rewrite's (any package of
 * the `@cdktf` scope, not only the pinned ones), so a rewrite that misses a form (as the regular
 * expressions that missed the dynamic `import("cdktf")` once did) or a newly added package fails `npm
 * test`, not the weekly run days later.
 */
import * as fs from "fs";
import * as path from "path";
import { KEEP_PRAGMA, keepPragmaLine, rewriteSource, SOURCE_FILE } from "./cdk-terrain";
import { stringLiterals } from "./string-literals";

/**
 * A string that names a module of the library (`l` is `f` for cdktf, `n` for CDK Terrain): the library,
 * its CLI, or any package of its scope (not only those pinned in cdk-terrain-packages.json, so a newly
 * added `@cdktf/provider-*` is caught too), alone or with a path inside it; or a jsii type name of one
 * (`cdktf.IResolvable`, `@cdktf/provider-aws.vpc.Vpc`).
 */
const moduleName = (l: string) =>
  new RegExp(`^(cdkt${l}|cdkt${l}-cli|@cdkt${l}\\/[a-z0-9._-]+)(\\/.*|\\.((?:[a-z_]\\w*\\.)*[A-Z]\\w*)?)?$`);
const CDKTF_MODULE = moduleName("f");
const CDKTF_OR_CDKTN_MODULE = moduleName("[fn]");

/**
 * Code in a template that loads a module of the library (`require("cdktf")`, `import("cdktf")`, `from
 * "cdktf"`): a script built at run time (for a child process), which the rewrite cannot reach since it
 * reads whole strings. The test of what synthesis loads once failed only in the weekly run for this.
 */
const embeddedLoad = (l: string) => {
  const name = `(?:cdkt${l}|cdkt${l}-cli|@cdkt${l}/[a-z0-9._-]+)(?:/[^"']*)?`;
  return new RegExp(`\\b(?:require|import)\\s*\\(\\s*["']${name}["']|\\bfrom\\s+["']${name}["']`);
};
const EMBEDDED = new Map<RegExp, RegExp>([
  [CDKTF_MODULE, embeddedLoad("f")],
  [CDKTF_OR_CDKTN_MODULE, embeddedLoad("[fn]")],
]);
const EMBEDDED_PROBLEM =
  "is code in a template that loads a cdktf module, which the CDK Terrain rewrite cannot reach (it reads whole strings): interpolate the name from a string constant";

/** KEEP_PRAGMA followed by its reason. */
const KEEP_WITH_REASON = new RegExp(`${KEEP_PRAGMA}\\s+\\S`);

export interface ModuleName {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** The string's value. */
  readonly value: string;
  /** Why it is reported, beyond naming a module. @default - a module name */
  readonly problem?: string;
}

/**
 * Every string (quoted, template, or a template's leading text) in `text` whose value names a cdktf
 * module, and every template whose code loads one, except where KEEP_PRAGMA holds the line with a reason;
 * a pragma without a reason is reported.
 */
export function cdktfModuleNames(fileName: string, text: string, pattern: RegExp = CDKTF_MODULE): ModuleName[] {
  const lines = text.split("\n");
  const embedded = EMBEDDED.get(pattern);
  return stringLiterals(fileName, text).flatMap((literal): ModuleName[] => {
    // A template's head ("`cdktf/lib/${x}`") is the start of a path: judge it as one.
    const value = literal.template === "head" ? literal.value.replace(/\/[^/]*$/, "/x") : literal.value;
    const loads = literal.template !== "none" && embedded?.test(literal.value) === true;
    if (!loads && (literal.template === "rest" || !pattern.test(value))) return [];
    const at = { line: literal.line + 1, column: literal.column + 1, value: literal.value, ...(loads && { problem: EMBEDDED_PROBLEM }) };
    const pragma = keepPragmaLine(lines, literal.line);
    if (pragma === undefined) return [at];
    return KEEP_WITH_REASON.test(lines[pragma]) ? [] : [{ ...at, problem: `${KEEP_PRAGMA} without a reason after it` }];
  });
}

export interface Leftover extends ModuleName {
  /** Relative to the project root. */
  readonly file: string;
}

/**
 * The cdktf module names that `rewrite` leaves behind in the source files among `files` (paths relative
 * to `root`, as the compat copy lists them).
 */
export function leftoversAfterRewrite(
  root: string,
  files: readonly string[],
  rewrite: (text: string, fileName: string) => string = rewriteSource,
): Leftover[] {
  return files
    .filter((file) => SOURCE_FILE.test(file))
    .flatMap((file) =>
      cdktfModuleNames(file, rewrite(fs.readFileSync(path.join(root, file), "utf8"), file)).map((name) => ({ file, ...name })),
    );
}

/** One line per leftover: `file:line:column: "value" ...`, what a developer fixes from. */
export function describeLeftovers(leftovers: readonly Leftover[]): string[] {
  return leftovers.map(
    ({ file, line, column, value, problem }) =>
      `${file}:${line}:${column}: ${JSON.stringify(value)} ${problem ?? "still names a cdktf module after the CDK Terrain rewrite"}` +
      (problem
        ? ""
        : `: extend rewriteSource (tools/compat/cdk-terrain.ts), or if it is no module mark the line "// ${KEEP_PRAGMA} <reason>"`),
  );
}

/**
 * The source files among `files` that name a cdktf module, or a CDK Terrain one once moved: the files the
 * move rewrites, so a change to any of them can break it (the `cdk-terrain` workflow runs on them).
 */
export function filesNamingCdkModules(root: string, files: readonly string[]): string[] {
  return files
    .filter((file) => SOURCE_FILE.test(file))
    .filter((file) => cdktfModuleNames(file, fs.readFileSync(path.join(root, file), "utf8"), CDKTF_OR_CDKTN_MODULE).length > 0)
    .sort();
}

/** The workflow's generated `paths` entries are the lines between these two. */
export const WORKFLOW_PATHS_BEGIN = "# compat:rewritten-files:begin (generated by `npm run docs`)";
export const WORKFLOW_PATHS_END = "# compat:rewritten-files:end";

/**
 * `workflow` (the cdk-terrain workflow's YAML) with the list between the markers replaced by `files`, at the
 * markers' indentation; undefined when the markers are missing.
 */
export function withWorkflowPaths(workflow: string, files: readonly string[]): string | undefined {
  const begin = workflow.indexOf(WORKFLOW_PATHS_BEGIN);
  const end = workflow.indexOf(WORKFLOW_PATHS_END);
  if (begin < 0 || end < begin) return undefined;
  const indent = workflow.slice(workflow.lastIndexOf("\n", begin) + 1, begin);
  const entries = files.map((file) => `${indent}- ${file}\n`).join("");
  return `${workflow.slice(0, begin + WORKFLOW_PATHS_BEGIN.length)}\n${entries}${indent}${workflow.slice(end)}`;
}
