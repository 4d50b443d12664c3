import * as path from "path";
import { spawnSync } from "child_process";
import { SILENCED_DEPRECATIONS } from "../../lib/cdktf-deprecations";

const root = path.join(__dirname, "..", "..");

/** stderr of a Node.js process that raises cdktf's deprecation (both call forms) and two other warnings. */
function stderrOf(preload: string[]): string {
  const script = [
    'process.emitWarning("The `util.isArray` API is deprecated.", "DeprecationWarning", "DEP0044");',
    'process.emitWarning("The `util.isArray` API is deprecated.", { type: "DeprecationWarning", code: "DEP0044" });',
    'require("util").isArray([]);', // Node.js 22+ raise DEP0044 here themselves
    'process.emitWarning("another deprecation", "DeprecationWarning", "DEP0005");',
    'process.emitWarning("a plain warning");',
  ].join("\n");
  return spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", ...preload, "-e", script], { cwd: root, encoding: "utf8" }).stderr;
}

describe("Node.js deprecation warnings raised by cdktf 0.21", () => {
  test("GIVEN Node.js 22+ warnings WHEN synthesis starts THEN only util.isArray's DEP0044 is silenced", () => {
    expect([...SILENCED_DEPRECATIONS]).toEqual(["DEP0044"]);
  });

  test("GIVEN the module loaded THEN DEP0044 never reaches stderr, and every other warning still does", () => {
    const stderr = stderrOf(["-r", "./lib/cdktf-deprecations.ts"]);
    expect(stderr).not.toContain("DEP0044");
    expect(stderr).toContain("[DEP0005] DeprecationWarning: another deprecation");
    expect(stderr).toContain("Warning: a plain warning");
  });

  test("GIVEN it not loaded THEN the same process prints DEP0044 (what main.ts would show on Node.js 22+)", () => {
    expect(stderrOf([])).toContain("[DEP0044] DeprecationWarning");
  });
});
