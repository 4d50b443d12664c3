/**
 * `npm run verify [-- <stack>...]`: what a reviewer wants to know before a pull request, from real
 * Terraform: every stack (or the named ones) passes `terraform validate` and plans against mocked AWS
 * (`terraform test`) with the production assertions. Same harness as the jest suite.
 * Exit codes: 0 all passed, 1 a check failed, 3 Terraform or the AWS provider is missing here.
 */
import { runWithSynthesisErrors } from "../tools/docs/app-stacks";
import { terraformChecksFor } from "../tools/terraform/app";
import { checkStacks, describeCheck } from "../tools/terraform/harness";
import { findToolchain, ToolchainUnavailable } from "../tools/terraform/toolchain";

const CANNOT_VERIFY = 3;

async function main(names: string[]): Promise<number> {
  let stacks: ReturnType<typeof terraformChecksFor> = [];
  const synthesisStatus = runWithSynthesisErrors(() => {
    stacks = terraformChecksFor(names);
    return 0;
  });
  if (synthesisStatus !== 0) return synthesisStatus;
  let toolchain;
  try {
    toolchain = findToolchain(stacks[0].pinnedProviderVersion);
  } catch (error) {
    if (!(error instanceof ToolchainUnavailable)) throw error;
    console.error(`Cannot verify here: ${error.message}`);
    return CANNOT_VERIFY;
  }
  console.log(toolchain.summary);
  const checks = await checkStacks(toolchain, stacks);
  let failed = false;
  for (const check of checks) {
    console.log(describeCheck(check));
    for (const adjustment of check.adjustments) console.log(`  note: ${adjustment.address}: ${adjustment.description}`);
    for (const result of [check.validate, check.plan]) {
      if (result && !result.ok) {
        failed = true;
        console.log(result.output.replace(/^/gm, "  | "));
      }
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
