// Loads TypeScript at synth time the cheap way: swc strips types per file (no type-checking: `tsc --noEmit`
// does that in `npm test` and CI) and, unlike ts-node, installs no source-map rewriting of stack traces,
// which cdktf captures for every token it creates.
const fs = require("fs");
const { transformSync } = require("@swc/core");

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  });
  module._compile(code, filename);
};
