// Loads TypeScript at synth time the cheap way: swc strips types per file (no type-checking: `tsc --noEmit`
// does that in `npm test` and CI) and, unlike ts-node, installs no source-map rewriting of stack traces.
// Each file's JavaScript is kept in node_modules/.cache/swc-register, keyed by its source and the swc
// options, so a repeated synth loads no compiler at all (about 0.1 s of CPU for this project).
// First, so that every dependency loaded from here on is compiled through it.
require("./compile-cache");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "swc-register");
const SWC_VERSION = require("@swc/core/package.json").version;
let swc;

function transpile(source, filename) {
  const options = {
    filename,
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  };
  const key = crypto
    .createHash("sha256")
    .update(`${SWC_VERSION}\0${JSON.stringify(options)}\0${source}`)
    .digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    swc ??= require("@swc/core");
    const { code } = swc.transformSync(source, options);
    // Write then rename: parallel runs (jest workers spawning synth) never read a half-written file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
    return code;
  }
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
