import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as terrain from "../../../tools/compat/cdk-terrain";

const { CDK_TERRAIN, compareStacks, describeDifferences, moveToCdkTerrain, readSynthesizedStacks, rewriteSource, swapPackages } = terrain;

const ROOT = path.join(__dirname, "..", "..", "..");

describe("swapping the packages for CDK Terrain", () => {
  const cdktfProject = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "cdktf-package.json"), "utf8")) as terrain.PackageJson;
  const swapped = swapPackages(cdktfProject);

  test("GIVEN a cdktf project's package.json THEN each cdktf package is replaced in its own section at the pinned version", () => {
    expect(swapped.dependencies).toEqual({ "@cdktn/provider-aws": "25.7.0", cdktn: "0.24.0", constructs: "10.7.2", zod: "4.1.12" });
    expect(swapped.devDependencies).toEqual({ "cdktn-cli": "0.24.0", jest: "29.7.0" });
  });

  test("GIVEN the swapped package.json THEN the synth script calls the cdktn CLI and still cleans cdktf.out, which CDK Terrain keeps", () => {
    expect(swapped.scripts?.synth).toBe("rm -rf cdktf.out && CHECKPOINT_DISABLE=1 cdktn synth");
    expect(swapped.scripts?.test).toBe("tsc --noEmit && jest");
  });

  test("GIVEN a package.json without the cdktf CLI THEN the error names the file, the package and its replacement", () => {
    const withoutCli = { ...cdktfProject, devDependencies: { jest: "29.7.0" } };
    expect(() => swapPackages(withoutCli, "fork/package.json")).toThrow(
      'fork/package.json: "cdktf-cli" is in neither dependencies nor devDependencies, so it cannot be replaced by cdktn-cli@0.24.0',
    );
  });
});

describe("rewriting the source", () => {
  test.each([
    ['import { App, Testing } from "cdktf";', 'import { App, Testing } from "cdktn";'],
    ["import type { IResolvable } from 'cdktf';", "import type { IResolvable } from 'cdktn';"],
    ['import "cdktf/lib/testing/adapters/jest";', 'import "cdktn/lib/testing/adapters/jest";'],
    ['import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";', 'import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";'],
    ['const { Fn } = require("cdktf");', 'const { Fn } = require("cdktn");'],
    ['require.resolve("@cdktf/provider-aws/package.json")', 'require.resolve("@cdktn/provider-aws/package.json")'],
    ['const FQN_PREFIX = "@cdktf/provider-aws.";', 'const FQN_PREFIX = "@cdktn/provider-aws.";'],
    ['option.fqn === "cdktf.IResolvable"', 'option.fqn === "cdktn.IResolvable"'],
    ['const { App } = await import("cdktf");', 'const { App } = await import("cdktn");'],
    ["const util = await import(`cdktf/lib/${name}`);", "const util = await import(`cdktn/lib/${name}`);"],
    ['export { Token } from "cdktf";', 'export { Token } from "cdktn";'],
    ['import cdktf = require("cdktf");', 'import cdktf = require("cdktn");'],
    ['type Lazy = typeof import("cdktf").Lazy;', 'type Lazy = typeof import("cdktn").Lazy;'],
    ['jest.requireActual("cdktf/lib/util")', 'jest.requireActual("cdktn/lib/util")'],
    ['const library = "cdktf";', 'const library = "cdktn";'],
    ['require.resolve("cdktf-cli/package.json")', 'require.resolve("cdktn-cli/package.json")'],
    ['const type = "@cdktf/provider-aws.vpc.Vpc";', 'const type = "@cdktn/provider-aws.vpc.Vpc";'],
  ])("GIVEN %s WHEN imports are rewritten THEN it becomes %s", (before, after) => {
    expect(rewriteSource(before)).toBe(after);
  });

  test.each([
    ['ManagedBy: "cdktf", // compat:keep-cdktf a tag value', "a tag value, held by the pragma: the stacks' tags must not change"],
    ['// compat:keep-cdktf CLI names\nconst bins = ["cdktf", "cdktn"];', "held by the pragma on the line before"],
    ['const OUTDIR = path.join(ROOT, "cdktf.out");', "CDK Terrain still writes cdktf.out"],
    ['const config = "cdktf.json";', "CDK Terrain still reads cdktf.json"],
    ["// cdktf writes references as ${type.name.attr}", "prose"],
    ["`unknown type in @cdktf/provider-aws`", "a message that names the package mid-sentence"],
  ])("GIVEN %s WHEN imports are rewritten THEN it stays as it is (%s)", (source) => {
    expect(rewriteSource(source)).toBe(source);
  });
});

