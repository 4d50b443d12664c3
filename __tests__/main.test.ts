import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

const root = path.join(__dirname, "..");

/** Runs main.ts as `cdktf synth` does, against a copy of config/ with one file changed. */
function synthWith(file: string, change: (config: Record<string, unknown>) => void) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
  const configDir = path.join(work, "config");
  fs.cpSync(path.join(root, "config"), configDir, { recursive: true });
  const target = path.join(configDir, file);
  const config = JSON.parse(fs.readFileSync(target, "utf8"));
  change(config);
  fs.writeFileSync(target, JSON.stringify(config));
  const outdir = path.join(work, "cdktf.out");
  const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "main.ts"], {
    cwd: root,
    env: { ...process.env, PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const written = fs.existsSync(outdir);
  fs.rmSync(work, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, written };
}

describe("synthesis entry point", () => {
  test("a bad value exits non-zero, names file, field and value, and writes no stack", () => {
    const result = synthWith("state-backend.json", (config) => {
      config.bucket = "Not_A_Bucket";
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('state-backend.json: bucket = "Not_A_Bucket": must be a valid S3 bucket name');
    expect(result.written).toBe(false);
  });
});
