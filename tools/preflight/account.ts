/**
 * Whether these credentials may apply the stack: every aws provider block (the default one and each
 * alias, such as `aws.us_west_2`) lists the caller's account in `allowed_account_ids` and answers in its
 * Region; and whether the stack's config still holds placeholders (lib/config/placeholders.ts).
 */
import { isExampleAccountId } from "../../lib/config/placeholders";
import { byBlocking, placeholderFound } from "../../lib/config/preflight";
import { AccountReader, CallerIdentity, Observed } from "./aws";
import { CheckResult, rowFor } from "./report";
import { awsProviders, PreflightStack, regionsOf } from "./stacks";

/**
 * One row per provider block. A placeholder or another account's id fails; no id at all fails in
 * production (any account's credentials would apply it) and warns elsewhere. `regions` holds the caller's
 * identity as each provider Region's STS endpoint answered: a Region not enabled for the account does not.
 */
export function accountChecks(
  stack: PreflightStack,
  caller: CallerIdentity,
  regions: ReadonlyMap<string, Observed<CallerIdentity>>,
): CheckResult[] {
  const field = `allowedAccountIds in ${stack.file}`;
  return awsProviders(stack.json).map((provider) => {
    const row = rowFor(stack.name, `account: ${provider.address}`);
    const region = provider.region ?? "?";
    const ids = provider.allowedAccountIds;
    const placeholders = ids?.filter(isExampleAccountId) ?? [];
    if (placeholders.length) {
      return row(
        "fail",
        `allowed_account_ids holds ${placeholders.join(", ")}, an example account id from AWS's documentation`,
        `put the 12-digit id of the account ${stack.name} belongs in (these credentials are for ${caller.account}) in ${field}`,
      );
    }
    if (ids && !ids.includes(caller.account)) {
      return row(
        "fail",
        `these credentials are for account ${caller.account} (${caller.arn}); ${provider.address} allows only ${ids.join(", ")}`,
        `use credentials for ${ids.join(" or ")} (another AWS_PROFILE), or correct ${field}`,
      );
    }
    const answer = regions.get(region);
    if (answer && !answer.ok) return row("cannot run", `${region}: ${answer.cannotRun} (is the Region enabled for the account?)`);
    if (answer?.ok && answer.value.account !== caller.account) {
      return row(
        "fail",
        `${region} answers for account ${answer.value.account}, not ${caller.account}: the credentials change with the Region`,
      );
    }
    if (!ids) {
      const detail = `account ${caller.account} in ${region}; no allowed_account_ids: credentials for any account would apply this stack`;
      const fix = `set ${field} to the account this stack belongs in`;
      return row(stack.tier === "production" ? "fail" : "warn", detail, fix);
    }
    return row("pass", `account ${caller.account} in ${region}: allowed (${ids.join(", ")})`);
  });
}

/**
 * Config values that cannot work in a real account, as `npm run preflight` words them, as one row: it fails
 * on a blocking one; an advisory one (a development stack without an account guard, which the account row
 * judges) is noted and passes, as offline.
 */
export function placeholdersCheck(stack: PreflightStack): CheckResult {
  const row = { stack: stack.name, check: "config placeholders" };
  if (stack.placeholders.length === 0) return { ...row, verdict: "pass", detail: `none in ${stack.file}` };
  const { blocking, advisory } = byBlocking(stack.placeholders, (placeholder) => placeholder);
  const notes = advisory.map((placeholder) => `worth setting: ${placeholderFound(placeholder)}`);
  if (blocking.length === 0) return { ...row, verdict: "pass", detail: [`nothing to fill in in ${stack.file}`, ...notes].join("\n") };
  return {
    ...row,
    verdict: "fail",
    detail: [...blocking.map(placeholderFound), ...notes].join("\n"),
    fix: blocking.map(({ field, fix }) => `${field}: ${fix}`).join("\n"),
  };
}

/** The account rows of one stack, asking STS in each of its provider Regions. */
export async function accountLiveChecks(stack: PreflightStack, caller: CallerIdentity, reader: AccountReader): Promise<CheckResult[]> {
  const answers = await Promise.all(regionsOf(stack).map(async (region) => [region, await reader.callerIdentity(region)] as const));
  return accountChecks(stack, caller, new Map(answers));
}
