/**
 * `npm run preflight -- --live [stack...]`: every check of every named stack (all when none is named)
 * against the account the operator's credentials belong to, read-only, as one report and one exit code.
 */
import { PreflightResult, selectStacks } from "../../lib/config/preflight";
import { loadConfig } from "../../stacks/app";
import { synthesizeStacks } from "../docs/app-stacks";
import { accountLiveChecks, placeholdersCheck } from "./account";
import { AccountReader, CallerIdentity, CredentialsUnusable, Observed } from "./aws";
import { existingServiceLiveChecks } from "./existing-services";
import { globalNameChecks } from "./global-names";
import { quotaLiveChecks } from "./quotas";
import { CheckResult, EXIT, exitCodeOf, renderReport } from "./report";
import { homeRegion, PreflightStack, regionsOf, stacksInApplyOrder, targetsAccount } from "./stacks";
import { bootstrapOf, stateBackendLiveChecks } from "./state-backend";

/** The stacks as `npm run synth` builds them, in apply order (synthesized in-process, nothing written). */
export function preflightStacks(configDir?: string): PreflightStack[] {
  return stacksInApplyOrder(loadConfig(configDir), synthesizeStacks(configDir), configDir);
}

/** Rows of one stack in the order the report shows them. */
const CHECK_ORDER = [
  "account",
  "config placeholders",
  "other checks",
  "GuardDuty",
  "Config",
  "organization trail",
  "quota",
  "bucket names",
  "Beanstalk",
  "hosted zones",
  "state backend",
  "state bucket",
  "lock table",
  "state encryption",
];
const orderOf = (check: string) => CHECK_ORDER.findIndex((prefix) => check.startsWith(prefix));

/**
 * Runs every check of the `wanted` stacks (all when empty) with `reader`. When the caller cannot even be
 * identified nothing else can run: the report is one line saying why, exit 3.
 */
export async function checkLive(
  stacks: readonly PreflightStack[],
  wanted: readonly string[],
  reader: AccountReader,
): Promise<PreflightResult> {
  const selection = selectStacks(
    stacks.map((stack) => stack.name),
    wanted,
  );
  if ("exitCode" in selection) return selection;
  const selected = stacks.filter((stack) => selection.includes(stack.name));

  const identity = await callerOf(reader, homeRegion(selected[0]));
  if (!identity.ok) return { exitCode: EXIT.cannotRun, report: `preflight --live: ${identity.cannotRun}` };
  const caller = identity.value;
  const inAccount = stacks.filter((stack) => targetsAccount(stack, caller.account));
  const selectedInAccount = selected.filter((stack) => inAccount.includes(stack));
  const stateBackend = stacks.find((stack) => stack.kind === "stateBackend");
  const bootstrap = stateBackend && bootstrapOf(stateBackend, inAccount.includes(stateBackend));

  const perStack = await Promise.all(
    selected.map(async (stack): Promise<CheckResult[]> => {
      const account = [...(await accountLiveChecks(stack, caller, reader)), placeholdersCheck(stack)];
      if (!inAccount.includes(stack)) {
        return [
          ...account,
          {
            stack: stack.name,
            check: "other checks",
            verdict: "cannot run",
            detail: `these credentials are for account ${caller.account}, which ${stack.name} does not allow: its services, quotas, names and state backend were not checked`,
            fix: `run preflight with credentials for the stack's account: npm run preflight -- --live ${stack.name}`,
          },
        ];
      }
      const [names, backend] = await Promise.all([
        globalNameChecks(stack, caller.account, reader),
        stateBackendLiveChecks(stack, reader, bootstrap),
      ]);
      return [...account, ...names, ...backend];
    }),
  );
  const [services, quotas] = await Promise.all([
    existingServiceLiveChecks(inAccount, selectedInAccount, reader),
    quotaLiveChecks(inAccount, selectedInAccount, caller.account, reader),
  ]);
  const results = selected.flatMap((stack, index) =>
    [...perStack[index], ...services, ...quotas]
      .filter((result) => result.stack === stack.name)
      .sort((a, b) => orderOf(a.check) - orderOf(b.check)),
  );
  const headings = selected.map((stack) => ({
    stack: stack.name,
    about: `${stack.file}, ${regionsOf(stack).join(" and ")}`,
  }));
  const title = `preflight --live: account ${caller.account} (${caller.arn}), read-only`;
  return { exitCode: exitCodeOf(results), report: renderReport(title, headings, results) };
}

/** Whose credentials these are, or why that cannot be told (none in the chain, or STS not answering). */
async function callerOf(reader: AccountReader, region: string): Promise<Observed<CallerIdentity>> {
  try {
    const identity = await reader.callerIdentity(region);
    return identity.ok ? identity : { ok: false, cannotRun: `cannot tell whose credentials these are: ${identity.cannotRun}` };
  } catch (error) {
    if (!(error instanceof CredentialsUnusable)) throw error;
    return { ok: false, cannotRun: error.message };
  }
}
