import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** Every .ts file below the given top-level folders. */
function sources(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    (fs.readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(folder, file)),
  );
}

describe("the layout a newcomer relies on", () => {
  test("no library, module or stack imports main.ts: the stacks are registered in stacks/app.ts", () => {
    const importingMain = sources("lib", "modules", "stacks").filter((file) =>
      /from "(\.\.\/)+main"|require\("(\.\.\/)+main"\)/.test(fs.readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(importingMain).toEqual([]);
  });

  test("synthesis never loads operator tooling: nothing in lib/, modules/ or stacks/ imports tools/", () => {
    const importingTools = sources("lib", "modules", "stacks").filter((file) =>
      /from "(\.\.\/)+tools\//.test(fs.readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(importingTools).toEqual([]);
  });

  test("stacks read like the architecture: every stack file is at most 250 lines", () => {
    const long = sources("stacks")
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > 250);
    expect(long).toEqual([]);
  });
});
