import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { splitArgs, worstExitCode } from "../../scripts/plan";
import { planStack } from "../../tools/plans/diff";
import { CANNOT_RUN_HERE } from "../../tools/plans/terraform-cli";
import { configCopy, FILLED_IN } from "../support/config-dir";
import { fakeTerraform } from "../support/fake-terraform";
import { describeWithTerraformBinary } from "../support/terraform";

const stackDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
const PROVIDER_FAILURE =
  "Error: Failed to query available provider packages\nCould not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io";

describe("plan wrapper", () => {
  test("GIVEN no terraform on PATH THEN diff cannot plan and says what to install", async () => {
    const env = { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), "no-tf-")) };
    expect(await planStack(stackDir(), { env })).toEqual({
      stack: expect.any(String),
      code: CANNOT_RUN_HERE,
      message: expect.stringMatching(/Install Terraform/),
    });
  });

  test("GIVEN stack names mixed with terraform options THEN they are told apart", () => {
    expect(splitArgs(["coherent-dev", "-lock=false", "treasury-plane-dev", "-target=aws_vpc.network_vpc"])).toEqual({
      stacks: ["coherent-dev", "treasury-plane-dev"],
      options: ["-lock=false", "-target=aws_vpc.network_vpc"],
    });
  });

  test("GIVEN terraform that cannot download the AWS provider THEN plan stops with exit 3 and the mirror advice", async () => {
    const result = await planStack(stackDir(), { env: fakeTerraform({ init: { output: PROVIDER_FAILURE, code: 1 } }) });
    expect(result).toEqual({
      stack: expect.any(String),
      code: CANNOT_RUN_HERE,
      message: expect.stringMatching(/cannot download the AWS provider/),
    });
  });

  test.each([
    [0, false, "no changes"],
    [1, false, "terraform plan failed"],
    [2, true, "changes pending"],
  ])("GIVEN plan exits %i (detailed exit code: %s) THEN the result says %s", async (planCode, detailed, message) => {
    const dir = stackDir();
    const result = await planStack(dir, {
      env: fakeTerraform({ init: { output: "Terraform has been successfully initialized!", code: 0 }, planCode }),
      detailedExitCode: detailed,
      extraArgs: ["-target=aws_vpc.network_vpc"],
    });
    expect(result).toEqual({ stack: path.basename(dir), code: planCode, message });
    expect(fs.readFileSync(path.join(dir, "plan-args"), "utf8")).toContain(
      `-input=false${detailed ? " -detailed-exitcode" : ""} -target=aws_vpc.network_vpc`,
    );
  });

  test("GIVEN several plans THEN the worst outcome is reported: cannot plan, then failed, then changes", () => {
    expect(worstExitCode([0, 2, 1, 3])).toBe(CANNOT_RUN_HERE);
    expect(worstExitCode([0, 2, 1])).toBe(1);
    expect(worstExitCode([0, 2])).toBe(2);
    expect(worstExitCode([0, 0])).toBe(0);
  });
});

describeWithTerraformBinary("diff with this machine's real terraform", () => {
  test("GIVEN this machine's real terraform and an S3 backend it cannot reach THEN init is diagnosed, not crashed", async () => {
    const dir = stackDir();
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify({
        terraform: {
          backend: { s3: { bucket: "b", key: "k", region: "us-east-1" } },
          required_providers: { aws: { source: "aws", version: "6.19.0" } },
        },
        provider: { aws: [{ region: "us-east-1" }] },
      }),
    );
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "", AWS_EC2_METADATA_DISABLED: "true" };
    // Bucket "b" is not ours: even with credentials and registry access, init cannot succeed.
    expect(await planStack(dir, { env })).toEqual({
      stack: path.basename(dir),
      code: CANNOT_RUN_HERE,
      message: expect.stringMatching(/cannot reach the S3 state backend|cannot download the AWS provider/),
    });
  });
});

describe("plan and diff run preflight first", () => {
  /** Runs scripts/plan.ts against `configDir` with a terraform that only logs its arguments. */
  function runPlanScript(configDir: string, args: string[]) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "logging-tf-"));
    const log = path.join(scratch, "calls");
    const result = spawnSync(process.execPath, ["-r", "./scripts/swc-register.js", "scripts/plan.ts", ...args], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...fakeTerraform({ callLog: log }), PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: path.join(scratch, "cdktf.out") },
      encoding: "utf8",
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: result.status, stderr: result.stderr, calls };
  }

  test("GIVEN the committed config THEN plan stops before terraform, listing the stack's placeholders (exit 3)", () => {
    const result = runPlanScript(configCopy(), ["plan", "treasury-plane-dev"]);
    expect(result.status).toBe(CANNOT_RUN_HERE);
    expect(result.stderr).toContain('config/treasury-plane-dev.json: domain.hostedZoneId = "Z0REPLACEWITHZONEID" is a placeholder');
    expect(result.stderr).toContain("plan stopped before terraform");
    expect(result.calls).toEqual([]);
  });

  test("GIVEN placeholders only in another stack THEN diff of this one goes on to terraform", () => {
    const result = runPlanScript(
      configCopy({ "coherent-dev.json": FILLED_IN["coherent-dev.json"], "state-backend.json": FILLED_IN["state-backend.json"] }),
      ["diff", "coherent-dev"],
    );
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(["version -json", "init -input=false -no-color", "plan -input=false -detailed-exitcode"]);
  });
});
