import * as fs from "fs";
import * as path from "path";
import { CDK_TERRAIN } from "../../../tools/compat/cdk-terrain";
import { engineMajors, SUPPORTED_NODE_MAJORS } from "../../../tools/compat/node-versions";
import { parseMajor, withNode } from "../../../scripts/test-node";
import pkg from "../../../package.json";

const WORKFLOWS = path.join(__dirname, "..", "..", "..", ".github", "workflows");
const workflow = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
/** Every `node-version:` a workflow sets up, and the values of its `node:` matrix. */
const nodeVersionsIn = (text: string) => [...text.matchAll(/node-version: (\d+)/g)].map((match) => Number(match[1]));
const matrixIn = (text: string) => /\n\s+node: \[([\d, ]+)\]/.exec(text)?.[1].split(",").map(Number);

describe("supported Node.js majors", () => {
  test("GIVEN package.json THEN engines names Node.js 20, 22 and 24, each from the release its dependencies need", () => {
    expect(pkg.engines.node).toBe("^20.19.0 || ^22.13.0 || ^24.0.0");
    expect(SUPPORTED_NODE_MAJORS).toEqual([20, 22, 24]);
  });

  test.each(["^20.19.0 || >=22", ">=20", "20 || 22"])(
    "GIVEN engines.node %p THEN the error names the part and the form to use",
    (range) => {
      expect(() => engineMajors(range)).toThrow(/package\.json engines\.node: ".+" in ".+" is not of the form \^<major>\.<minor>\.<patch>/);
    },
  );

  test("GIVEN the CI workflow THEN its check job tests exactly the supported majors", () => {
    expect(matrixIn(workflow("ci.yml"))).toEqual(SUPPORTED_NODE_MAJORS);
  });

  test("GIVEN the workflows THEN every job pinned to one Node.js runs a supported one, and the weekly CDK Terrain job one its CLI accepts", () => {
    for (const file of ["ci.yml", "cdk-terrain.yml"])
      for (const major of nodeVersionsIn(workflow(file))) expect(SUPPORTED_NODE_MAJORS).toContain(major);
    const terrain = workflow("cdk-terrain.yml");
    expect(terrain).toMatch(/schedule:\n\s+- cron: "[\d*]+ [\d*]+ \* \* [\d*]+"/);
    expect(terrain).toContain("run: npm run compat:cdktn");
    expect(pkg.scripts).toHaveProperty(["compat:cdktn"]);
    // setup-node installs the newest release of the major.
    const minimumMajor = Number(CDK_TERRAIN.minimumNode.split(".")[0]);
    for (const major of nodeVersionsIn(terrain)) expect(major).toBeGreaterThanOrEqual(minimumMajor);
  });
});

describe("npm run test:node", () => {
  test("GIVEN a supported major THEN npx runs the command with node@<major> first on PATH", () => {
    expect(parseMajor("22")).toBe(22);
    expect(withNode(22, ["npm", "test"])).toEqual(["--yes", "--package", "node@22", "--", "npm", "test"]);
  });

  test.each([
    [undefined, "test:node: no Node.js major given"],
    ["v22", 'test:node: "v22" is not a Node.js major version'],
    ["22.1", 'test:node: "22.1" is not a Node.js major version'],
    ["18", "test:node: Node.js 18 is not supported here"],
  ])("GIVEN %p THEN it refuses: %s, listing 20, 22, 24", (argument, message) => {
    expect(() => parseMajor(argument)).toThrow(message);
    expect(() => parseMajor(argument)).toThrow("one of 20, 22, 24 (package.json engines.node)");
  });
});
