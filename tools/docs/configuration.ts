/**
 * docs/configuration.md: every config field with its type, default and description, rendered from the
 * JSON Schemas that the zod schemas generate (lib/config/json-schema.ts), so the reference cannot
 * drift from the defaults the code applies.
 */
import { CONFIG_KINDS, configJsonSchema } from "../../lib/config/json-schema";
import { GENERATED_MARKER } from "./render";

/** The part of a JSON Schema node the reference reads. */
interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

interface Row {
  readonly field: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly description: string;
}

const DEFAULT_TAG = /\s*@default\s+(.*)$/s;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** `integer 1-35`, `"verify" | "passthrough"`, `array of string`. */
function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (node.anyOf) return node.anyOf.map(typeOf).join(" or ");
  if (node.type === "object" && node.properties) return `{${Object.keys(node.properties).join(", ")}}`;
  if (node.allOf) return node.allOf.map(typeOf).join(" and ");
  if (node.type === "array") return `array of ${node.items ? typeOf(node.items) : "any"}`;
  if (node.type === "object" && !node.properties && typeof node.additionalProperties === "object") {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  const low = node.minimum ?? (node.exclusiveMinimum !== undefined ? `>${node.exclusiveMinimum}` : undefined);
  if ((node.type === "integer" || node.type === "number") && (low !== undefined || node.maximum !== undefined)) {
    return `${node.type} ${low ?? ""}${node.maximum !== undefined ? `-${node.maximum}` : "+"}`.replace(" >", " >");
  }
  return node.type ?? "any";
}

function rowFor(field: string, node: SchemaNode, required: boolean): Row {
  const description = node.description ?? "";
  const tagged = DEFAULT_TAG.exec(description);
  // `@default - none` is the doc-comment way of saying "no default value: none".
  const defaultValue = tagged ? tagged[1].replace(/^- /, "") : node.default !== undefined ? `\`${JSON.stringify(node.default)}\`` : required ? "required" : "-";
  return { field, type: typeOf(node), defaultValue, description: description.replace(DEFAULT_TAG, "") };
}

/** One row per field, depth first: an object's own row, then its fields as `parent.child`. */
function rowsOf(node: SchemaNode, prefix: string): Row[] {
  const options = node.anyOf?.filter((option) => option.properties) ?? [];
  const objects = node.properties ? [node] : node.type === "array" && node.items?.properties ? [node.items] : options;
  const itemPrefix = node.type === "array" ? `${prefix}[]` : prefix;
  return objects.flatMap((object) =>
    Object.entries(object.properties ?? {}).flatMap(([name, child]) => {
      const field = itemPrefix ? `${itemPrefix}.${name}` : name;
      return [rowFor(field, child, object.required?.includes(name) ?? false), ...rowsOf(child, field)];
    }),
  );
}

function renderKind(title: string, schema: SchemaNode): string {
  const rows = rowsOf(schema, "");
  return [
    `## ${title}`,
    "",
    "| Field | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| \`${row.field}\` | ${cell(row.type)} | ${cell(row.defaultValue)} | ${cell(row.description)} |`),
    "",
  ].join("\n");
}

/** The whole reference, one section per kind of config file. */
export function renderConfigurationReference(): string {
  const sections = CONFIG_KINDS.map((kind) => {
    const schema = configJsonSchema(kind);
    return renderKind(String(schema.title), schema);
  });
  return [
    GENERATED_MARKER,
    "# Configuration reference",
    "",
    "Every field of the files in `config/`, from the schemas in `lib/config/` that validate them. A file holds only",
    "what differs from these defaults. Editors check a file against `config/schema/<kind>.schema.json`, named in its",
    "`$schema`; cross-field rules (subnets inside the VPC, production requirements) are checked when the stacks load.",
    "",
    ...sections,
  ].join("\n");
}
