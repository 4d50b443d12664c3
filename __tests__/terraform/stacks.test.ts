import { Testing } from "cdktf";
import { buildApp, loadConfig } from "../../stacks/app";
import { PlatformStack } from "../../lib/platform-stack";
import { DATA_RESOURCE_TYPES } from "../../tools/terraform/plan-test";
import { expectationsFor } from "../../tools/terraform/app";
import { coherentStack, treasuryPlaneStack } from "../support/stack-variants";
import { synthesize } from "../support/synth";
import { checkWithTerraform, describeWithTerraform } from "../support/terraform";

// Real Terraform on every stack of the real config: `terraform validate`, then `terraform test` planning
// against mocked AWS with the assertions operators rely on (tools/terraform/plan-test.ts).
const config = loadConfig();
const committed = buildApp(Testing.app(), config).node.children.filter((child): child is PlatformStack => child instanceof PlatformStack);
/** The production stacks in an account that already has GuardDuty, AWS Config and an organization trail (issue 19). */
const adopting: readonly [string, PlatformStack][] = [
  [
    "coherent-prod adopting the account's GuardDuty, Config and organization trail",
    coherentStack("prod", { security: { guardDuty: "adopt", configRecorder: "adopt", cloudTrail: "organization" } }),
  ],
  ["treasury-plane-prod with the organization trail", treasuryPlaneStack("prod", { cloudTrail: "organization" })],
];
const stacks: readonly (readonly [string, PlatformStack])[] = [...committed.map((stack) => [stack.node.id, stack] as const), ...adopting];

describe("production stacks protect their data from terraform destroy", () => {
  test.each(stacks.filter(([, stack]) => stack.tier === "production"))(
    "GIVEN %s THEN every bucket, key and table has prevent_destroy",
    (_name, stack) => {
      const json = synthesize(stack);
      const unprotected = DATA_RESOURCE_TYPES.flatMap((type) =>
        Object.entries(json.resource?.[type] ?? {})
          .filter(([, config]) => (config.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy !== true)
          .map(([name]) => `${type}.${name}`),
      );
      expect(unprotected).toEqual([]);
    },
  );
});

describeWithTerraform("real Terraform on every stack", () => {
  // Start every stack's checks at once: they run in parallel and each test below awaits its own.
  beforeAll(() => {
    for (const [, stack] of stacks) void checkWithTerraform(stack, expectationsFor(stack, config));
  });

  describe.each(stacks)("%s", (_name, stack) => {
    test("GIVEN the stack WHEN terraform validate runs THEN it passes", async () => {
      await expect(stack).toBeValidTerraformHere();
    }, 300_000);

    test("GIVEN mocked AWS WHEN the stack is planned THEN the production assertions hold", async () => {
      await expect(stack).toPlanWithMockedAws(expectationsFor(stack, config));
    }, 300_000);
  });
});
