import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

const compileCache = path.join(__dirname, "..", "..", "scripts", "compile-cache.js");

let project: string;
let cacheDir: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-test-"));
  cacheDir = path.join(project, "cache");
  fs.mkdirSync(path.join(project, "node_modules", "dependency"), { recursive: true });
  fs.writeFileSync(path.join(project, "node_modules", "dependency", "helper.js"), "module.exports = 'helper';\n");
  writeDependency("first");
  // The entry point reports what the dependency saw of Node's module wrapper.
  fs.writeFileSync(path.join(project, "main.js"), "console.log(JSON.stringify(require('dependency').describe()));\n");
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

let writes = 0;
function writeDependency(answer: string): void {
  const file = path.join(project, "node_modules", "dependency", "index.js");
  fs.writeFileSync(
    file,
    `exports.describe = () => ({
  answer: ${JSON.stringify(answer)},
  file: __filename,
  dir: __dirname,
  helper: require("./helper"),
  resolved: require.resolve("./helper"),
  exportsIsThis: this === exports,
  isMain: require.main === undefined ? "no main" : require.main.filename,
});\n`,
  );
  // Same size as a previous version happens: a new mtime must still be seen as a new file.
  const modified = new Date(Date.UTC(2026, 0, 1) + 1000 * ++writes);
  fs.utimesSync(file, modified, modified);
}

// Node 22's built-in cache is off whenever NODE_DISABLE_COMPILE_CACHE is set, even to "".
const { NODE_DISABLE_COMPILE_CACHE: _disabled, ...inherited } = process.env;

function run(env: NodeJS.ProcessEnv = {}, v8Flags: string[] = []) {
  const result = spawnSync(process.execPath, [...v8Flags, "-r", compileCache, "main.js"], {
    cwd: project,
    env: { ...inherited, COMPILE_CACHE_DIR: cacheDir, ...env },
    encoding: "utf8",
  });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const cacheEntries = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir, { recursive: true }).length : 0);

/** The entry point, reporting a label next to what the dependency saw; the same length whatever the 5-letter label. */
function writeMain(label: string): void {
  const file = path.join(project, "main.js");
  fs.writeFileSync(file, `console.log(JSON.stringify({ ...require('dependency').describe(), label: ${JSON.stringify(label)} }));\n`);
  // An edit within the same second, or a checkout, can keep the mtime: only the content tells.
  fs.utimesSync(file, new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 1)));
}

describe("the V8 compile cache (scripts/compile-cache.js)", () => {
  test("GIVEN a dependency WHEN loaded twice THEN the first run writes the cache and both runs see Node's module wrapper", () => {
    const expected = {
      answer: "first",
      file: path.join(project, "node_modules", "dependency", "index.js"),
      dir: path.join(project, "node_modules", "dependency"),
      helper: "helper",
      resolved: path.join(project, "node_modules", "dependency", "helper.js"),
      exportsIsThis: true,
      isMain: path.join(project, "main.js"),
    };
    expect(run()).toEqual(expected);
    expect(cacheEntries()).toBeGreaterThan(0);
    expect(run()).toEqual(expected);
  });

  test("GIVEN a cached dependency WHEN it changes on disk THEN the new code runs, never the cached one", () => {
    expect(run().answer).toBe("first");
    writeDependency("other"); // the same length as "first"
    expect(run().answer).toBe("other");
    writeDependency("a longer answer");
    expect(run().answer).toBe("a longer answer");
  });

  // --no-opt changes V8's cache version tag on every supported Node (GC flags such as the semi-space size no longer do on Node 24).
  test("GIVEN runs with other V8 flags THEN each flag set has entries of its own (V8 rejects bytes made under other flags)", () => {
    run();
    const plain = cacheEntries();
    run({}, ["--no-opt"]);
    expect(cacheEntries()).toBeGreaterThan(plain);
    const both = cacheEntries();
    run();
    run({}, ["--no-opt"]);
    expect(cacheEntries()).toBe(both);
  });

  test("GIVEN a cached project file WHEN edited to the same length and mtime THEN the new code runs", () => {
    writeMain("alpha");
    expect(run().label).toBe("alpha");
    writeMain("omega");
    expect(run().label).toBe("omega");
    writeMain("alpha");
    expect(run().label).toBe("alpha");
  });

  test("GIVEN NODE_DISABLE_COMPILE_CACHE=1 THEN nothing is cached", () => {
    expect(run({ NODE_DISABLE_COMPILE_CACHE: "1" }).answer).toBe("first");
    expect(cacheEntries()).toBe(0);
  });
});
