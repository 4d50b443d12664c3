/**
 * The move from cdktf (archived at 0.21) to its maintained fork CDK Terrain (`cdktn`), as data and pure
 * functions: which packages replace which (pinned once, in cdk-terrain-packages.json), what changes in the
 * source, and how the synthesized stacks of both are compared. `npm run compat:cdktn` applies them to
 * a temporary copy; docs/cdk-terrain.md describes the same steps for people.
 *
 * What does not change: CDK Terrain still reads `cdktf.json`, writes `cdktf.out/` and honours the
 * `CDKTF_*` environment variables, so only package names, import paths and the CLI's name move.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { stringLiterals } from "./string-literals";

export interface Replacement {
  readonly name: string;
  readonly version: string;
}

export interface CdkTerrainPins {
  /** Oldest Node.js the CDK Terrain CLI runs on (its `engines`; older ones fail in `cdktn synth`). */
  readonly minimumNode: string;
  /** cdktf package name -> its CDK Terrain counterpart. */
  readonly packages: Readonly<Record<string, Replacement>>;
}

export const CDK_TERRAIN = JSON.parse(fs.readFileSync(path.join(__dirname, "cdk-terrain-packages.json"), "utf8")) as CdkTerrainPins;

export interface PackageJson {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

const DEPENDENCY_SECTIONS = ["dependencies", "devDependencies"] as const;

/** The cdktf CLI as a command in an npm script (`cdktf synth`, `... && cdktf deploy`), not `cdktf.out`. */
const CLI_IN_SCRIPT = /(^|[\s;&|(])cdktf(?=\s|$)/g;

/**
 * package.json with every cdktf package replaced by its CDK Terrain counterpart, in the same section at
 * the pinned version, and npm scripts calling `cdktn` instead of `cdktf`. Throws when a package to
 * replace is missing, naming the file and the package.
 */
export function swapPackages(pkg: PackageJson, file = "package.json", pinned: CdkTerrainPins = CDK_TERRAIN): PackageJson {
  const sections: Record<string, Record<string, string>> = {};
  for (const section of DEPENDENCY_SECTIONS) if (pkg[section]) sections[section] = { ...pkg[section] };
  for (const [from, to] of Object.entries(pinned.packages)) {
    const section = DEPENDENCY_SECTIONS.find((name) => sections[name]?.[from] !== undefined);
    if (!section) {
      throw new Error(
        `${file}: "${from}" is in neither dependencies nor devDependencies, so it cannot be replaced by ${to.name}@${to.version}; ` +
          `the move to CDK Terrain starts from a cdktf project`,
      );
    }
    delete sections[section][from];
    sections[section][to.name] = to.version;
  }
  const sorted = Object.fromEntries(
    Object.entries(sections).map(([name, deps]) => [name, Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)))]),
  );
  const scripts =
    pkg.scripts &&
    Object.fromEntries(Object.entries(pkg.scripts).map(([name, command]) => [name, command.replace(CLI_IN_SCRIPT, "$1cdktn")]));
  return { ...pkg, ...sorted, ...(scripts && { scripts }) };
}

/**
 * Marks a line whose cdktf string is not a module and must keep its name under CDK Terrain, with the
 * reason after it, at the end of the line or alone on the line before:
 * `ManagedBy: "cdktf", // compat:keep-cdktf a tag value; renaming it re-tags every resource`.
 */
export const KEEP_PRAGMA = "compat:keep-cdktf";

/** The line (index into `lines`) that holds KEEP_PRAGMA for line `index`, or undefined when none does. */
export function keepPragmaLine(lines: readonly string[], index: number): number | undefined {
  if (lines[index]?.includes(KEEP_PRAGMA)) return index;
  return index > 0 && lines[index - 1].includes(KEEP_PRAGMA) ? index - 1 : undefined;
}

