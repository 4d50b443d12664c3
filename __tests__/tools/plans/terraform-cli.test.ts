import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkTerraform, diagnoseInit, runTerraform, CANNOT_RUN_HERE } from "../../../tools/plans/terraform-cli";
import { fakeTerraform } from "../../support/fake-terraform";

const PROVIDER_FAILURE =
  "Error: Failed to query available provider packages\nCould not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io";
const BACKEND_FAILURE = "Initializing the backend...\nError: No valid credential sources found";

describe("the operator's terraform", () => {
  test.each<[string, string, string, RegExp]>([
    ["no registry access", PROVIDER_FAILURE, "provider-download", /provider mirror/],
    ["no AWS credentials for the backend", BACKEND_FAILURE, "backend-access", /state bucket/],
    ["a missing state bucket", 'Error: S3 bucket "tf-state" does not exist.', "backend-access", /npm run bootstrap/],
    ["anything else", "Error: Unsupported block type", "other", /Unsupported block type/],
  ])("GIVEN init fails with %s THEN the diagnosis says what to do", (_case, output, problem, advice) => {
    expect(diagnoseInit(output)).toEqual({ problem, advice: expect.stringMatching(advice) });
  });

  test("GIVEN no terraform on PATH THEN the check and a run say what to install (exit 3), no stack trace", async () => {
    const env = { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), "no-tf-")) };
    expect(checkTerraform(env)).toEqual({
      ok: false,
      advice: expect.stringMatching(/No terraform binary on PATH\. Install Terraform >= 1\.10/),
    });
    expect(await runTerraform(["version"], os.tmpdir(), env)).toEqual({
      code: CANNOT_RUN_HERE,
      output: expect.stringMatching(/Install Terraform/),
    });
  });

  test("GIVEN terraform older than 1.10 THEN it is usable with a warning about the S3 lock file", () => {
    expect(checkTerraform(fakeTerraform({ version: "1.9.8" }))).toEqual({
      ok: true,
      version: "1.9.8",
      advice: expect.stringMatching(/use_lockfile needs >= 1\.10/),
    });
    expect(checkTerraform(fakeTerraform({ version: "1.11.4" }))).toEqual({ ok: true, version: "1.11.4" });
  });
});
