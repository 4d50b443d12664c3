/**
 * `npm run preflight [-- <stack>...]`: lists every config value that cannot work in a real account
 * (placeholders such as `Z0REPLACEWITHZONEID`, `*-replace-me` buckets, example.com) as file, field,
 * value and what to put there, for every stack or the named ones, and checks a CA bundle kept in this
 * repository (`mutualTls.caBundle.pemFile`) as the ALB trust store will read it. Exit 0: none; 1:
 * placeholders, a bundle the ALB would refuse (or invalid config); 2: an unknown stack. `npm run plan`
 * and `npm run diff` run it first.
 *
 * `npm run preflight -- --live [<stack>...]`: also checks the account itself with the operator's AWS
 * credentials (the SDK's default chain), through read-only calls only (tools/preflight/aws.ts lists them;
 * docs/operations.md has the IAM policy): the account guard, GuardDuty/Config/CloudTrail that already
 * exist, quotas across every stack in the account, global names, and the state backend. It prints a table
 * per stack. Exit 0: every check passed (warnings allowed); 1: a check failed (or invalid config);
 * 2: an unknown stack; 3: nothing failed but a check could not run (a denied action, throttling), or
 * there are no usable credentials (one line). A failure outranks a check that could not run.
 */
import * as path from "path";
import { loadConfig } from "../stacks/app";
import { runWithSynthesisErrors, runWithSynthesisErrorsAsync } from "../tools/docs/app-stacks";
import { repositoryBundleChecks } from "../tools/trust-store/bundle";
import { placeholdersByStack, preflight } from "../lib/config/preflight";

async function live(wanted: readonly string[]): Promise<number> {
  // Loaded here only: offline preflight, plan and synth never load the AWS SDK.
  const { checkLive, preflightStacks } = await import("../tools/preflight/runner");
  const { AwsAccount } = await import("../tools/preflight/aws");
  return runWithSynthesisErrorsAsync(async () => {
    const result = await checkLive(preflightStacks(), wanted, new AwsAccount());
    (result.exitCode === 0 ? console.log : console.error)(result.report);
    return result.exitCode;
  });
}

/** The offline preflight: placeholders, then a CA bundle kept in this repository. */
function offline(wanted: readonly string[]): number {
  const config = loadConfig();
  const result = preflight(placeholdersByStack(config), wanted);
  (result.exitCode === 0 ? console.log : console.error)(result.report);
  if (result.exitCode === 2) return result.exitCode;
  const bundles = repositoryBundleChecks(config, path.join(__dirname, ".."), wanted);
  for (const warning of bundles.warnings) console.warn(`warning: ${warning}`);
  for (const error of bundles.errors) console.error(`error: ${error}`);
  return bundles.errors.length > 0 ? 1 : result.exitCode;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--live")) {
    void live(args.filter((arg) => arg !== "--live")).then((code) => (process.exitCode = code));
  } else {
    process.exitCode = runWithSynthesisErrors(() => offline(args));
  }
}
