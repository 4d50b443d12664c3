import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { configCopy, FILLED_IN } from "./support/config-dir";

const root = path.join(__dirname, "..");

/** Runs main.ts as `cdktf synth` does, against `configDir`. */
function synthIn(configDir: string) {
  const outdir = path.join(path.dirname(configDir), "cdktf.out");
  const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "main.ts"], {
    cwd: root,
    env: { ...process.env, PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const written = fs.existsSync(path.join(outdir, "stacks"));
  fs.rmSync(path.dirname(configDir), { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, written };
}

describe("synthesis entry point", () => {
  test("GIVEN a bad value THEN synthesis exits non-zero, names file, field and value, and writes no stack", () => {
    const result = synthIn(
      configCopy({
        "state-backend.json": (config) => {
          config.bucket = "Not_A_Bucket";
        },
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('state-backend.json: bucket = "Not_A_Bucket": must be a valid S3 bucket name');
    expect(result.written).toBe(false);
  });

  test("GIVEN the committed template THEN synthesis succeeds with one warning line per stack that holds placeholders", () => {
    const result = synthIn(configCopy());
    expect(result.status).toBe(0);
    expect(result.written).toBe(true);
    const warnings = result.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings.map((line) => line.split(":")[1].trim())).toEqual([
      "state-backend",
      "coherent-dev",
      "coherent-prod",
      "treasury-plane-dev",
      "treasury-plane-prod",
    ]);
    for (const line of warnings) expect(line).toMatch(/value\(s\) to fill in \(.*\); run `npm run preflight` before plan or apply$/);
  });

  test("GIVEN every placeholder filled in THEN synthesis prints no warning", () => {
    const result = synthIn(configCopy(FILLED_IN));
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/warning/i);
  });
});
