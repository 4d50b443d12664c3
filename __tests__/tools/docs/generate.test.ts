import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_SCHEMA_DIR } from "../../../lib/config/json-schema";
import { SynthesizedStack } from "../../../tools/docs/app-stacks";
import { generatedFilesIn, generateDocs, README_COST_BEGIN, README_COST_END, staleDocs, withReadmeCostBlock } from "../../../tools/docs/generate";
import { GENERATED_MARKER } from "../../../tools/docs/render";
import { StackPolicyReport } from "../../../lib/policy";

const report: StackPolicyReport = {
  stack: "fixture-dev",
  tier: "development",
  findings: [
    { stack: "fixture-dev", ruleId: "s3-versioning", address: "aws_s3_bucket.files", message: "off", severity: "warning", fix: "turn it on" },
    {
      stack: "fixture-dev",
      ruleId: "kms-key-rotation",
      address: "aws_kms_key.key",
      message: "no rotation",
      severity: "warning",
      fix: "rotate",
      suppressedBy: { ruleId: "kms-key-rotation", reason: "asymmetric signing key", path: "fixture-dev/key" },
    },
  ],
  examined: { "s3-versioning": 1, "kms-key-rotation": 1, "s3-tls-only": 1 },
  unusedSuppressions: [],
  suppressionErrors: [],
};

const fixture: SynthesizedStack = {
  name: "fixture-dev",
  json: {
    provider: { aws: [{ region: "us-east-1", default_tags: [{ tags: { Project: "Fixture", Environment: "dev" } }] }] },
    resource: { aws_s3_bucket: { files: { bucket: "files" } }, aws_kms_key: { key: {} }, aws_iam_role: { role: {} } },
    output: {
      bucket_name: { value: "${aws_s3_bucket.files.bucket}", description: "where files go" },
      token: { value: "${aws_kms_key.key.arn}", sensitive: true },
    },
  },
  policy: report,
};

const generated = generateDocs([fixture]);
const doc = generated.files.get("fixture-dev.md")!;

describe("stack document", () => {
  test("GIVEN a stack document THEN it starts with the generated marker and says what the stack is", () => {
    expect(doc.split("\n").slice(0, 2)).toEqual([GENERATED_MARKER, "# `fixture-dev`"]);
    expect(doc).toContain("Fixture, environment `dev`, region `us-east-1`; 3 resources; estimated $");
  });

  test("GIVEN a stack document THEN it has the picture, rules, controls, resources, outputs and cost sections in that order", () => {
    const headings = doc.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual([
      "## Architecture",
      "## Security-group rules",
      "## Security controls",
      "## Resources by kind",
      "## Outputs",
      "## Estimated monthly cost",
    ]);
    expect(doc).toContain("```mermaid\nflowchart LR");
  });

  test("GIVEN the policy report THEN security controls show pass, open findings and reasoned suppressions; rules with nothing to check are left out", () => {
    expect(doc).toContain("| `s3-versioning` | warning |");
    expect(doc).toMatch(/\| `s3-versioning` \|.*\| 1 \| warn \| open: `aws_s3_bucket.files` \|/);
    expect(doc).toMatch(/\| `kms-key-rotation` \|.*\| suppressed \| suppressed: asymmetric signing key \|/);
    expect(doc).toMatch(/\| `s3-tls-only` \|.*\| pass \|/);
    expect(doc).not.toContain("`rds-encrypted`");
  });

  test("GIVEN a stack the pack did not evaluate THEN the doc says so instead of listing unchecked controls", () => {
    const unguarded = generateDocs([{ ...fixture, policy: undefined }]).files.get("fixture-dev.md")!;
    expect(unguarded).toContain("does not guard this stack");
  });

  test("GIVEN outputs THEN they show their description and expression, sensitive values hidden", () => {
    expect(doc).toContain("| `bucket_name` | where files go | `aws_s3_bucket.files.bucket` |");
    expect(doc).toContain("| `token` |  | (sensitive) |");
  });

  test("GIVEN resources THEN they are counted by kind under a group", () => {
    expect(doc).toContain("| Object storage | `aws_s3_bucket` | 1 | `files` |");
    expect(doc).toContain("| Identity, secrets and keys | `aws_iam_role` | 1 | `role` |");
  });

  test("GIVEN cost.md THEN it covers every stack and carries the marker", () => {
    expect(generated.files.get("cost.md")!.startsWith(`${GENERATED_MARKER}\n# Estimated monthly cost`)).toBe(true);
    expect(generated.estimates.map((estimate) => estimate.stack)).toEqual(["fixture-dev"]);
  });
});

