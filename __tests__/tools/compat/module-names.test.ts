import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { NotAGitCheckoutError, projectFiles, rewriteSource } from "../../../tools/compat/cdk-terrain";
import {
  cdktfModuleNames,
  describeLeftovers,
  filesNamingCdkModules,
  leftoversAfterRewrite,
  WORKFLOW_PATHS_BEGIN,
  WORKFLOW_PATHS_END,
  withWorkflowPaths,
} from "../../../tools/compat/module-names";

const ROOT = path.join(__dirname, "..", "..", "..");
// Read from a .txt fixture: the compat run rewrites this test file itself, never its fixtures.
const FORMS_FILE = "module-forms.ts";
const forms = fs.readFileSync(path.join(__dirname, "fixtures", `${FORMS_FILE}.txt`), "utf8");
const formLines = forms.split("\n");
const lineOf = (text: string) => formLines.findIndex((line) => line.includes(text)) + 1;
/** Lines 2-23 of the fixture name a cdktf module each; the rest are not module names, or held by the pragma. */
const MODULE_LINES = Array.from({ length: 22 }, (_, index) => index + 2);

function scratchProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-guard-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("finding cdktf module names with TypeScript's parser", () => {
  test("GIVEN every form that names a module (static, side-effect, dynamic, import type, re-export, require, jest mocks, a string variable, jsii names) THEN each is found on its line, and nothing else is", () => {
    const found = cdktfModuleNames(FORMS_FILE, forms);
    expect([...new Set(found.map((name) => name.line))]).toEqual(MODULE_LINES);
    // compat:keep-cdktf the value in the .txt fixture, which the move does not rewrite
    expect(found.find((name) => name.line === lineOf('await import("cdktf")'))).toMatchObject({ value: "cdktf", column: 30 });
    expect(found.every((name) => name.problem === undefined)).toBe(true);
  });

  test("GIVEN the same forms WHEN rewritten for CDK Terrain THEN only the package the pins do not move is left, named with file, line and column", () => {
    const left = cdktfModuleNames(FORMS_FILE, rewriteSource(forms)).map((name) => ({ file: FORMS_FILE, ...name }));
    expect(describeLeftovers(left)).toEqual([
      `${FORMS_FILE}:${lineOf("provider-random")}:29: "@cdktf/provider-random/lib/provider" still names a cdktf module after the CDK Terrain rewrite: ` +
        'extend rewriteSource (tools/compat/cdk-terrain.ts), or if it is no module mark the line "// compat:keep-cdktf <reason>"',
    ]);
  });

  test("GIVEN a child-process script built in a template that loads cdktf THEN it is reported, since the rewrite reads whole strings only; the name interpolated from a constant passes", () => {
    const loads = 'const script = `\n  const { App } = require("cdktf");\n  build(${outdir});`;\n';
    expect(cdktfModuleNames("synth.test.ts", loads)).toEqual([
      expect.objectContaining({
        line: 1,
        column: 16,
        problem: expect.stringMatching(/^is code in a template that loads a cdktf module, /),
      }),
    ]);
    const dynamic = "const script = `const { Fn } = await import('@cdktf/provider-aws/lib/vpc');`;\n";
    expect(cdktfModuleNames("a.ts", dynamic)).toHaveLength(1);
    const interpolated = 'const CDKTF = "cdktf";\nconst script = `const { App } = require(${JSON.stringify(CDKTF)});`;\n';
    expect(cdktfModuleNames("synth.test.ts", rewriteSource(interpolated))).toEqual([]);
  });

  test("GIVEN the keep pragma without a reason THEN the string is reported for the missing reason", () => {
    expect(cdktfModuleNames("tags.ts", 'const tags = { ManagedBy: "cdktf" }; // compat:keep-cdktf\n')).toEqual([
      { line: 1, column: 27, value: "cdktf", problem: "compat:keep-cdktf without a reason after it" },
    ]);
  });
});

