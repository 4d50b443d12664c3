/**
 * JSON Schemas of the config files, generated from the same zod schemas the loader uses, so an
 * editor checks and completes `config/*.json` as you type (each file names its schema in `$schema`).
 * Refinements zod cannot express in JSON Schema (cross-field checks, CIDR alignment) stay with the
 * loader; the schemas carry every field, type, pattern, range, default and description.
 */
import { z } from "zod";
import { coherentConfigDefinition } from "./coherent";
import { STATE_BACKEND_FILE } from "./index";
import { StateBackendConfig, stateBackendConfig } from "./state-backend";
import { treasuryPlaneConfigDefinition } from "./treasury-plane";

/** Where the generated schemas live, relative to the repository root. */
export const CONFIG_SCHEMA_DIR = "config/schema";

/** One kind of config file: `state-backend.json`, or `<system>-<environment>.json`. */
export interface ConfigKind {
  /** `coherent`; the schema is `config/schema/<kind>.schema.json`. */
  readonly kind: string;
  /** True for a file name in config/ of this kind. */
  readonly matches: (file: string) => boolean;
  readonly schema: z.ZodType;
}

/**
 * System schemas take the state backend's settings, which only fill in output defaults (the input
 * shape a file may have does not depend on them); this stand-in builds that input shape.
 */
const STATE_BACKEND_STAND_IN: StateBackendConfig = stateBackendConfig.parse({
  bucket: "state-bucket",
  dynamodbTable: "state-locks",
  allowedAccountIds: ["111122223333"],
});

function systemKind(definition: { system: string; schema: (backend: StateBackendConfig) => z.ZodType }): ConfigKind {
  return {
    kind: definition.system,
    matches: (file) => file.startsWith(`${definition.system}-`) && file.endsWith(".json"),
    schema: definition.schema(STATE_BACKEND_STAND_IN),
  };
}

export const CONFIG_KINDS: readonly ConfigKind[] = [
  { kind: "state-backend", matches: (file) => file === STATE_BACKEND_FILE, schema: stateBackendConfig },
  systemKind(coherentConfigDefinition),
  systemKind(treasuryPlaneConfigDefinition),
];

/** The config kind of a file in config/, longest system name first (`treasury-plane-dev.json` is not `treasury`). */
export function configKindOf(file: string): ConfigKind | undefined {
  return [...CONFIG_KINDS].sort((a, b) => b.kind.length - a.kind.length).find((kind) => kind.matches(file));
}

/** The `$schema` a config file in config/ names: relative to the file, as editors resolve it. */
export function schemaReference(kind: ConfigKind): string {
  return `./schema/${kind.kind}.schema.json`;
}

/** The JSON Schema of what a config file may hold (zod's input side: defaults are optional). */
export function configJsonSchema(kind: ConfigKind): Record<string, unknown> {
  const schema = z.toJSONSchema(kind.schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return { ...schema, title: `config/${kind.kind === "state-backend" ? STATE_BACKEND_FILE : `${kind.kind}-<environment>.json`}` };
}

/** File name under config/schema/ -> content, for `npm run docs` to write and the tests to compare. */
export function configSchemaFiles(): Map<string, string> {
  return new Map(CONFIG_KINDS.map((kind) => [`${kind.kind}.schema.json`, `${JSON.stringify(configJsonSchema(kind), null, 2)}\n`]));
}
