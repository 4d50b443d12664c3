import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { accountChecks, accountLiveChecks, placeholdersCheck } from "../../../tools/preflight/account";
import { AwsAccount, CallerIdentity, Observed } from "../../../tools/preflight/aws";
import {
  ACCOUNT,
  CALLER,
  cannot,
  fixtureStack,
  ok,
  OTHER_ACCOUNT,
  providerBlock,
  resetBetweenTests,
  serviceError,
} from "../../support/preflight";

const answered = (...regions: string[]) => new Map<string, Observed<CallerIdentity>>(regions.map((region) => [region, ok(CALLER)]));

describe("the account guard, live", () => {
  test.each([
    ["the caller's account", [ACCOUNT], "production", "pass", /account 210987654321 in us-east-1: allowed/],
    [
      "another account only",
      [OTHER_ACCOUNT],
      "production",
      "fail",
      /these credentials are for account 210987654321 .*allows only 345678901234/,
    ],
    ["a documentation placeholder", ["111122223333"], "production", "fail", /holds 111122223333, an example account id/],
    ["none, in production", undefined, "production", "fail", /no allowed_account_ids: credentials for any account/],
    ["none, in development", undefined, "development", "warn", /no allowed_account_ids/],
  ] as const)(
    "GIVEN allowed_account_ids holding %s %j in a %s stack THEN the account row is %s",
    (_case, allowed, tier, verdict, detail) => {
      const stack = fixtureStack("coherent-prod", { tier, allowed: allowed ? [...allowed] : undefined });
      const [row] = accountChecks(stack, CALLER, answered("us-east-1"));
      expect(row).toMatchObject({ check: "account: aws", verdict, detail: expect.stringMatching(detail) });
      if (verdict !== "pass") expect(row.fix).toContain("config/coherent-prod.json");
    },
  );

  test("GIVEN aliased providers (aws.us_east_1, aws.us_west_2) THEN every provider block is checked, and one with a placeholder fails alone", () => {
    const stack = fixtureStack("treasury-plane-prod", {
      tier: "production",
      providers: [
        providerBlock("treasury-plane-prod", { allowed: [ACCOUNT] }),
        providerBlock("treasury-plane-prod", { alias: "us_east_1", region: "us-east-1", allowed: [ACCOUNT] }),
        providerBlock("treasury-plane-prod", { alias: "us_west_2", region: "us-west-2", allowed: ["123456789012"] }),
      ],
    });
    const rows = accountChecks(stack, CALLER, answered("us-east-1", "us-west-2"));
    expect(rows.map((row) => [row.check, row.verdict])).toEqual([
      ["account: aws", "pass"],
      ["account: aws.us_east_1", "pass"],
      ["account: aws.us_west_2", "fail"],
    ]);
    expect(rows[2].fix).toBe(
      "put the 12-digit id of the account treasury-plane-prod belongs in (these credentials are for 210987654321) in allowedAccountIds in config/treasury-plane-prod.json",
    );
  });

  test("GIVEN a provider Region whose STS endpoint does not answer THEN that row could not run, naming the Region; never a pass", () => {
    const stack = fixtureStack("treasury-plane-prod", {
      providers: [
        providerBlock("treasury-plane-prod", { allowed: [ACCOUNT] }),
        providerBlock("treasury-plane-prod", { alias: "us_west_2", region: "us-west-2", allowed: [ACCOUNT] }),
      ],
    });
    const regions = new Map([
      ["us-east-1", ok(CALLER)],
      ["us-west-2", cannot("GetCallerIdentity in us-west-2 failed: InvalidClientTokenId")],
    ]);
    const rows = accountChecks(stack, CALLER, regions);
    expect(rows[1]).toMatchObject({
      verdict: "cannot run",
      detail: expect.stringContaining("us-west-2: GetCallerIdentity in us-west-2 failed"),
    });
    expect(rows[0].verdict).toBe("pass");
  });

  test("GIVEN placeholders in the stack's config THEN the placeholders row fails with file, field, value and fix; GIVEN none THEN it passes", () => {
    const withPlaceholder = {
      ...fixtureStack("coherent-dev"),
      placeholders: [{ file: "config/coherent-dev.json", field: "sshAllowedCidr", value: "203.0.113.0/24", fix: "your office range" }],
    };
    expect(placeholdersCheck(withPlaceholder)).toEqual({
      stack: "coherent-dev",
      check: "config placeholders",
      verdict: "fail",
      detail: 'config/coherent-dev.json: sshAllowedCidr = "203.0.113.0/24" is a placeholder',
      fix: "sshAllowedCidr: your office range",
    });
    expect(placeholdersCheck(fixtureStack("coherent-dev")).verdict).toBe("pass");
  });
});

describe("the account guard through the SDK (STS mocked)", () => {
  const sts = mockClient(STSClient);
  resetBetweenTests(sts);

  test("GIVEN STS answering in each provider Region THEN GetCallerIdentity is asked once per Region and the rows pass", async () => {
    sts.on(GetCallerIdentityCommand).resolves({ UserId: "AROAEXAMPLEID:alice", Account: ACCOUNT, Arn: CALLER.arn });
    const stack = fixtureStack("treasury-plane-prod", {
      providers: [
        providerBlock("treasury-plane-prod", { allowed: [ACCOUNT] }),
        providerBlock("treasury-plane-prod", { alias: "us_west_2", region: "us-west-2", allowed: [ACCOUNT] }),
      ],
    });
    const rows = await accountLiveChecks(stack, CALLER, new AwsAccount());
    expect(rows.map((row) => row.verdict)).toEqual(["pass", "pass"]);
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 2);
  });

  test("GIVEN STS throttling in the stack's Region after the SDK's retries THEN the row could not run and says so", async () => {
    sts.on(GetCallerIdentityCommand).rejects(serviceError("Throttling", 400, "Rate exceeded"));
    const [row] = await accountLiveChecks(fixtureStack("coherent-dev", { allowed: [ACCOUNT] }), CALLER, new AwsAccount());
    expect(row).toMatchObject({
      verdict: "cannot run",
      detail: expect.stringContaining("GetCallerIdentity in us-east-1 was throttled (Throttling) after the SDK's retries"),
    });
  });
});
