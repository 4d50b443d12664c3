import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { CONFIG_KINDS, CONFIG_SCHEMA_DIR, ConfigKind, configJsonSchema, configKindOf, schemaReference } from "../../lib/config/json-schema";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG_DIR = path.join(ROOT, "config");

/** A validator for `kind`'s generated JSON Schema, strict as editors are (unknown keywords are an error). */
function jsonSchemaValidator(kind: ConfigKind) {
  return new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(configJsonSchema(kind));
}

function kindNamed(name: string): ConfigKind {
  return CONFIG_KINDS.find((kind) => kind.kind === name)!;
}

const configFiles = fs.readdirSync(CONFIG_DIR).filter((file) => file.endsWith(".json"));

describe("config files and their JSON Schemas", () => {
  test.each(configFiles)("GIVEN config/%s THEN its $schema names its kind's schema and the file validates against it", (file) => {
    const kind = configKindOf(file);
    expect(kind).toBeDefined();
    const input = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));
    expect(input.$schema).toBe(schemaReference(kind!));
    // The committed schema the editor opens, resolved the way editors resolve a relative $schema.
    const committed = JSON.parse(fs.readFileSync(path.resolve(CONFIG_DIR, input.$schema), "utf8"));
    expect(committed).toEqual(configJsonSchema(kind!));
    const validate = jsonSchemaValidator(kind!);
    expect({ valid: validate(input), errors: validate.errors }).toEqual({ valid: true, errors: null });
  });

  test("GIVEN the generated schemas THEN there is one per kind in config/schema and nothing else there", () => {
    expect(fs.readdirSync(path.join(ROOT, CONFIG_SCHEMA_DIR)).sort()).toEqual(
      CONFIG_KINDS.map((kind) => `${kind.kind}.schema.json`).sort(),
    );
  });

  const minimal: Record<string, Record<string, unknown>> = {
    "state-backend": { bucket: "org-terraform-state", dynamodbTable: "terraform-locks", allowedAccountIds: ["210987654321"] },
    coherent: { tier: "development" },
    "treasury-plane": {
      tier: "development",
      domain: { name: "plane.agency.gov", hostedZoneId: "Z0ABCDEF123456" },
      mutualTls: { caBundle: { bucket: "agency-pki", key: "ca.pem" } },
    },
  };

  test.each(Object.keys(minimal))("GIVEN a minimal %s file with $schema THEN zod and the JSON Schema both accept it", (name) => {
    const kind = kindNamed(name);
    const input = { $schema: schemaReference(kind), ...minimal[name] };
    expect(kind.schema.safeParse(input).success).toBe(true);
    expect(jsonSchemaValidator(kind)(input)).toBe(true);
  });

  test.each<[string, string, Record<string, unknown>]>([
    ["state-backend", "an unknown field", { bucketName: "x" }],
    ["state-backend", "a wrong type", { useLockfile: "yes" }],
    ["state-backend", "an out-of-range value", { noncurrentVersionRetentionDays: 0 }],
    ["state-backend", "a bucket name S3 refuses", { bucket: "Org_State" }],
    ["coherent", "an unknown field", { databse: {} }],
    ["coherent", "an unknown nested field", { database: { instanceClas: "db.t3.small" } }],
    ["coherent", "a wrong type", { appServer: { rootVolumeGb: "30" } }],
    ["coherent", "an out-of-range value", { database: { backupRetentionDays: 36 } }],
    ["coherent", "a fractional count", { horizontalScaling: { minInstances: 1.5 } }],
    ["coherent", "a value outside the enum", { tier: "staging" }],
    ["coherent", "a window RDS refuses", { database: { maintenanceWindow: "sunday" } }],
    ["coherent", "an instance class without db.", { database: { instanceClass: "t3.micro" } }],
    ["treasury-plane", "an unknown field", { redis: { nodeTyp: "cache.t4g.micro" } }],
    ["treasury-plane", "a wrong type", { webAcl: "on" }],
    ["treasury-plane", "an out-of-range value", { beanstalk: { maxInstances: 101 } }],
    ["treasury-plane", "a caBundle that is neither form", { mutualTls: { caBundle: { key: "ca.pem" } } }],
    ["treasury-plane", "a managed update window Beanstalk refuses", { beanstalk: { managedUpdateWindow: "sun:06:00" } }],
  ])("GIVEN a %s file with %s THEN zod and the JSON Schema both refuse it", (name, _, change) => {
    const kind = kindNamed(name);
    const input = merge(minimal[name], change);
    expect(kind.schema.safeParse(input).success).toBe(false);
    expect(jsonSchemaValidator(kind)(input)).toBe(false);
  });
});

/** `base` with `change` merged in one level deep (nested objects are combined, not replaced). */
function merge(base: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const current = merged[key];
    const bothObjects = [current, value].every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
    merged[key] = bothObjects ? { ...(current as object), ...(value as object) } : value;
  }
  return merged;
}
