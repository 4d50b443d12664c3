/**
 * The GitHub workflows' logic, kept out of YAML (.github/workflows/ci.yml, drift.yml):
 *
 *   ci.ts matrix --head cdktf.out [--base ../base/cdktf.out]
 *       the stacks a pull request plans (changed synthesized JSON; all without --base), as `matrix` and
 *       `any` in GITHUB_OUTPUT. Exit 0.
 *   ci.ts comment --reviews <dir> --stacks '<json list>' --pr <number> --run-url <url>
 *       one pull-request comment with every stack's review (<dir>/plan-<stack>/review.md, from the plan
 *       jobs' artifacts); a stack without one failed to plan. Needs GITHUB_TOKEN, GITHUB_REPOSITORY.
 *   ci.ts drift <stack> --run-url <url>
 *       `terraform plan -refresh-only -detailed-exitcode` of the stack, then its drift issue opened, updated
 *       or closed (with GITHUB_TOKEN; printed without). Exit 0: clean or drifted; 1: the plan failed;
 *       3: cannot run here.
 */
import * as fs from "fs";
import * as path from "path";
import { isoDay } from "../tools/plans/acknowledgements";
import { savePlan } from "../tools/plans/saved-plan";
import { CANNOT_RUN_HERE } from "../tools/plans/terraform-cli";
import { DriftStatus, driftSummary, reportDrift } from "../tools/ci/drift";
import { gitHubFromEnvironment } from "../tools/ci/github";
import { planMatrix } from "../tools/ci/plan-matrix";
import { buildComment, StackReview, upsertComment } from "../tools/ci/pr-comment";
import { runWithSynthesisErrorsAsync } from "../tools/docs/app-stacks";
import { loadConfig } from "../stacks/app";
import { PLANS_DIR, REVIEW_FILE, synthesizeToDisk, synthesizedStackDir } from "../tools/plans/workspace";

/** `--name value` pairs and the rest. */
export function options(args: readonly string[]): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    if (args[index].startsWith("--")) named[args[index].slice(2)] = args[++index] ?? "";
    else positional.push(args[index]);
  }
  return { named, positional };
}

function required(named: Record<string, string>, name: string): string {
  if (!named[name]) throw new Error(`--${name} is required (see the header of scripts/ci.ts)`);
  return named[name];
}

function matrix(named: Record<string, string>): number {
  const result = planMatrix(required(named, "head"), named.base);
  for (const { stack, reason } of result.skipped) console.log(`skip ${stack}: ${reason}`);
  console.log(`plan: ${result.matrix.stack.join(", ") || "nothing"}`);
  if (process.env.GITHUB_OUTPUT) {
    fs.appendFileSync(process.env.GITHUB_OUTPUT, `matrix=${JSON.stringify(result.matrix)}\nany=${result.matrix.stack.length > 0}\n`);
  }
  return 0;
}

/** Each planned stack's review, or a line saying its plan failed. */
function collectReviews(reviewsDir: string, stacks: readonly string[]): StackReview[] {
  return stacks.map((stack) => {
    const file = path.join(reviewsDir, `plan-${stack}`, REVIEW_FILE);
    if (!fs.existsSync(file)) return { stack, attention: true, markdown: `### ❌ \`${stack}\`: the plan failed; see the job's log` };
    const markdown = fs.readFileSync(file, "utf8").trim();
    return { stack, markdown, attention: markdown.startsWith("### ❌") };
  });
}

async function comment(named: Record<string, string>): Promise<number> {
  const stacks = JSON.parse(required(named, "stacks")) as string[];
  const body = buildComment(collectReviews(required(named, "reviews"), stacks), required(named, "run-url"));
  console.log(`${await upsertComment(gitHubFromEnvironment(), Number(required(named, "pr")), body)} the plan review comment`);
  return 0;
}

async function drift(stack: string, named: Record<string, string>): Promise<number> {
  const stacks = synthesizeToDisk(loadConfig());
  const platformStack = stacks.find((candidate) => candidate.node.id === stack);
  if (!platformStack) throw new Error(`unknown stack ${stack}; stacks: ${stacks.map((s) => s.node.id).join(", ")}`);
  const saved = await savePlan({
    stack,
    synthesizedDir: synthesizedStackDir(stack),
    workdir: path.join(PLANS_DIR, stack),
    env: process.env,
    tier: platformStack.tier,
    planArgs: ["-refresh-only", "-lock=false"],
    detailedExitCode: true,
  });
  const status: DriftStatus = saved.code !== 0 ? "failed" : saved.changes ? "drifted" : "clean";
  const summary = saved.plan ? driftSummary(saved.plan) : [];
  console.log(`${stack}: ${status}${summary.length ? `\n${summary.join("\n")}` : ""}${saved.code !== 0 ? `\n${saved.message}` : ""}`);
  if (process.env.GITHUB_TOKEN) {
    const done = await reportDrift(gitHubFromEnvironment(), stack, status, {
      summary,
      runUrl: named["run-url"] ?? "",
      today: isoDay(new Date()),
    });
    console.log(`drift issue: ${done}`);
  }
  return saved.code === CANNOT_RUN_HERE ? CANNOT_RUN_HERE : status === "failed" ? 1 : 0;
}

if (require.main === module) {
  const [command, ...rest] = process.argv.slice(2);
  const { named, positional } = options(rest);
  const run: Record<string, () => Promise<number>> = {
    matrix: () => Promise.resolve(matrix(named)),
    comment: () => comment(named),
    drift: () => drift(positional[0] ?? "", named),
  };
  if (!run[command]) {
    console.error("usage: scripts/ci.ts matrix|comment|drift ... (see the header of scripts/ci.ts)");
    process.exitCode = 2;
  } else {
    void runWithSynthesisErrorsAsync(run[command]).then(
      (code) => (process.exitCode = code),
      (error: Error) => {
        console.error(error.message);
        process.exitCode = 1;
      },
    );
  }
}
