import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { applySavedPlan, META_FILE, PLAN_FILE, PLAN_JSON_FILE, savePlan, staleReason } from "../../../tools/plans/saved-plan";
import { reviewPlan } from "../../../tools/plans/review";
import { runTerraform } from "../../../tools/plans/terraform-cli";
import { realPlan, TERRAFORM_DATA_CONFIG } from "../../support/plan-json";
import { describeWithTerraformBinary } from "../../support/terraform";

// Real terraform, no provider: the built-in terraform_data with triggers_replace, local state.
const ROOT = path.join(__dirname, "..", "..", "..");

describeWithTerraformBinary("saved plans with real terraform (terraform_data, local state)", () => {
  let scratch: string;
  let synthesized: string;
  let workdir: string;
  let env: NodeJS.ProcessEnv;
  const stackFile = () => path.join(synthesized, "cdk.tf.json");
  const save = (value: string) =>
    savePlan({ stack: "state-backend", synthesizedDir: synthesized, workdir, env, tier: "production", planArgs: [`-var=v=${value}`] });
  /** Another operator's apply in between (the same state, its own configuration). */
  const applyElsewhere = (value: string) => runTerraform(["apply", "-auto-approve", "-input=false", `-var=v=${value}`], workdir, env);

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "saved-plan-"));
    synthesized = path.join(scratch, "cdktf.out", "stacks", "state-backend");
    workdir = path.join(scratch, "plans", "state-backend");
    fs.mkdirSync(synthesized, { recursive: true });
    // As cdktf writes a local backend: a path relative to the synthesized folder, here outside the plan folder.
    const config = JSON.parse(fs.readFileSync(TERRAFORM_DATA_CONFIG, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(stackFile(), JSON.stringify({ terraform: { backend: { local: { path: "../../../terraform.tfstate" } } }, ...config }));
    const cliConfig = path.join(scratch, "empty.tfrc");
    fs.writeFileSync(cliConfig, "");
    env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig };
    expect(await save("a")).toMatchObject({ code: 0 });
    expect(await applySavedPlan(workdir, env)).toMatchObject({ code: 0 });
  }, 60_000);

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("GIVEN a change WHEN it is planned THEN plans/<stack> holds the saved plan, its JSON (the committed fixture's shape) and what it was made from", async () => {
    const saved = await save("b");
    expect(saved.code).toBe(0);
    for (const file of [PLAN_FILE, PLAN_JSON_FILE, META_FILE]) expect(fs.existsSync(path.join(workdir, file))).toBe(true);
    const actions = (plan: typeof saved.plan) =>
      plan?.resource_changes?.map((change) => `${change.address} ${change.change.actions.join(",")}`);
    expect(actions(saved.plan)).toEqual(actions(realPlan()));
    expect(saved.plan?.format_version).toMatch(/^1\./);
    // The local state stayed where the synthesized stack's backend points, not in the plan folder.
    expect(fs.existsSync(path.join(scratch, "terraform.tfstate"))).toBe(true);
    expect(fs.existsSync(path.join(workdir, "terraform.tfstate"))).toBe(false);
  });

  test("GIVEN a saved plan WHEN someone applies in between THEN apply refuses it as stale before terraform runs, and terraform itself would too", async () => {
    expect((await save("b")).code).toBe(0);
    expect((await applyElsewhere("c")).code).toBe(0);
    expect(await staleReason(workdir, synthesized, env)).toMatch(
      /^the state changed since the plan of \S+: it was serial (\d+) \(lineage ([0-9a-f-]+)\), it is serial (?!\1\b)\d+ \(lineage \2\) \(someone applied in between\)$/,
    );
    const terraformItself = await runTerraform(["apply", "-input=false", "-no-color", PLAN_FILE], workdir, env);
    expect(terraformItself.code).not.toBe(0);
    expect(terraformItself.output).toContain("Saved plan is stale");
  });

  test("GIVEN a saved plan WHEN the synthesized stack changes THEN apply refuses it", async () => {
    expect((await save("d")).code).toBe(0);
    const changed = JSON.parse(fs.readFileSync(stackFile(), "utf8")) as { resource: { terraform_data: Record<string, unknown> } };
    changed.resource.terraform_data.extra = { input: "x" };
    const other = path.join(scratch, "changed");
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, "cdk.tf.json"), JSON.stringify(changed));
    expect(await staleReason(workdir, other, env)).toMatch(/^the synthesized stack changed since the plan of /);
    expect(await staleReason(workdir, synthesized, env)).toBeUndefined();
  });

  test("GIVEN a fresh saved plan THEN it is applied as saved, once: the plan files are gone and a second apply finds nothing to apply", async () => {
    const saved = await save("e");
    expect(saved.code).toBe(0);
    expect(await staleReason(workdir, synthesized, env)).toBeUndefined();
    // Exactly what the saved plan says, counted as terraform counts: a replace adds one and destroys one.
    const { counts } = reviewPlan(saved.plan!, { stack: "state-backend", acknowledgements: [], today: "2026-12-07" });
    const expected = `Apply complete! Resources: ${counts.create + counts.replace} added, ${counts.update} changed, ${counts.delete + counts.replace} destroyed.`;
    expect(counts.replace).toBeGreaterThan(0);
    expect(await applySavedPlan(workdir, env)).toMatchObject({ code: 0, message: expect.stringContaining(expected) });
    expect(fs.existsSync(path.join(workdir, PLAN_FILE))).toBe(false);
    expect(await staleReason(workdir, synthesized, env)).toBe(`no saved plan in ${workdir}`);
  });

  test("GIVEN a saved plan replacing state-backend resources THEN npm run guard refuses it (exit 1) until plans/acknowledged.json lets each change through (exit 0)", async () => {
    expect((await save("f")).code).toBe(0);
    const guard = (...args: string[]) =>
      spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/guard.ts", path.join(workdir, PLAN_JSON_FILE), ...args], {
        cwd: ROOT,
        encoding: "utf8",
      });
    const refused = guard("--acknowledgements", path.join(scratch, "none.json"));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("replace terraform_data.database: NOT ACKNOWLEDGED");
    const expires = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const entries = ["terraform_data.database", "terraform_data.target-group"].map((address) => ({
      stack: "state-backend",
      address,
      action: "replace",
      reason: "terraform_data stand-ins hold nothing; rehearsal of the guard",
      who: "ops@example.org",
      expires,
    }));
    const file = path.join(scratch, "acknowledged.json");
    fs.writeFileSync(file, JSON.stringify({ acknowledgements: entries }));
    const accepted = guard("--acknowledgements", file);
    expect(accepted.stdout).toContain(`replace terraform_data.database: acknowledged by ops@example.org until ${expires}`);
    expect(accepted.status).toBe(0);
  }, 60_000);
});
