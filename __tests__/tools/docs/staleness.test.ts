import * as path from "path";
import { synthesizeStacks } from "../../../tools/docs/app-stacks";
import { generateDocs, staleDocs } from "../../../tools/docs/generate";

const ROOT = path.join(__dirname, "..", "..", "..");

describe("committed docs", () => {
  test("GIVEN the current code and config THEN docs/ and the README's cost table are exactly what `npm run docs` generates", () => {
    // In-process synthesis of the real app (no cdktf CLI), the same path `npm run docs` takes.
    const problems = staleDocs(ROOT, generateDocs(synthesizeStacks()));
    expect({ problems, fix: "run `npm run docs` and commit docs/ and README.md" }).toEqual({ problems: [], fix: expect.any(String) });
  });
});