describe("staleness check", () => {
  function project(readme = `# x\n\n${README_COST_BEGIN}\n${generated.readmeCostBlock}\n${README_COST_END}\n`): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "docs-"));
    fs.mkdirSync(path.join(root, "docs"));
    for (const [file, content] of generated.files) fs.writeFileSync(path.join(root, "docs", file), content);
    fs.mkdirSync(path.join(root, CONFIG_SCHEMA_DIR), { recursive: true });
    for (const [file, content] of generated.configSchemas) fs.writeFileSync(path.join(root, CONFIG_SCHEMA_DIR, file), content);
    fs.writeFileSync(path.join(root, "README.md"), readme);
    return root;
  }

  test("GIVEN docs exactly as generated THEN nothing is stale", () => {
    expect(staleDocs(project(), generated)).toEqual([]);
  });

  test.each<[string, (root: string) => void, string]>([
    ["a changed stack doc", (root) => fs.appendFileSync(path.join(root, "docs", "fixture-dev.md"), "edit"), "docs/fixture-dev.md is out of date"],
    ["a deleted stack doc", (root) => fs.rmSync(path.join(root, "docs", "fixture-dev.md")), "docs/fixture-dev.md is missing"],
    ["the doc of a removed stack", (root) => fs.writeFileSync(path.join(root, "docs", "old-stack.md"), `${GENERATED_MARKER}\n`), "docs/old-stack.md belongs to no stack any more"],
    ["an outdated README cost block", (root) => fs.writeFileSync(path.join(root, "README.md"), `${README_COST_BEGIN}\nold\n${README_COST_END}\n`), "README.md's cost block is out of date"],
    ["a README without the cost block", (root) => fs.writeFileSync(path.join(root, "README.md"), "# x\n"), "README.md has no cost block"],
    [
      "a config JSON Schema edited by hand",
      (root) => fs.appendFileSync(path.join(root, CONFIG_SCHEMA_DIR, "coherent.schema.json"), " "),
      "config/schema/coherent.schema.json is out of date",
    ],
    [
      "a deleted config JSON Schema",
      (root) => fs.rmSync(path.join(root, CONFIG_SCHEMA_DIR, "state-backend.schema.json")),
      "config/schema/state-backend.schema.json is missing",
    ],
  ])("GIVEN %s THEN the check names it", (_case, change, problem) => {
    const root = project();
    change(root);
    expect(staleDocs(root, generated)).toEqual([expect.stringContaining(problem)]);
  });

  test("GIVEN hand-written files in docs/ THEN they are never taken for generated ones", () => {
    const root = project();
    fs.writeFileSync(path.join(root, "docs", "runbook.md"), "# Runbook\n");
    expect(generatedFilesIn(path.join(root, "docs"))).toEqual(["configuration.md", "cost.md", "fixture-dev.md"]);
    expect(staleDocs(root, generated)).toEqual([]);
  });

  test("GIVEN a README block WHEN it is replaced THEN the text around it is kept and replacing again changes nothing", () => {
    const readme = `before\n${README_COST_BEGIN}\nold\n${README_COST_END}\nafter\n`;
    const once = withReadmeCostBlock(readme, "NEW")!;
    expect(once).toBe(`before\n${README_COST_BEGIN}\nNEW\n${README_COST_END}\nafter\n`);
    expect(withReadmeCostBlock(once, "NEW")).toBe(once);
  });
});
