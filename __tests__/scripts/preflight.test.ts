import * as path from "path";
import { spawnSync } from "child_process";
import { configCopy, FILLED_IN } from "../support/config-dir";

/** `npm run preflight -- <args>` against `configDir`. */
function runPreflight(configDir: string, args: string[] = []) {
  const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/preflight.ts", ...args], {
    cwd: path.join(__dirname, "..", ".."),
    env: { ...process.env, PLATFORM_CONFIG_DIR: configDir },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run preflight", () => {
  test("GIVEN the committed template THEN it exits 1 and lists each placeholder as file, field, value and fix", () => {
    const result = runPreflight(configCopy());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'config/state-backend.json: bucket = "platforms-terraform-state-replace-me" is a placeholder; put a globally unique name for the state bucket',
    );
    expect(result.stderr).toContain(
      'config/treasury-plane-prod.json: mutualTls.caBundle.bucket = "treasury-plane-pki-replace-me" is a placeholder; put the bucket holding your CA bundle',
    );
    expect(result.stderr).toContain("config/state-backend.json: kmsKeyId is not set; put the state KMS key's ARN");
    // Nine placeholders, and the state backend without the state KMS key.
    expect(result.stderr.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(10);
  });

  test("GIVEN stack names THEN only their config is checked; GIVEN an unknown one THEN exit 2", () => {
    const dir = configCopy(FILLED_IN, { "coherent-prod.json": (config) => Object.assign(config, { sshAllowedCidr: "192.0.2.10/32" }) });
    expect(runPreflight(dir, ["coherent-dev", "treasury-plane-prod"])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("no placeholders"),
    });
    expect(runPreflight(dir, ["coherent-prod"])).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('config/coherent-prod.json: sshAllowedCidr = "192.0.2.10/32" is a placeholder'),
    });
    expect(runPreflight(dir, ["coherent"]).status).toBe(2);
  });

  test("GIVEN every placeholder filled in THEN it exits 0", () => {
    expect(runPreflight(configCopy(FILLED_IN))).toMatchObject({ status: 0, stdout: expect.stringMatching(/^preflight: no placeholders/) });
  });
});
