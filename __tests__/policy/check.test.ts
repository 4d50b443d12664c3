import { worldHttpsIngress } from "../support/fixtures";
import { App } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Tier } from "../../lib/config/schema";
import { PlatformStack } from "../../lib/platform-stack";
import { suppress } from "../../lib/policy";
import { buildApp } from "../../stacks/app";
import { runCheck } from "../../scripts/check";

const stack = (app: App, id: string, tier: Tier) =>
  new PlatformStack(app, id, {
    system: "check",
    project: "Check",
    environment: id,
    tier,
    region: "us-east-1",
    allowedAccountIds: ["111122223333"],
  });

describe("npm run check", () => {
  test("GIVEN stacks without errors THEN it exits 0 and prints the rules x stacks table, warnings, reasons and stale suppressions", () => {
    const outcome = runCheck((app) => {
      const dev = stack(app, "dev", "development");
      new SnsTopic(dev, "alarms", { name: "alarms" });
      const prod = stack(app, "prod", "production");
      const group = new SecurityGroup(prod, "web", { name: "web", description: "Load balancer" });
      const https = worldHttpsIngress(prod, group.id);
      suppress(https, "sg-world-ingress", "the load balancer is the public entry point");
      suppress(prod, "sg-world-egress-all", "fixture: nothing opens egress, so this is stale");
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toMatch(/^rule +level +dev \(dev\) +prod \(prod\)$/m);
    expect(outcome.output).toMatch(/^sns-kms +warning +warn +n\/a$/m);
    expect(outcome.output).toMatch(/^sg-world-ingress +warning +n\/a +suppressed$/m);
    expect(outcome.output).toMatch(/^sg-described +warning +n\/a +pass$/m);
    expect(outcome.output).toContain("Warnings (development) (1):\n  [dev] aws_sns_topic.alarms: sns-kms:");
    expect(outcome.output).toContain("reason (prod/https): the load balancer is the public entry point");
    expect(outcome.output).toContain("Suppressions that matched nothing (1):\n  [prod] prod: sg-world-egress-all");
  });

  test("GIVEN a production finding THEN it exits 1 and lists it with the fix, even though synthesis stopped", () => {
    const outcome = runCheck((app) => {
      new SnsTopic(stack(app, "prod", "production"), "alarms", { name: "alarms" });
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toMatch(/^sns-kms +warning +fail$/m);
    expect(outcome.output).toContain(
      "Errors (1):\n  [prod] aws_sns_topic.alarms: sns-kms: not encrypted with a customer-managed KMS key\n      fix:",
    );
  });

  test("GIVEN a schema problem THEN it exits 1 and names the stack, address and attribute", () => {
    const outcome = runCheck((app) => {
      new SnsTopic(stack(app, "dev", "development"), "alarms", { name: "alarms", kmsMasterKeyId: "alias/check" }).addOverride(
        "kms_master_key",
        "x",
      );
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output).toContain('[dev] aws_sns_topic.alarms: unknown attribute "kms_master_key" (did you mean "kms_master_key_id"?)');
  });

  test("GIVEN the whole app (stacks/app.ts) THEN every stack is checked, and every stack passes the offline provider-schema and reference validation", () => {
    const outcome = runCheck((app) => buildApp(app));
    expect(outcome.reports.map((report) => report.stack).sort()).toEqual(
      ["state-backend", "coherent-dev", "coherent-prod", "treasury-plane-dev", "treasury-plane-prod"].sort(),
    );
    expect(outcome.problems).toEqual(Object.fromEntries(outcome.reports.map((report) => [report.stack, []])));
  });
});
