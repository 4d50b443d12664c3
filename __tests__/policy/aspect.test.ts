import { worldHttpsIngress } from "../support/fixtures";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Tier } from "../../lib/config/schema";
import { PlatformStack } from "../../lib/platform-stack";
import { GuardrailsError, policyEvaluationOf, RuleId, StackPolicyReport, suppress } from "../../lib/policy";
import { SecureBucket } from "../../modules/secure-bucket";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { synthesize } from "../support/synth";

function guardedStack(tier: Tier, app: App = Testing.app(), id = "guarded"): PlatformStack {
  return new PlatformStack(app, id, {
    system: "guard",
    project: "Guard",
    environment: tier === "production" ? "prod" : "dev",
    tier,
    region: "us-east-1",
    allowedAccountIds: ["111122223333"],
  });
}

/** Synthesizes and returns the error the guardrails raised (fails the test when none was raised). */
function synthError(stack: PlatformStack): GuardrailsError {
  try {
    synthesize(stack);
  } catch (error) {
    if (error instanceof GuardrailsError) return error;
    throw error;
  }
  throw new Error("expected the guardrails to stop synthesis");
}

/** The guardrails report synthesis left on the stack. */
function reportOf(stack: TerraformStack): StackPolicyReport {
  const evaluation = policyEvaluationOf(stack);
  if (!evaluation) throw new Error(`${stack.node.id} was not evaluated`);
  return evaluation.report;
}

function warnings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => (entry.type as AnnotationMetadataEntryType) === AnnotationMetadataEntryType.WARN)
    .map((entry) => String(entry.data));
}

const unencryptedTopic = (stack: PlatformStack) => new SnsTopic(stack, "alarms", { name: "alarms" });

