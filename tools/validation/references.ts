/**
 * Finds the references (`aws_kms_key.state.arn`, `data.aws_partition.current.partition`, `var.x`)
 * inside Terraform template strings: every `${ ... }` interpolation, including those nested in
 * quoted strings inside function calls, skipping function names, object keys and `for` symbols.
 */

export interface Reference {
  /** First name of the traversal: a resource type, `data`, `var`, `local`, `module`, ... */
  readonly root: string;
  /** The following segments; `*` for splats, digits for indexes written with a dot. */
  readonly path: readonly string[];
}

const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_-]/;

/** References in one string value; empty when it has no interpolation. */
export function referencesIn(text: string): Reference[] {
  if (!text.includes("${") && !text.includes("%{")) return [];
  const found: Reference[] = [];
  scanTemplate(text, 0, found, undefined);
  return found;
}

/** Scans literal template text until `terminator` (a closing quote) or the end; returns the index after it. */
function scanTemplate(text: string, start: number, found: Reference[], terminator: string | undefined): number {
  let at = start;
  while (at < text.length) {
    const char = text[at];
    if (terminator && char === "\\") {
      at += 2;
      continue;
    }
    if (terminator && char === terminator) return at + 1;
    if ((char === "$" || char === "%") && text[at + 1] === "{") {
      if (text[at - 1] === char) {
        at += 2; // `$${` and `%%{` are escapes, not interpolations
        continue;
      }
      at = scanExpression(text, at + 2, found);
      continue;
    }
    at += 1;
  }
  return at;
}

/** Scans an expression up to its closing `}`; returns the index after it. */
function scanExpression(text: string, start: number, found: Reference[]): number {
  let depth = 0;
  let at = start;
  const symbols = new Set<string>(); // `for` iteration variables
  let readingForSymbols = false;
  while (at < text.length) {
    const char = text[at];
    if (char === '"') {
      at = scanTemplate(text, at + 1, found, '"');
      continue;
    }
    if (char === "{" || char === "[" || char === "(") depth += 1;
    if (char === "}" || char === "]" || char === ")") {
      if (depth === 0 && char === "}") return at + 1;
      depth -= 1;
    }
    if (IDENTIFIER_START.test(char) && !IDENTIFIER_PART.test(text[at - 1] ?? " ")) {
      const end = traversalEnd(text, at);
      const segments = text.slice(at, end).split(".");
      const afterDot = previousSignificant(text, at) === ".";
      const next = nextSignificant(text, end);
      const root = segments[0];
      if (root === "for") readingForSymbols = true;
      else if (root === "in") readingForSymbols = false;
      else if (readingForSymbols) symbols.add(root);
      const isCall = segments.length === 1 && (next === "(" || text.startsWith("::", end));
      const isObjectKey = segments.length === 1 && (next === ":" || (next === "=" && text[skipSpaces(text, end) + 1] !== "="));
      if (!afterDot && !isCall && !isObjectKey && !KEYWORDS.has(root) && !symbols.has(root) && !readingForSymbols) {
        found.push({ root, path: segments.slice(1) });
      }
      at = end;
      continue;
    }
    at += 1;
  }
  return at;
}

/** End of `name(.name|.*|.digits)*` starting at `start`. */
function traversalEnd(text: string, start: number): number {
  let at = start;
  while (at < text.length && IDENTIFIER_PART.test(text[at])) at += 1;
  while (text[at] === "." && at + 1 < text.length && (IDENTIFIER_PART.test(text[at + 1]) || text[at + 1] === "*")) {
    at += 1;
    if (text[at] === "*") {
      at += 1;
      continue;
    }
    while (at < text.length && IDENTIFIER_PART.test(text[at])) at += 1;
  }
  return at;
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at += 1;
  return at;
}

function nextSignificant(text: string, at: number): string | undefined {
  return text[skipSpaces(text, at)];
}

function previousSignificant(text: string, at: number): string | undefined {
  let index = at - 1;
  while (index >= 0 && /\s/.test(text[index])) index -= 1;
  return text[index];
}