describe("the rewrite guard in npm test", () => {
  test("GIVEN every source file the compat copy holds WHEN rewritten for CDK Terrain THEN no cdktf module name is left", () => {
    const files = projectFiles(ROOT);
    expect(files.filter((file) => /\.(ts|js)$/.test(file)).length).toBeGreaterThan(100);
    expect(describeLeftovers(leftoversAfterRewrite(ROOT, files))).toEqual([]);
  });

  test('GIVEN a script gains `await import("cdktf")` AND a rewrite that misses dynamic imports (the one of the broken weekly run) THEN the guard names the file and line', () => {
    const before22 = (text: string) =>
      text.replace(/(\bfrom\s+|\bimport\s+|\brequire(?:\.resolve)?\(\s*|\bjest\.mock\(\s*)(["'])cdktf(?=["'/])/g, "$1$2cdktn");
    const dir = scratchProject({
      "scripts/bench-phases.ts": 'import { App } from "cdktf";\n\nasync function main() {\n  const { Fn } = await import("cdktf");\n}\n',
      "README.md": 'import("cdktf") in prose is not source\n',
    });
    try {
      expect(describeLeftovers(leftoversAfterRewrite(dir, ["scripts/bench-phases.ts", "README.md"], before22))).toEqual([
        expect.stringMatching(/^scripts\/bench-phases\.ts:4:31: "cdktf" still names a cdktf module/),
      ]);
      expect(leftoversAfterRewrite(dir, ["scripts/bench-phases.ts"])).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the weekly workflow also runs on pull requests that can break the move", () => {
  const workflowFile = path.join(ROOT, ".github", "workflows", "cdk-terrain.yml");
  const workflow = fs.readFileSync(workflowFile, "utf8");

  test("GIVEN the cdk-terrain workflow THEN its pull_request paths list package.json, tools/compat/ and exactly the files the rewrite changes (npm run docs rewrites the list)", () => {
    expect(workflow).toMatch(/\n {2}pull_request:\n {4}paths:\n {6}- package\.json\n {6}- package-lock\.json\n {6}- tools\/compat\/\*\*\n/);
    const files = filesNamingCdkModules(ROOT, projectFiles(ROOT));
    expect(files).toEqual(expect.arrayContaining(["main.ts", "scripts/bench-phases.ts", "lib/stack-json.ts"]));
    expect(withWorkflowPaths(workflow, files)).toBe(workflow);
  });

  test("GIVEN a workflow and a new file list THEN only the lines between the markers change, at the markers' indentation", () => {
    const yaml = `on:\n  pull_request:\n    paths:\n      - package.json\n      ${WORKFLOW_PATHS_BEGIN}\n      - old.ts\n      ${WORKFLOW_PATHS_END}\njobs: {}\n`;
    expect(withWorkflowPaths(yaml, ["a.ts", "b/c.ts"])).toBe(
      `on:\n  pull_request:\n    paths:\n      - package.json\n      ${WORKFLOW_PATHS_BEGIN}\n      - a.ts\n      - b/c.ts\n      ${WORKFLOW_PATHS_END}\njobs: {}\n`,
    );
    expect(withWorkflowPaths("on: {}\n", ["a.ts"])).toBeUndefined();
  });
});

describe("outside a git checkout", () => {
  test("GIVEN a folder that is no git checkout THEN listing the project's files says so, naming the folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-archive-"));
    try {
      expect(() => projectFiles(dir)).toThrow(NotAGitCheckoutError);
      expect(() => projectFiles(dir)).toThrow(`${dir} is not a git checkout`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("GIVEN the project unpacked from a release archive WHEN npm run compat:cdktn runs THEN it says in one line that it needs a git checkout and exits 3", () => {
    const files = ["scripts/compat-cdktn.ts", "scripts/swc-register.js", "scripts/compile-cache.js", "tools/terraform/toolchain.ts"];
    const compat = fs.readdirSync(path.join(ROOT, "tools", "compat")).map((file) => `tools/compat/${file}`);
    const dir = scratchProject(
      Object.fromEntries([...files, ...compat].map((file) => [file, fs.readFileSync(path.join(ROOT, file), "utf8")])),
    );
    try {
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
      const run = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/compat-cdktn.ts"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) },
      });
      expect(run.status).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^compat:cdktn: .+ is not a git checkout \(.+\); .+clone/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
