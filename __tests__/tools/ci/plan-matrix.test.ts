import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfig } from "../../../stacks/app";
import { synthesizeToDisk } from "../../../tools/plans/workspace";
import { Manifest, planMatrix } from "../../../tools/ci/plan-matrix";
import { configCopy, FILLED_IN } from "../../support/config-dir";

// One synthesis per config: the committed template (state-backend state still local) and a bootstrapped one.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "plan-matrix-"));
const synthesized = (name: string, configDir?: string) => {
  const outdir = path.join(scratch, name);
  synthesizeToDisk(loadConfig(configDir), outdir);
  return outdir;
};
const template = synthesized("template");
const bootstrapped = synthesized("bootstrapped", configCopy(FILLED_IN, { "state-backend.json": (config) => (config.ownState = "bucket") }));
const manifestStacks = (outdir: string) =>
  Object.keys((JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest).stacks).sort();

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the pull request's plan matrix", () => {
  test("GIVEN no base to compare with THEN the matrix lists exactly the stacks of manifest.json", () => {
    expect(planMatrix(bootstrapped)).toEqual({ matrix: { stack: manifestStacks(bootstrapped) }, skipped: [] });
    expect(manifestStacks(bootstrapped)).toEqual([
      "coherent-dev",
      "coherent-prod",
      "state-backend",
      "treasury-plane-dev",
      "treasury-plane-prod",
    ]);
  });

  test("GIVEN the state-backend stack before the bootstrap THEN it is skipped with why: its state is a local file", () => {
    const result = planMatrix(template);
    expect(result.matrix.stack).toEqual(manifestStacks(template).filter((stack) => stack !== "state-backend"));
    expect(result.skipped).toEqual([{ stack: "state-backend", reason: expect.stringContaining("npm run bootstrap") }]);
  });

  test("GIVEN a base branch THEN only stacks whose synthesized JSON differs are planned", () => {
    const base = path.join(scratch, "base");
    fs.cpSync(bootstrapped, base, { recursive: true });
    expect(planMatrix(bootstrapped, base).matrix.stack).toEqual([]);
    const file = path.join(base, "stacks", "coherent-dev", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    json.resource.aws_vpc.network_vpc.cidr_block = "10.9.0.0/16";
    fs.writeFileSync(file, JSON.stringify(json, null, 4)); // formatting alone would not count
    fs.rmSync(path.join(base, "stacks", "treasury-plane-dev"), { recursive: true });
    expect(planMatrix(bootstrapped, base).matrix.stack).toEqual(["coherent-dev", "treasury-plane-dev"]);
  });

  test("GIVEN a base that did not synthesize THEN every stack is planned", () => {
    expect(planMatrix(bootstrapped, path.join(scratch, "no-such-base")).matrix.stack).toEqual(manifestStacks(bootstrapped));
  });
});
