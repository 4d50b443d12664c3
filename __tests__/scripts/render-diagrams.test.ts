import { mermaidBlock } from "../../scripts/render-diagrams";

describe("diagram renderer", () => {
  test("GIVEN a generated doc THEN the Mermaid source is exactly the fenced block", () => {
    expect(mermaidBlock("# x\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n```mermaid\nflowchart TB\n```\n")).toBe(
      "flowchart LR\n  a --> b\n",
    );
  });

  test("GIVEN a document without a diagram THEN there is nothing to render", () => {
    expect(mermaidBlock("# cost\n\n| a | b |\n")).toBeUndefined();
  });
});