/**
 * The CDK Terrain name for `value`, when it names a cdktf module: a pinned package alone or with a path
 * inside it (`"cdktf"`, `"cdktf/lib/util"`, `"cdktf-cli/package.json"`, `"@cdktf/provider-aws/lib/vpc"`),
 * or a jsii type name read from the provider's metadata, `"<assembly>.[<submodule>.]<Type>"`
 * (`"cdktf.IResolvable"`, `"@cdktf/provider-aws.vpc.Vpc"`) or the assembly prefix on its own
 * (`"@cdktf/provider-aws."`). `"cdktf.out"` and `"cdktf.json"` have no type name and stay.
 */
function movedModuleName(value: string): string | undefined {
  // Longest first, so "cdktf-cli" is never read as "cdktf" followed by something.
  for (const [from, to] of Object.entries(CDK_TERRAIN.packages).sort(([a], [b]) => b.length - a.length)) {
    if (!value.startsWith(from)) continue;
    const rest = value.slice(from.length);
    if (rest === "" || rest.startsWith("/") || /^\.((?:[a-z_]\w*\.)*[A-Z]\w*)?$/.test(rest)) return `${to.name}${rest}`;
  }
  return undefined;
}

/**
 * What changes in TypeScript and JavaScript source (SOURCE_FILE): every string literal whose *value* names
 * a cdktf module (movedModuleName), whatever takes it: `from`, `import "..."`, `import("...")`, `import
 * type`, `export ... from`, `import x = require(...)`, `require`, `require.resolve`, `jest.mock` and
 * `requireActual`, or a variable a later `import(name)` reads. Literals are read with TypeScript's parser,
 * so a name quoted inside a longer string, prose and comments keep their text. A value that is exactly a
 * package name but no module (the `ManagedBy: "cdktf"` tag) stays where KEEP_PRAGMA holds its line.
 */
export function rewriteSource(text: string, fileName = "source.ts"): string {
  const lines = text.split("\n");
  let result = text;
  // From the end, so earlier offsets stay valid.
  for (const literal of stringLiterals(fileName, text).reverse()) {
    // A template's text after a `${...}` is the middle of a value, never a whole module name.
    if (literal.template === "rest") continue;
    const moved = movedModuleName(literal.value);
    if (moved === undefined || keepPragmaLine(lines, literal.line) !== undefined) continue;
    const valueStart = literal.start + 1;
    // A value written with escapes is left alone (and the guard reports it).
    if (result.slice(valueStart, valueStart + literal.value.length) !== literal.value) continue;
    result = `${result.slice(0, valueStart)}${moved}${result.slice(valueStart + literal.value.length)}`;
  }
  return result;
}

/** Source files the rewrite applies to: TypeScript and JavaScript of every module flavour. */
export const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|cjs|mjs)$/;

/** Raised when the project is not a git checkout: its file list comes from git. */
export class NotAGitCheckoutError extends Error {}

/**
 * The project's files as git sees them (committed, changed and new, not ignored), relative to `root`:
 * exactly what the compat copy holds. A release archive has no git metadata to honour `.gitignore` with.
 */
export function projectFiles(root: string): string[] {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  if (listed.error || listed.status !== 0) {
    const why = listed.error ? `git is not on PATH (${listed.error.message})` : (listed.stderr.trim().split("\n")[0] ?? "");
    throw new NotAGitCheckoutError(
      `${root} is not a git checkout (${why}); the compat copy is the files git lists, so run it in a clone of the repository`,
    );
  }
  return listed.stdout.split("\0").filter((file) => file && fs.existsSync(path.join(root, file)));
}

/**
 * Moves the project in `dir` to CDK Terrain in place: package.json swapped, every source file outside
 * node_modules rewritten. Returns the files changed, relative to `dir`. `npm install` is the caller's.
 */
