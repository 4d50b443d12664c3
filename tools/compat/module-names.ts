/**
 * The guard that keeps the move to CDK Terrain green between the weekly `npm run compat:cdktn` runs.
 * It reads every source file with TypeScript's parser, not with the rewrite's regular expressions, so
 * the two are independent: a cdktf module name in a form the rewrite misses (the dynamic `import("cdktf")`
 * that broke the weekly run once) is found here, in `npm test`, with its file and line.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { KEEP_PRAGMA, keepPragmaLine, rewriteSource, SOURCE_FILE } from "./cdk-terrain";

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

const scriptKind = (fileName: string): ts.ScriptKind =>
  /\.[cm]?jsx?$/.test(fileName)
    ? fileName.endsWith("x")
      ? ts.ScriptKind.JSX
      : ts.ScriptKind.JS
    : fileName.endsWith("x")
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;

/**
 * Every string (quoted, template, or a template's leading text) in `text` whose value names a cdktf
 * module, except where KEEP_PRAGMA holds the line with a reason; a pragma without a reason is reported.
 */
export function cdktfModuleNames(fileName: string, text: string, pattern: RegExp = CDKTF_MODULE): ModuleName[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const lines = text.split("\n");
  const found: ModuleName[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) {
      // A template's head ("`cdktf/lib/${x}`") is the start of a path; a module name is never split.
      const value = ts.isTemplateHead(node) ? node.text.replace(/\/[^/]*$/, "/x") : node.text;
      if (pattern.test(value)) {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
        const pragma = keepPragmaLine(lines, line);
        if (pragma === undefined) found.push({ line: line + 1, column: character + 1, value: node.text });
        else if (!KEEP_WITH_REASON.test(lines[pragma])) {
          found.push({ line: line + 1, column: character + 1, value: node.text, problem: `${KEEP_PRAGMA} without a reason after it` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
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
  rewrite: (text: string) => string = rewriteSource,
): Leftover[] {
  return files
    .filter((file) => SOURCE_FILE.test(file))
    .flatMap((file) => cdktfModuleNames(file, rewrite(fs.readFileSync(path.join(root, file), "utf8"))).map((name) => ({ file, ...name })));
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
