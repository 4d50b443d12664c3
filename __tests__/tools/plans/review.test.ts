import { Acknowledgement } from "../../../tools/plans/acknowledgements";
import { parsePlanJson, PlanReadError } from "../../../tools/plans/plan-json";
import { formatReview, formatUnused } from "../../../tools/plans/report";
import { reviewPlan, unusedAcknowledgements } from "../../../tools/plans/review";
import { STATEFUL_TYPES } from "../../../tools/plans/stateful";
import { ACTIONS, planWith, realPlan } from "../../support/plan-json";

const TODAY = "2026-12-07";
const ack = (entry: Partial<Acknowledgement> & Pick<Acknowledgement, "address" | "action">): Acknowledgement => ({
  stack: "coherent-prod",
  reason: "the engine upgrade was rehearsed on a snapshot restore",
  who: "dana@ops",
  expires: "2026-12-20",
  ...entry,
});
const review = (plan = realPlan(), stack = "state-backend", acknowledgements: Acknowledgement[] = []) =>
  reviewPlan(plan, { stack, acknowledgements, today: TODAY });

describe("plan summary", () => {
  test("GIVEN a real saved plan of terraform_data THEN it counts creates, updates, replaces and deletes, and says why each goes and in which order", () => {
    const result = review(realPlan(), "coherent-dev");
    expect(result.counts).toEqual({ create: 1, update: 1, replace: 2, delete: 1, forget: 0, import: 0, move: 0 });
    expect(result.removals).toEqual([
      {
        address: "terraform_data.database",
        type: "terraform_data",
        action: "replace",
        forcedBy: ["triggers_replace"],
        reason: "an argument that cannot change in place changed",
        createBeforeDestroy: false,
      },
      expect.objectContaining({ address: "terraform_data.retired[0]", action: "delete", forcedBy: [], reason: "count shrank" }),
      expect.objectContaining({ address: "terraform_data.target-group", action: "replace", createBeforeDestroy: true }),
    ]);
    const text = formatReview(result, "text", TODAY);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "coherent-dev: create 1, update 1, replace 2, delete 1",
      "  replace (destroy, then create)  terraform_data.database  [forced by triggers_replace]",
      "  delete                          terraform_data.retired[0]  [count shrank]",
      "  replace (create before destroy) terraform_data.target-group  [forced by triggers_replace]",
    ]);
    expect(text).toMatch(/guard: passed$/);
  });

  test.each([
    ["replace_paths inside a block", [["ingress", 0, "cidr_blocks"]], undefined, "forced by ingress[0].cidr_blocks"],
    ["several forcing attributes", [["engine"], ["availability_zone"]], undefined, "forced by engine, availability_zone"],
    ["-replace", undefined, "replace_by_request", "requested with -replace"],
    ["a tainted object", undefined, "replace_because_tainted", "the object is tainted"],
  ])("GIVEN a replace with %s THEN the summary names the reason", (_case, replacePaths, actionReason, words) => {
    const plan = planWith([{ address: "aws_instance.app", actions: ACTIONS["delete-then-create"], replacePaths, actionReason }]);
    expect(formatReview(review(plan, "coherent-dev"), "text", TODAY)).toContain(words);
  });

  test("GIVEN a plan that stopped on an error THEN the review says it is incomplete", () => {
    const result = review({ ...planWith([]), errored: true }, "coherent-dev");
    expect(result.errored).toBe(true);
    expect(formatReview(result, "text", TODAY)).toContain("the plan stopped on an error: it is incomplete");
  });

  test.each([
    ["not JSON", "{", /not JSON/],
    ["JSON without format_version (a state file)", '{"version":4}', /format_version is missing/],
    ["a future major format", '{"format_version":"2.0"}', /format_version = "2\.0" is not supported; expected 1\.x/],
  ])("GIVEN %s THEN reading it fails naming the file and what is expected", (_case, text, message) => {
    expect(() => parsePlanJson(text, "plans/x/plan.json")).toThrow(PlanReadError);
    expect(() => parsePlanJson(text, "plans/x/plan.json")).toThrow(message);
  });
});