export function moveToCdkTerrain(dir: string): string[] {
  const packageFile = path.join(dir, "package.json");
  const pkg = JSON.parse(fs.readFileSync(packageFile, "utf8")) as PackageJson;
  fs.writeFileSync(packageFile, `${JSON.stringify(swapPackages(pkg, packageFile), null, 2)}\n`);
  const changed = ["package.json"];
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") visit(file);
      } else if (SOURCE_FILE.test(entry.name)) {
        const text = fs.readFileSync(file, "utf8");
        const rewritten = rewriteSource(text, entry.name);
        if (rewritten !== text) {
          fs.writeFileSync(file, rewritten);
          changed.push(path.relative(dir, file));
        }
      }
    }
  };
  visit(dir);
  return changed;
}

/**
 * The only paths of a stack's JSON allowed to differ: the provider binding's source and version, and the
 * library version stamped in the `//` block, a JSON comment that Terraform ignores.
 */
export const EXPECTED_DIFFERENCES: readonly string[] = [
  "terraform.required_providers.aws.source",
  "terraform.required_providers.aws.version",
  "//.metadata.version",
];

export interface Difference {
  readonly stack: string;
  /** Dotted path in cdk.tf.json (`[i]` for list items); empty when a whole stack is missing on one side. */
  readonly path: string;
  readonly cdktf: unknown;
  readonly cdktn: unknown;
  /** True for the paths in EXPECTED_DIFFERENCES; any other difference fails the comparison. */
  readonly expected: boolean;
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every leaf where `a` and `b` differ, as [path, a's value, b's value]; `undefined` where one side lacks it. */
export function jsonDifferences(a: Json, b: Json, at = ""): [string, Json, Json][] {
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => jsonDifferences(a[i], b[i], `${at}[${i}]`)).flat();
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => jsonDifferences(a[key], b[key], at ? `${at}.${key}` : key));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [[at, a, b]];
}

/** Compares the stacks of two syntheses (stack name -> cdk.tf.json), stack by stack. */
export function compareStacks(cdktf: Readonly<Record<string, Json>>, cdktn: Readonly<Record<string, Json>>): Difference[] {
  const names = [...new Set([...Object.keys(cdktf), ...Object.keys(cdktn)])].sort();
  return names.flatMap((stack): Difference[] => {
    if (!(stack in cdktf) || !(stack in cdktn)) {
      return [
        {
          stack,
          path: "",
          cdktf: stack in cdktf ? "synthesized" : "missing",
          cdktn: stack in cdktn ? "synthesized" : "missing",
          expected: false,
        },
      ];
    }
    return jsonDifferences(cdktf[stack], cdktn[stack]).map(([at, before, after]) => ({
      stack,
      path: at,
      cdktf: before,
      cdktn: after,
      expected: EXPECTED_DIFFERENCES.includes(at),
    }));
  });
}

/** Every stack in a synthesis output folder (`<outdir>/stacks/<name>/cdk.tf.json`), by name. */
export function readSynthesizedStacks(outdir: string): Record<string, Json> {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) throw new Error(`${outdir}: no stacks/ folder; synthesis wrote nothing there`);
  return Object.fromEntries(
    fs
      .readdirSync(stacksDir)
      .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
      .map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")) as Json]),
  );
}

/** The diff report: per stack, identical or each difference (`cdktf value -> cdktn value`), marked expected or not. */
export function describeDifferences(stacks: readonly string[], differences: readonly Difference[]): string[] {
  const show = (value: Json) => (value === undefined ? "(absent)" : JSON.stringify(value));
  return stacks.flatMap((stack) => {
    const own = differences.filter((difference) => difference.stack === stack);
    if (own.length === 0) return [`${stack}: identical`];
    return [
      `${stack}: ${own.filter((d) => !d.expected).length} unexpected, ${own.filter((d) => d.expected).length} expected difference(s)`,
      ...own.map((d) => `  ${d.expected ? "expected  " : "UNEXPECTED"} ${d.path || "(stack)"}: ${show(d.cdktf)} -> ${show(d.cdktn)}`),
    ];
  });
}
