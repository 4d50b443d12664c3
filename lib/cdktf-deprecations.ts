/**
 * cdktf 0.21 is archived, and its TerraformOutput calls `util.isArray`, which Node.js 22 and newer
 * deprecate at runtime (DEP0044): every synthesis would print a DeprecationWarning on stderr, which
 * `cdktf synth` relays as an `[ERROR]` line. Imported first by main.ts, this silences that one warning
 * code and nothing else. CDK Terrain no longer calls it (docs/cdk-terrain.md).
 */
export const SILENCED_DEPRECATIONS: ReadonlySet<string> = new Set(["DEP0044"]);

/** The code of a `process.emitWarning` call: `(warning, type, code)` or `(warning, { code })`. */
function warningCode([typeOrOptions, code]: unknown[]): unknown {
  return typeof typeOrOptions === "object" && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
}

const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const code = warningCode(rest);
  if (typeof code === "string" && SILENCED_DEPRECATIONS.has(code)) return;
  Reflect.apply(emitWarning, undefined, [warning, ...rest]);
};
