import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { configCopy, FILLED_IN } from "../support/config-dir";

const ROOT = path.join(__dirname, "..", "..");

/** `npm run preflight -- <args>` against `configDir`. */
function runPreflight(configDir: string, args: string[] = []) {
  const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/preflight.ts", ...args], {
    cwd: ROOT,
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
    expect(result.stderr).toContain(
      'config/treasury-plane-prod.json: mutualTls.caBundle.objectVersion = "REPLACE-WITH-VERSION-ID" is a placeholder; put the VersionId of the CA bundle object',
    );
    expect(result.stderr).toContain(
      'config/treasury-plane-prod.json: mutualTls.revocationLists[0].objectVersion = "REPLACE-WITH-VERSION-ID" is a placeholder; put the VersionId of the CRL object',
    );
    expect(result.stderr).toContain(
      'config/coherent-prod.json: monitoring.alarmSubscribers[0].email = "alarms@example.com" is a placeholder; put a mailbox someone reads',
    );
    expect(result.stderr).toContain("config/state-backend.json: kmsKeyId is not set; put the state KMS key's ARN");
    // Seventeen placeholders and the state backend without the state KMS key; then two notes, the
    // development stacks without an account guard.
    expect(result.stderr.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(20);
    expect(result.stderr).toMatch(/^2 value\(s\) worth setting \(the stacks work without them\):$/m);
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

describe("npm run preflight -- --live", () => {
  test("GIVEN no AWS credentials anywhere (environment cleared, empty config and credentials files, no instance metadata) THEN one line on stderr, no stack trace, exit 3, fast", () => {
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-")), "empty");
    fs.writeFileSync(empty, "");
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    const started = Date.now();
    const result = spawnSync("npm", ["run", "preflight", "--", "--live"], {
      cwd: ROOT,
      env: { ...env, AWS_CONFIG_FILE: empty, AWS_SHARED_CREDENTIALS_FILE: empty, AWS_EC2_METADATA_DISABLED: "true" },
      encoding: "utf8",
    });
    const seconds = (Date.now() - started) / 1000;
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split("\n")).toEqual([
      "preflight --live: no AWS credentials found (environment, AWS_PROFILE and ~/.aws files, SSO, container or instance role); run `aws sso login` or set AWS_PROFILE, then run preflight again",
    ]);
    // npm echoes the script it runs on stdout; preflight itself prints nothing there.
    expect(result.stdout.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("> "))).toEqual([]);
    // Synthesis and loading the SDK take about 2 s; waiting on a credential source would take far longer.
    expect(seconds).toBeLessThan(20);
  });
});
