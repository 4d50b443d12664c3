import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");

/** Every .ts file below the given top-level folders. */
function sources(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    (fs.readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(folder, file)),
  );
}

/** The title of every test(...), it(...) and test.each(...)(...) call in a source, as written, with its line. */
function testTitles(fileName: string, source: string): { line: number; title: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const isTestFunction = (node: ts.Node) => ts.isIdentifier(node) && (node.text === "test" || node.text === "it");
  const titles: { line: number; title: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const isEach =
        ts.isCallExpression(callee) &&
        ts.isPropertyAccessExpression(callee.expression) &&
        isTestFunction(callee.expression.expression) &&
        callee.expression.name.text === "each";
      if (isTestFunction(callee) || isEach) {
        const title = node.arguments[0];
        titles.push({ line: file.getLineAndCharacterOfPosition(title.getStart(file)).line + 1, title: title.getText(file) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return titles;
}

/** A title in the suite's one style: a string or template literal that starts with GIVEN. */
const isGivenTitle = (title: string) => /^["'`]GIVEN /.test(title);

describe("the layout a newcomer relies on", () => {
  test("GIVEN lib/, modules/ and stacks/ THEN every import points down (main.ts -> stacks/ -> modules/ -> lib/): none loads main.ts, tools/ or scripts/", () => {
    const below: Record<string, readonly string[]> = { lib: ["lib"], modules: ["lib", "modules"], stacks: ["lib", "modules", "stacks"] };
    const upward = Object.entries(below).flatMap(([layer, allowed]) =>
      sources(layer).flatMap((file) =>
        [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/(?:from |import |import\(|require\()"(\.{1,2}\/[^"]*)"/g)]
          .map((match) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), match[1])).split(path.sep)[0])
          .filter((target) => !allowed.includes(target))
          .map((target) => `${file} imports ${target}`),
      ),
    );
    expect(upward).toEqual([]);
  });

  test("GIVEN every source outside __tests__ THEN only tools/preflight/aws.ts imports the AWS SDK: synthesis and offline tooling never load it", () => {
    const importingSdk = sources("lib", "modules", "stacks", "tools", "scripts")
      .concat("main.ts")
      .filter((file) => /from "@aws-sdk\/|require\("@aws-sdk\//.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(importingSdk).toEqual([path.join("tools", "preflight", "aws.ts")]);
  });

  test("GIVEN the stack files THEN they read like the architecture: every stack file is at most 250 lines", () => {
    const long = sources("stacks")
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > 250);
    expect(long).toEqual([]);
  });

  test("GIVEN test titles in both styles, on one line or the next, in test, it and test.each THEN the style check finds every title and flags the plain ones", () => {
    const source = [
      'test("GIVEN a bucket THEN it is private", () => {});',
      'it("plain sentence in it", () => {});',
      "test(",
      '  "plain sentence on the next line",',
      "  () => {},",
      ");",
      'test.each([["a", /\\(unbalanced/]])("plain %s in a table", () => {});',
      "test.each([1, 2])(",
      "  `GIVEN %d THEN a template title counts`,",
      "  () => {},",
      ");",
    ].join("\n");
    const titles = testTitles("sample.test.ts", source);
    expect(titles.map(({ line, title }) => `${line} ${title}`)).toEqual([
      '1 "GIVEN a bucket THEN it is private"',
      '2 "plain sentence in it"',
      '4 "plain sentence on the next line"',
      '7 "plain %s in a table"',
      "9 `GIVEN %d THEN a template title counts`",
    ]);
    expect(titles.filter(({ title }) => !isGivenTitle(title)).map(({ line }) => line)).toEqual([2, 4, 7]);
  });

  test("GIVEN every test file under __tests__ THEN each test title reads GIVEN <situation> [WHEN <action>] THEN <fact>", () => {
    const testFiles = sources("__tests__").filter((file) => file.endsWith(".test.ts"));
    const titles = testFiles.flatMap((file) =>
      testTitles(file, fs.readFileSync(path.join(ROOT, file), "utf8")).map((title) => ({ file, ...title })),
    );
    expect(titles.length).toBeGreaterThan(testFiles.length);
    const offStyle = titles.filter(({ title }) => !isGivenTitle(title) || !/ THEN /.test(title));
    expect(offStyle.map(({ file, line, title }) => `${file}:${line} ${title}`)).toEqual([]);
  });
});