describe("moving a project folder", () => {
  test("GIVEN a cdktf project THEN package.json and its sources move, node_modules and JSON files stay as they are", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-move-"));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    try {
      fs.copyFileSync(path.join(__dirname, "fixtures", "cdktf-package.json"), path.join(dir, "package.json"));
      // Read from a .txt fixture: the compat run rewrites this test file itself, never its fixtures.
      const importsCdktf = fs.readFileSync(path.join(__dirname, "fixtures", "imports-cdktf.ts.txt"), "utf8");
      write("main.ts", importsCdktf);
      write("lib/tags.ts", 'export const tags = { ManagedBy: "cdktf" }; // compat:keep-cdktf a tag value\n');
      write("node_modules/dep/index.ts", importsCdktf);
      write("cdktf.json", '{ "app": "node main.js" }');
      expect(moveToCdkTerrain(dir)).toEqual(["package.json", "main.ts"]);
      expect(fs.readFileSync(path.join(dir, "main.ts"), "utf8")).toBe('import { App } from "cdktn";\n');
      expect(fs.readFileSync(path.join(dir, "node_modules/dep/index.ts"), "utf8")).toBe(importsCdktf);
      expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).devDependencies).toHaveProperty(["cdktn-cli"], "0.24.0");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("comparing the stacks of both syntheses", () => {
  const stack = (version: string, source: string, bucket = "logs") => ({
    terraform: { required_providers: { aws: { source, version } } },
    resource: { aws_s3_bucket: { logs: { bucket, tags: ["a", "b"] } } },
  });

  test("GIVEN only the provider's source and version and the library's version stamp differ THEN every difference is expected", () => {
    const stamped = (library: string, json: object) => ({ "//": { metadata: { version: library, stackName: "coherent-dev" } }, ...json });
    const differences = compareStacks(
      { "coherent-dev": stamped("0.21.0", stack("6.25.0", "aws")) },
      { "coherent-dev": stamped("0.24.0", stack("6.66.0", "hashicorp/aws")) },
    );
    expect(differences).toEqual([
      { stack: "coherent-dev", path: "//.metadata.version", cdktf: "0.21.0", cdktn: "0.24.0", expected: true },
      { stack: "coherent-dev", path: "terraform.required_providers.aws.source", cdktf: "aws", cdktn: "hashicorp/aws", expected: true },
      { stack: "coherent-dev", path: "terraform.required_providers.aws.version", cdktf: "6.25.0", cdktn: "6.66.0", expected: true },
    ]);
  });

  test("GIVEN a resource argument, a list item or a whole stack differs THEN each is an unexpected difference", () => {
    const cdktn = { ...stack("6.25.0", "aws", "other"), extra: [1] };
    cdktn.resource.aws_s3_bucket.logs.tags = ["a"];
    const differences = compareStacks({ "coherent-dev": stack("6.25.0", "aws"), "state-backend": {} }, { "coherent-dev": cdktn });
    expect(differences.filter((d) => !d.expected).map((d) => `${d.stack} ${d.path}`)).toEqual([
      "coherent-dev extra",
      "coherent-dev resource.aws_s3_bucket.logs.bucket",
      "coherent-dev resource.aws_s3_bucket.logs.tags[1]",
      "state-backend ",
    ]);
    expect(describeDifferences(["coherent-dev", "state-backend"], differences)).toEqual([
      "coherent-dev: 3 unexpected, 0 expected difference(s)",
      "  UNEXPECTED extra: (absent) -> [1]",
      '  UNEXPECTED resource.aws_s3_bucket.logs.bucket: "logs" -> "other"',
      '  UNEXPECTED resource.aws_s3_bucket.logs.tags[1]: "b" -> (absent)',
      "state-backend: 1 unexpected, 0 expected difference(s)",
      '  UNEXPECTED (stack): "synthesized" -> "missing"',
    ]);
  });

  test("GIVEN a synthesis folder THEN its stacks are read by name; GIVEN none THEN the error names the folder", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-read-"));
    try {
      expect(() => readSynthesizedStacks(outdir)).toThrow(`${outdir}: no stacks/ folder`);
      fs.mkdirSync(path.join(outdir, "stacks", "state-backend"), { recursive: true });
      fs.writeFileSync(path.join(outdir, "stacks", "state-backend", "cdk.tf.json"), '{"a":1}');
      expect(readSynthesizedStacks(outdir)).toEqual({ "state-backend": { a: 1 } });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("docs/cdk-terrain.md", () => {
  const guide = fs.readFileSync(path.join(ROOT, "docs", "cdk-terrain.md"), "utf8");

  test("GIVEN docs/cdk-terrain.md THEN it names every pinned package at the version the compat run tests, and the Node.js it needs", () => {
    for (const { name, version } of Object.values(CDK_TERRAIN.packages)) expect(guide).toContain(`${name}@${version}`);
    expect(guide).toContain(`Node.js ${CDK_TERRAIN.minimumNode}`);
  });

  test("GIVEN the README THEN it links docs/cdk-terrain.md", () => {
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("](docs/cdk-terrain.md)");
  });
});
