/**
 * A stack's Terraform JSON, as cdktf's `TerraformStack.toTerraform()` builds it, at about half the cost.
 *
 * cdktf runs every value of the stack through its token resolver, twice: once per element, then the
 * merged stack again. That resolver spends microseconds on each key and string (a context object per
 * key, three regular expressions per string), and most of a stack is literal data: of ~15,700 keys the
 * elements hand over, ~7,400 are unset attributes and most others are plain strings and numbers. Here
 * literal data is copied as cdktf's resolver would return it, and every value that holds a token goes
 * to cdktf's resolver, whole. The tests compare the result with cdktf's own `toTerraform()` for every
 * stack variant and each kind of token, so a cdktf release that builds the JSON differently fails them
 * rather than changing what is written.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import { deepMerge } from "cdktf/lib/util";
import type { TerraformJson } from "./terraform-json";

type Json = Record<string, unknown>;

/** The resolver cdktf's `toTerraform()` resolves with (its internal `resolve(scope, value)`), from public classes. */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

function resolve(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER });
}

/** Beyond this depth the value goes to cdktf, whose resolver reports a cycle at 200 levels. */
const MAX_LITERAL_DEPTH = 100;
/** cdktf's markers of an encoded string, list or map token all contain this. */
const TOKEN_MARKER = "TfToken[";
/** Where cdktf's resolver looks for number tokens written into a string (its `[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`). */
const NUMBER_TOKEN_TEXT = /[-|\d.+]e[-|\d.eE+]/;
/** Placeholders that cdktf's resolver refuses in a scalar context: left to it, for its error. */
const MAP_TOKEN_STRINGS = new Set<string>([Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE]);

/** Whether cdktf's resolver could return something other than `text` itself. */
function stringNeedsResolver(text: string): boolean {
  return text.includes(TOKEN_MARKER) || NUMBER_TOKEN_TEXT.test(text) || MAP_TOKEN_STRINGS.has(text);
}

function numberNeedsResolver(value: number): boolean {
  return value === Token.NUMBER_MAP_TOKEN_VALUE || Token.isUnresolved(value);
}

/** A plain object (what the elements build), not a token, a construct or any other class. */
function isPlainObject(value: object): value is Json {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { resolve?: unknown }).resolve !== "function";
}

/** An array whose elements are resolved one by one: no element may be a list token (cdktf resolves those as a whole). */
function isLiteralList(values: readonly unknown[]): boolean {
  return values.every(
    (value) => !(typeof value === "string" && stringNeedsResolver(value)) && !(typeof value === "number" && numberNeedsResolver(value)),
  );
}

/**
 * cdktf's `resolve(stack, value)`, with the literal parts copied rather than resolved: unset (`undefined`)
 * keys and array elements dropped, strings, numbers and booleans kept. A value that holds a token (a token
 * object, an encoded string or number, a key that is a token, an array with a list token) is resolved by
 * cdktf as a whole. Contexts only change inside a token's resolution, so resolving a nested value on its
 * own gives what cdktf's pass over the whole tree gives. When resolution fails, cdktf resolves the whole
 * value again, so that its error names the path from the top as it always has.
 */
export function resolveValue(stack: TerraformStack, value: unknown): unknown {
  try {
    return copyResolvingTokens(stack, value, 0);
  } catch {
    return resolve(stack, value);
  }
}

function copyResolvingTokens(stack: TerraformStack, value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string":
      return stringNeedsResolver(value) ? resolve(stack, value) : value;
    case "number":
      return numberNeedsResolver(value) ? resolve(stack, value) : value;
    case "object":
      if (value === null) return null;
      if (depth > MAX_LITERAL_DEPTH) return resolve(stack, value);
      if (Array.isArray(value)) {
        if (!isLiteralList(value)) return resolve(stack, value);
        return value.map((item) => copyResolvingTokens(stack, item, depth + 1)).filter((item) => item !== undefined);
      }
      if (!isPlainObject(value) || Object.keys(value).some(stringNeedsResolver)) return resolve(stack, value);
      return copyObject(stack, value, depth);
    default:
      // Functions, symbols, bigints: cdktf refuses or returns them, with its own message.
      return resolve(stack, value);
  }
}

function copyObject(stack: TerraformStack, value: Json, depth: number): Json {
  const result: Json = {};
  for (const key of Object.keys(value)) {
    const resolved = copyResolvingTokens(stack, value[key], depth + 1);
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}

const isJsonObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * cdktf's `deepMerge` for JSON that `resolveValue` just built (no tokens, no unset values, shared with
 * nothing): objects merge, arrays concatenate, and a subtree the target lacks is moved in whole rather
 * than copied key by key.
 */
function mergeResolved(target: Json, source: Json): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const existing = target[key];
    if (isJsonObject(value) && isJsonObject(existing)) mergeResolved(existing, value);
    else if (Array.isArray(value) && Array.isArray(existing)) target[key] = [...(existing as unknown[]), ...(value as unknown[])];
    else target[key] = value;
  }
}

/** cdktf's fields behind `toTerraform()`: private in its types, present at run time since 0.x. */
interface StackInternals {
  readonly cdktfVersion: unknown;
  readonly rawOverrides: Json;
}

/** The stack's Terraform elements in construct order, not descending into nested stacks (as cdktf does). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child, into);
  }
  return into;
}

/** Output ids by construct path (`{ stack: { bucket: { arn: "bucket_arn" } } }`), as cdktf records them. */
function outputIds(elements: readonly TerraformElement[]): Json {
  const outputs: Json = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    const nested = element.node.path
      .split("/")
      .reduceRight<unknown>((inner, part) => ({ [part]: inner }), element.friendlyUniqueId) as Json;
    deepMerge(outputs, nested);
  }
  return outputs;
}

/**
 * What `TerraformStack.prototype.toTerraform` returns for `stack` (cdktf 0.21: metadata, output ids,
 * every element's fragment, then the stack's overrides), with `resolveValue` for cdktf's resolver. cdktf
 * ends by resolving the merged stack once more; of it only the overrides (merged unresolved) and the
 * metadata's unset fields can change, since resolving resolved JSON returns it unchanged.
 */
export function stackJson(stack: TerraformStack): TerraformJson {
  const { cdktfVersion, rawOverrides } = stack as unknown as StackInternals;
  const overridden = Object.keys(rawOverrides);
  const metadata: Json = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: "local", // a backend's own metadata replaces it
    cloud: undefined,
    ...(overridden.length > 0 ? { overrides: { stack: overridden } } : {}),
  };
  const elements = terraformElements(stack);
  for (const element of elements) deepMerge(metadata, resolveValue(stack, element.toMetadata()));

  const tf: Json = { "//": { metadata, outputs: outputIds(elements) } };
  for (const element of elements) mergeResolved(tf, resolveValue(stack, element.toTerraform()) as Json);
  // Overrides merge unresolved, as in cdktf: a token there replaces the value rather than merging into it.
  deepMerge(tf, rawOverrides);
  for (const key of new Set(["//", ...overridden])) {
    const resolved = resolveValue(stack, tf[key]);
    if (resolved === undefined) delete tf[key];
    else tf[key] = resolved;
  }
  return tf;
}
