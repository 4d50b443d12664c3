/**
 * The string literals of a TypeScript or JavaScript source file, read with TypeScript's parser: quoted
 * strings, template literals without substitutions, and the text parts of a template with them. The
 * move to CDK Terrain (rewriteSource) and its guard in npm test (module-names.ts) both decide by a
 * literal's value, so text that only looks like one (a quote inside another string, a comment) is never read.
 */
import * as ts from "typescript";

export interface StringLiteral {
  /** Offset of the opening quote or backtick in the file. */
  readonly start: number;
  /** 0-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** The value (for a template head: its text before the first `${`; for the rest, the text after each `}`). */
  readonly value: string;
  readonly template: "none" | "whole" | "head" | "rest";
}

const scriptKind = (fileName: string): ts.ScriptKind => {
  const jsx = /x$/.test(fileName);
  if (/\.[cm]?jsx?$/.test(fileName)) return jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
};

export function stringLiterals(fileName: string, text: string): StringLiteral[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const found: StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    const template = ts.isNoSubstitutionTemplateLiteral(node)
      ? "whole"
      : ts.isTemplateHead(node)
        ? "head"
        : ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
          ? "rest"
          : "none";
    if (ts.isStringLiteral(node) || template !== "none") {
      const start = node.getStart(source);
      const { line, character } = source.getLineAndCharacterOfPosition(start);
      found.push({ start, line, column: character, value: (node as ts.LiteralLikeNode).text, template });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