describe("guardrails at synth", () => {
  test("GIVEN a production stack with a finding WHEN synthesized THEN synthesis fails naming stack, address, rule id and fix", () => {
    const stack = guardedStack("production");
    unencryptedTopic(stack);
    const error = synthError(stack);
    expect(error.message).toContain("[guarded] aws_sns_topic.alarms: sns-kms: not encrypted with a customer-managed KMS key");
    expect(error.message).toContain("fix: Pass kmsKey to AlarmTopic");
    expect(error.blocking.map((finding) => finding.ruleId)).toEqual(["sns-kms"]);
  });

  test("GIVEN the same finding in development THEN synthesis succeeds and the finding is a cdktf warning on the resource", () => {
    const stack = guardedStack("development");
    const topic = unencryptedTopic(stack);
    expect(() => synthesize(stack)).not.toThrow();
    expect(warnings(topic).join("\n")).toContain("aws_sns_topic.alarms: sns-kms:");
  });

  test("GIVEN development and an always-error rule (publicly accessible database) THEN synthesis fails", () => {
    const stack = guardedStack("development");
    new DbInstance(stack, "database", {
      engine: "postgres",
      instanceClass: "db.t3.micro",
      allocatedStorage: 20,
      manageMasterUserPassword: true,
      username: "app",
      publiclyAccessible: true,
    });
    const error = synthError(stack);
    expect(error.blocking.map((finding) => `${finding.address} ${finding.ruleId}`)).toEqual([
      "aws_db_instance.database rds-no-public-access",
    ]);
  });

  test("GIVEN a reasoned suppression next to the resource THEN production synthesizes and the report carries the reason", () => {
    const stack = guardedStack("production");
    const group = new SecurityGroup(stack, "web", { name: "web", description: "Load balancer" });
    const https = worldHttpsIngress(stack, group.id);
    expect(synthError(stack).blocking.map((finding) => finding.ruleId)).toEqual(["sg-world-ingress"]);

    suppress(https, "sg-world-ingress", "the load balancer is the system's public entry point");
    // Recorded on the construct itself, where any tool walking the tree finds it.
    expect(https.node.metadata).toContainEqual(
      expect.objectContaining({ type: "guardrails:suppression", data: expect.objectContaining({ ruleId: "sg-world-ingress" }) }),
    );
    synthesize(stack);
    const reports = [reportOf(stack)];
    const finding = reports[0].findings.find((candidate) => candidate.ruleId === "sg-world-ingress");
    expect(finding?.suppressedBy).toEqual({
      ruleId: "sg-world-ingress",
      reason: "the load balancer is the system's public entry point",
      path: "guarded/https",
    });
  });

  test("GIVEN a suppression on a parent construct THEN it covers the resources below it, and only for that rule", () => {
    const stack = guardedStack("development");
    const bucket = new SecureBucket(stack, "data", { bucketName: "guard-data" });
    suppress(bucket, "s3-access-logging", "fixture: access logging is covered by another test");
    synthesize(stack);
    const reports = [reportOf(stack)];
    const byRule = (ruleId: string) => reports[0].findings.filter((finding) => finding.ruleId === ruleId);
    expect(byRule("s3-access-logging").map((finding) => finding.suppressedBy?.path)).toEqual(["guarded/data"]);
    expect(byRule("s3-kms-encryption").map((finding) => finding.suppressedBy)).toEqual([undefined]);
  });

  test.each([
    ["no reason", ""],
    ["a blank reason", "   "],
    ["a token reason", "ok"],
  ])("GIVEN a suppression with %s THEN it is refused at once, naming the construct and the rule", (_, reason) => {
    const stack = guardedStack("development");
    const topic = unencryptedTopic(stack);
    expect(() => suppress(topic, "sns-kms", reason)).toThrow(
      /suppress\(guarded\/alarms, "sns-kms"\): a suppression needs a reason of at least 15 characters/,
    );
  });

  test("GIVEN a suppression of a rule id that does not exist THEN it is refused", () => {
    const stack = guardedStack("development");
    expect(() => suppress(stack, "sns-encryption" as RuleId, "a reason long enough to pass")).toThrow(/unknown guardrail rule id/);
  });

  test("GIVEN production WHEN a data-protection rule is suppressed THEN the suppression is refused; development accepts it", () => {
    const build = (tier: Tier) => {
      const stack = guardedStack(tier);
      const bucket = new SecureBucket(stack, "data", { bucketName: "guard-data" });
      suppress(bucket, "s3-kms-encryption", "fixture: pretend the data is public anyway");
      return stack;
    };
    const error = synthError(build("production"));
    expect(error.blocking.find((finding) => finding.ruleId === "s3-kms-encryption")?.message).toContain(
      "cannot be suppressed in production",
    );
    const development = build("development");
    synthesize(development);
    const reports = [reportOf(development)];
    expect(reports[0].findings.find((finding) => finding.ruleId === "s3-kms-encryption")?.suppressedBy).toBeDefined();
  });

  test("GIVEN a suppression that matches no finding THEN synthesis warns that it is stale", () => {
    const stack = guardedStack("development");
    const topic = new SnsTopic(stack, "alarms", { name: "alarms", kmsMasterKeyId: "alias/guard" });
    suppress(topic, "sns-kms", "fixture: the topic used to be unencrypted");
    synthesize(stack);
    expect(warnings(stack).join("\n")).toContain("suppression of sns-kms at guarded/alarms matched no finding");
  });

  test("GIVEN an app whose second stack has a production finding WHEN app.synth() runs THEN it fails before any stack is written", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-"));
    try {
      const app = new App({ outdir });
      guardedStack("development", app, "passing");
      unencryptedTopic(guardedStack("production", app, "failing"));
      expect(() => app.synth()).toThrow(/\[failing\] aws_sns_topic\.alarms: sns-kms/);
      expect(fs.readdirSync(outdir, { recursive: true }).filter((entry) => fs.statSync(path.join(outdir, String(entry))).isFile())).toEqual(
        [],
      );
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN an app of three stacks WHEN app.synth() runs THEN each stack is evaluated once, and every stack is written", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-"));
    try {
      const app = new App({ outdir });
      const stacks = ["one", "two", "three"].map((id) => guardedStack("development", app, id));
      stacks.forEach(unencryptedTopic);
      app.synth();
      expect(stacks.map((stack) => [stack.node.id, policyEvaluationOf(stack)?.round])).toEqual([
        ["one", 1],
        ["two", 1],
        ["three", 1],
      ]);
      expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["one", "three", "two"]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("GIVEN the state-backend stack (production) THEN it synthesizes with no finding and no suppression", () => {
    const stack = new StateBackendStack(Testing.app(), "state-backend", {
      config: {
        region: "us-east-1",
        bucket: "guard-state",
        dynamodbTable: "guard-locks",
        noncurrentVersionRetentionDays: 90,
        useLockfile: false,
        ownState: "local",
        allowedAccountIds: ["111122223333"],
        tags: {},
      },
    });
    synthesize(stack);
    const reports = [reportOf(stack)];
    const accepted = reports[0].findings.map(
      (finding) => `${finding.address} ${finding.ruleId} ${finding.suppressedBy ? "suppressed" : "OPEN"}`,
    );
    expect(accepted).toEqual([]);
  });

  test("GIVEN two apps in one process THEN each keeps its own guardrails state", () => {
    const first = guardedStack("development");
    const second = guardedStack("development");
    unencryptedTopic(first);
    synthesize(first);
    expect(policyEvaluationOf(second)).toBeUndefined();
    synthesize(second);
    expect([reportOf(first).findings.length > 0, reportOf(second).findings]).toEqual([true, []]);
  });
});
