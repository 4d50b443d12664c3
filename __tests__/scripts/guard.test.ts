import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { isoDay } from "../../tools/plans/acknowledgements";
import { REAL_PLAN_FILE } from "../support/plan-json";

const ROOT = path.join(__dirname, "..", "..");

/** A plans folder moved by PLANS_DIR (not named `plans`): the real terraform_data plan of state-backend, all three destructive changes acknowledged. */
function movedPlansDir(): { plansDir: string; planFile: string } {
  const plansDir = fs.mkdtempSync(path.join(os.tmpdir(), "saved-plans-"));
  const planFile = path.join(plansDir, "state-backend", "plan.json");
  fs.mkdirSync(path.dirname(planFile));
  fs.copyFileSync(REAL_PLAN_FILE, planFile);
  const expires = isoDay(new Date(Date.now() + 7 * 86_400_000));
  const entry = (address: string, action: string) => ({
    stack: "state-backend",
    address,
    action,
    reason: "terraform_data stand-ins, nothing of value",
    who: "dana@ops",
    expires,
  });
  const acknowledgements = [
    entry("terraform_data.database", "replace"),
    entry("terraform_data.retired[0]", "delete"),
    entry("terraform_data.target-group", "replace"),
  ];
  fs.writeFileSync(path.join(plansDir, "acknowledged.json"), JSON.stringify({ acknowledgements }));
  return { plansDir, planFile };
}

function runGuard(plansDir: string, args: string[]) {
  return spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/guard.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, PLANS_DIR: plansDir },
    encoding: "utf8",
  });
}

describe("npm run guard with PLANS_DIR", () => {
  test("GIVEN PLANS_DIR moves the plans folder WHEN guard runs THEN it reads the acknowledgements plan and apply read there", () => {
    const { plansDir, planFile } = movedPlansDir();
    const result = runGuard(plansDir, [planFile, "--stack", "state-backend"]);
    expect(result.stdout).toContain("guard: passed");
    expect(result.status).toBe(0);
  });

  test("GIVEN PLANS_DIR moves the plans folder WHEN guard runs on <PLANS_DIR>/<stack>/plan.json THEN the stack comes from the folder", () => {
    const { plansDir, planFile } = movedPlansDir();
    const result = runGuard(plansDir, [planFile]);
    expect(result.stderr).not.toContain("cannot tell its stack");
    expect(result.stdout).toContain("state-backend (");
    expect(result.status).toBe(0);
  });
});
