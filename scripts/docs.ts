/**
 * `npm run docs`: writes docs/<stack>.md for every stack and docs/cost.md from the synthesized JSON,
 * docs/configuration.md and config/schema/*.schema.json from the config schemas, refreshes the
 * README's cost block and the cdk-terrain workflow's list of rewritten files, and deletes generated docs
 * of stacks that no longer exist.
 * `npm run docs -- --check` writes nothing and exits 1 when anything is stale (CI).
 */
import * as fs from "fs";
import * as path from "path";
import { runWithSynthesisErrors, synthesizeStacks } from "../tools/docs/app-stacks";
import { CONFIG_SCHEMA_DIR } from "../lib/config/json-schema";
import { generatedFilesIn, generateDocs, staleDocs, withReadmeCostBlock } from "../tools/docs/generate";
import { projectFiles } from "../tools/compat/cdk-terrain";
import { filesNamingCdkModules, withWorkflowPaths } from "../tools/compat/module-names";

const ROOT = path.join(__dirname, "..");
const DOCS = path.join(ROOT, "docs");
const COMPAT_WORKFLOW = path.join(ROOT, ".github", "workflows", "cdk-terrain.yml");

/** The cdk-terrain workflow as it should be: its pull-request paths list every file the move rewrites. */
function compatWorkflow(): { current: string; generated: string | undefined } {
  const current = fs.readFileSync(COMPAT_WORKFLOW, "utf8");
  return { current, generated: withWorkflowPaths(current, filesNamingCdkModules(ROOT, projectFiles(ROOT))) };
}

/** Writes each file under `dir` (relative to the root) whose content differs. */
function writeChanged(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(path.join(ROOT, dir), { recursive: true });
  for (const [file, content] of files) {
    const target = path.join(ROOT, dir, file);
    const changed = !fs.existsSync(target) || fs.readFileSync(target, "utf8") !== content;
    if (changed) fs.writeFileSync(target, content);
    console.log(`${changed ? "wrote" : "unchanged"} ${dir}/${file}`);
  }
}

function main(): number {
  const generated = generateDocs(synthesizeStacks());
  const workflow = compatWorkflow();
  if (process.argv.includes("--check")) {
    const problems = staleDocs(ROOT, generated);
    if (workflow.generated !== workflow.current)
      problems.push(".github/workflows/cdk-terrain.yml's list of rewritten files is out of date");
    for (const problem of problems) console.error(`stale: ${problem}`);
    if (problems.length) console.error("Run `npm run docs` and commit the result.");
    else console.log(`docs are up to date (${generated.files.size} files)`);
    return problems.length ? 1 : 0;
  }
  fs.mkdirSync(DOCS, { recursive: true });
  for (const file of generatedFilesIn(DOCS).filter((name) => !generated.files.has(name))) {
    fs.rmSync(path.join(DOCS, file));
    console.log(`removed docs/${file}`);
  }
  writeChanged("docs", generated.files);
  writeChanged(CONFIG_SCHEMA_DIR, generated.configSchemas);
  const readmeFile = path.join(ROOT, "README.md");
  const readme = fs.readFileSync(readmeFile, "utf8");
  const updated = withReadmeCostBlock(readme, generated.readmeCostBlock);
  if (updated === undefined) console.warn("README.md has no cost block markers; the cost table was not written there.");
  else if (updated !== readme) {
    fs.writeFileSync(readmeFile, updated);
    console.log("updated the cost block in README.md");
  }
  if (workflow.generated === undefined) console.warn("cdk-terrain.yml has no rewritten-files markers; its paths were not written.");
  else if (workflow.generated !== workflow.current) {
    fs.writeFileSync(COMPAT_WORKFLOW, workflow.generated);
    console.log("updated the rewritten files in .github/workflows/cdk-terrain.yml");
  }
  return 0;
}

process.exitCode = runWithSynthesisErrors(main);