describe("plan guard", () => {
  const stateful = Object.keys(STATEFUL_TYPES).map((type) => [type] as const);

  test.each(stateful)("GIVEN a delete or either replace of a %s THEN the guard refuses it, saying why it is stateful", (type) => {
    for (const actions of [ACTIONS.delete, ACTIONS["delete-then-create"], ACTIONS["create-then-delete"]]) {
      const plan = planWith([{ address: `${type}.main`, actions, before: { name: "/aws/cloudtrail/audit" } }]);
      const result = review(plan, "coherent-prod");
      expect(result.blocked).toBe(true);
      expect(result.destructive).toEqual([expect.objectContaining({ address: `${type}.main`, why: STATEFUL_TYPES[type].why })]);
    }
  });

  test.each(stateful)("GIVEN a create or update of a %s THEN the guard lets it through", (type) => {
    const plan = planWith([
      { address: `${type}.new`, actions: ACTIONS.create },
      { address: `${type}.main`, actions: ACTIONS.update },
    ]);
    expect(review(plan, "coherent-prod")).toMatchObject({ blocked: false, destructive: [] });
  });

  test("GIVEN deletes of resources that hold nothing THEN the guard lets them through", () => {
    const plan = planWith([
      { address: "aws_security_group.app", actions: ACTIONS["delete-then-create"], replacePaths: [["name"]] },
      { address: "aws_cloudwatch_log_group.app", actions: ACTIONS.delete, before: { name: "/coherent/prod/app" } },
    ]);
    expect(review(plan, "coherent-prod")).toMatchObject({ blocked: false, destructive: [] });
  });

  test.each([
    "/aws/cloudtrail/coherent-prod-audit",
    "/aws/vpc/coherent-prod/flow-logs",
    "aws-waf-logs-coherent-prod-waf",
    "/aws/rds/instance/db/postgresql",
  ])("GIVEN the delete of the audit log group %s THEN the guard refuses it", (name) => {
    const plan = planWith([{ address: "aws_cloudwatch_log_group.audit", actions: ACTIONS.delete, before: { name } }]);
    expect(review(plan, "coherent-prod").blocked).toBe(true);
  });

  test("GIVEN the state-backend stack THEN every resource in it is protected, stateful type or not", () => {
    const plan = planWith([{ address: "aws_s3_bucket_public_access_block.state_bucket", actions: ACTIONS.delete }]);
    expect(review(plan, "state-backend").destructive).toEqual([
      expect.objectContaining({ why: expect.stringContaining("the state backend's own resources") }),
    ]);
    expect(review(plan, "coherent-prod").destructive).toEqual([]);
  });

  const replaceDatabase = planWith([
    { address: "aws_db_instance.database", actions: ACTIONS["delete-then-create"], replacePaths: [["engine_version"]] },
  ]);

  test("GIVEN an acknowledgement of exactly this stack, address and action, not expired THEN the change goes through and the summary says who accepted it", () => {
    const result = review(replaceDatabase, "coherent-prod", [ack({ address: "aws_db_instance.database", action: "replace" })]);
    expect(result.blocked).toBe(false);
    expect(formatReview(result, "text", TODAY)).toContain(
      "replace aws_db_instance.database: acknowledged by dana@ops until 2026-12-20: the engine upgrade was rehearsed on a snapshot restore",
    );
  });

  test.each<[string, Acknowledgement, RegExp]>([
    [
      "for another action",
      ack({ address: "aws_db_instance.database", action: "delete" }),
      /acknowledges a delete of it, but this plan does a replace/,
    ],
    ["for another stack", ack({ stack: "coherent-dev", address: "aws_db_instance.database", action: "replace" }), /NOT ACKNOWLEDGED$/m],
    ["for another address", ack({ address: "aws_db_instance.replica", action: "replace" }), /NOT ACKNOWLEDGED$/m],
    [
      "that expired yesterday",
      ack({ address: "aws_db_instance.database", action: "replace", expires: "2026-12-06" }),
      /the acknowledgement by dana@ops expired on 2026-12-06/,
    ],
  ])("GIVEN an acknowledgement %s THEN the guard still refuses, saying why, and shows the entry to add", (_case, entry, message) => {
    const result = review(replaceDatabase, "coherent-prod", [entry]);
    expect(result.blocked).toBe(true);
    const text = formatReview(result, "text", TODAY);
    expect(text).toMatch(message);
    expect(text).toContain(
      '{"stack":"coherent-prod","address":"aws_db_instance.database","action":"replace","reason":"<why losing it is acceptable>","who":"<reviewer>","expires":"2026-12-14"}',
    );
    expect(text).toMatch(/guard: 1 unacknowledged destructive change\(s\) of stateful resources: refused$/);
  });

  test("GIVEN an acknowledgement that expires today THEN it still counts (the day is inclusive, UTC)", () => {
    const result = review(replaceDatabase, "coherent-prod", [
      ack({ address: "aws_db_instance.database", action: "replace", expires: TODAY }),
    ]);
    expect(result.blocked).toBe(false);
  });

  test("GIVEN acknowledgements that let nothing through THEN they are warnings for the reviewed stacks only, expired ones told apart", () => {
    const used = ack({ address: "aws_db_instance.database", action: "replace" });
    const stale = ack({ address: "aws_s3_bucket.old", action: "delete" });
    const expired = ack({ address: "aws_kms_key.old", action: "delete", expires: "2026-11-30" });
    const elsewhere = ack({ stack: "treasury-plane-prod", address: "aws_s3_bucket.web", action: "delete" });
    const reviews = [review(replaceDatabase, "coherent-prod", [used, stale, expired, elsewhere])];
    expect(formatUnused(unusedAcknowledgements(reviews, [used, stale, expired, elsewhere], TODAY))).toEqual([
      "warning: plans/acknowledged.json: the acknowledgement of delete coherent-prod aws_s3_bucket.old matches no change in this plan; remove it once its change is applied",
      "warning: plans/acknowledged.json: the acknowledgement of delete coherent-prod aws_kms_key.old expired on 2026-11-30; remove it",
    ]);
  });

  test("GIVEN the real terraform_data plan in the state-backend stack THEN its two replaces and its delete are refused until each is acknowledged", () => {
    expect(review().destructive.map((change) => `${change.action} ${change.address}`)).toEqual([
      "replace terraform_data.database",
      "delete terraform_data.retired[0]",
      "replace terraform_data.target-group",
    ]);
    const all = [
      ack({ stack: "state-backend", address: "terraform_data.database", action: "replace" }),
      ack({ stack: "state-backend", address: "terraform_data.retired[0]", action: "delete" }),
      ack({ stack: "state-backend", address: "terraform_data.target-group", action: "replace" }),
    ];
    expect(review(realPlan(), "state-backend", all.slice(0, 2)).blocked).toBe(true);
    expect(review(realPlan(), "state-backend", all).blocked).toBe(false);
  });

  test("GIVEN a refused plan in Markdown THEN the heading, the table and the guard line say so", () => {
    const markdown = formatReview(review(replaceDatabase, "coherent-prod"), "markdown", TODAY);
    expect(markdown.split("\n")[0]).toBe("### ❌ `coherent-prod`: create 0, update 0, replace 1, delete 0");
    expect(markdown).toContain("| replace (destroy, then create) | `aws_db_instance.database` | forced by engine_version |");
    expect(markdown).toContain("**Guard: 1 unacknowledged destructive change(s).**");
  });
});
