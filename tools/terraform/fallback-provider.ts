/**
 * What changes in a scratch copy when the checks run against an older hashicorp/aws than the stacks pin
 * (see toolchain.ts). Only two kinds of difference are forgiven, and each is reported, never hidden:
 *  - values newer than the fallback provider's validators, from the explicit list below;
 *  - arguments the fallback provider's schema does not have (for example the per-resource `region`
 *    argument added in 6.0): they are removed from the copy, so the rest of the resource is still checked.
 * Everything else the fallback provider rejects is a real failure of the code.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { SCRATCH_ROOT, Toolchain } from "./toolchain";

/** A value the pinned provider accepts and an older one rejects, and what the scratch copy uses instead. */
export interface NewerValue {
  readonly resourceType: string;
  /** Attribute path below the resource, through nested blocks. */
  readonly attribute: readonly string[];
  readonly value: string;
  /** Closest value the older provider accepts; only the scratch copy ever holds it. */
  readonly substitute: string;
  /** Why the older provider rejects it: where the value came from. */
  readonly since: string;
}

export const NEWER_VALUES: readonly NewerValue[] = [
  // CloudFront's 2025 viewer policies; 5.100.0's validator stops at TLSv1.2_2021
  // (https://github.com/hashicorp/terraform-provider-aws/issues/44756). Newer 6.x releases take the
  // list from the AWS SDK, which has them.
  ...["TLSv1.2_2025", "TLSv1.3_2025"].map((value) => ({
    resourceType: "aws_cloudfront_distribution",
    attribute: ["viewer_certificate", "minimum_protocol_version"],
    value,
    substitute: "TLSv1.2_2021",
    since: "CloudFront security policies of 2025, known to hashicorp/aws 6.x releases from late 2025",
  })),
];

/** One change made to a scratch copy, for the report. */
export interface Adjustment {
  readonly address: string;
  readonly description: string;
}

type Json = Record<string, unknown>;

interface SchemaBlock {
  readonly attributes?: Record<string, unknown>;
  readonly block_types?: Record<string, { readonly block: SchemaBlock }>;
}
interface ProviderSchema {
  readonly resource_schemas: Record<string, { readonly block: SchemaBlock }>;
  readonly data_source_schemas: Record<string, { readonly block: SchemaBlock }>;
}

const META_ARGUMENTS = new Set(["//", "count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"]);

/** The fallback provider's schema (`terraform providers schema -json`), cached per version in the scratch root. */
export function providerSchema(toolchain: Toolchain): ProviderSchema {
  const cache = path.join(SCRATCH_ROOT, `aws-${toolchain.provider.version}-schema.json`);
  if (!fs.existsSync(cache)) {
    const dir = fs.mkdtempSync(path.join(SCRATCH_ROOT, "schema-"));
    try {
      const config = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version: toolchain.provider.version } } } };
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
      const run = (args: string[]) =>
        spawnSync("terraform", args, { cwd: dir, env: toolchain.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      const init = run(["init", "-backend=false", "-input=false", "-no-color"]);
      if (init.status !== 0) throw new Error(`terraform init for the provider schema failed:\n${init.stdout}${init.stderr}`);
      const schema = run(["providers", "schema", "-json"]);
      if (schema.status !== 0) throw new Error(`terraform providers schema failed:\n${schema.stderr}`);
      const all = JSON.parse(schema.stdout) as { provider_schemas: Record<string, ProviderSchema> };
      const aws = all.provider_schemas["registry.terraform.io/hashicorp/aws"];
      // Keep only what the walk needs; the file is read by every test worker.
      fs.writeFileSync(
        `${cache}.tmp`,
        JSON.stringify({ resource_schemas: aws.resource_schemas, data_source_schemas: aws.data_source_schemas }),
      );
      fs.renameSync(`${cache}.tmp`, cache);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return JSON.parse(fs.readFileSync(cache, "utf8")) as ProviderSchema;
}

/**
 * Rewrites a synthesized stack for the fallback provider, in place: version constraint, newer values,
 * arguments unknown to it. Returns what was changed.
 */
export function adaptToFallback(stack: Json, toolchain: Toolchain, schema: ProviderSchema): Adjustment[] {
  const adjustments: Adjustment[] = [];
  const terraform = stack.terraform as { required_providers?: { aws?: { version?: string } } } | undefined;
  if (terraform?.required_providers?.aws) terraform.required_providers.aws.version = toolchain.provider.version;

  for (const [kind, schemas, prefix] of [
    ["resource", schema.resource_schemas, ""],
    ["data", schema.data_source_schemas, "data."],
  ] as const) {
    const blocks = (stack[kind] ?? {}) as Record<string, Record<string, Json>>;
    for (const [type, byName] of Object.entries(blocks)) {
      // Terraform's built-in types (terraform_data) belong to no provider: nothing to adapt.
      if (!type.startsWith("aws_")) continue;
      for (const [name, config] of Object.entries(byName)) {
        const address = `${prefix}${type}.${name}`;
        const typeSchema = schemas[type];
        if (!typeSchema) {
          adjustments.push({
            address,
            description: `${type} is not known to hashicorp/aws ${toolchain.provider.version}; removed from the scratch copy`,
          });
          delete byName[name];
          continue;
        }
        if (kind === "resource") substituteNewerValues(type, config, address, adjustments);
        pruneUnknownArguments(config, typeSchema.block, [], address, toolchain.provider.version, adjustments, true);
      }
      // Terraform refuses a type without blocks.
      if (Object.keys(byName).length === 0) delete blocks[type];
    }
  }
  return adjustments;
}

function substituteNewerValues(type: string, config: Json, address: string, adjustments: Adjustment[]): void {
  for (const newer of NEWER_VALUES.filter((entry) => entry.resourceType === type)) {
    const [attribute] = newer.attribute.slice(-1);
    for (const holder of blocksAt(config, newer.attribute.slice(0, -1))) {
      if (holder[attribute] !== newer.value) continue;
      holder[attribute] = newer.substitute;
      adjustments.push({
        address,
        description: `${newer.attribute.join(".")} = "${newer.value}" (${newer.since}) checked as "${newer.substitute}" in the scratch copy`,
      });
    }
  }
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The objects at a block path, following single blocks and lists of blocks. */
function blocksAt(config: Json, blockPath: readonly string[]): Json[] {
  let current: Json[] = [config];
  for (const step of blockPath) {
    current = current.flatMap((holder) => {
      const value = holder[step];
      return (Array.isArray(value) ? value : [value]).filter(isObject);
    });
  }
  return current;
}

function pruneUnknownArguments(
  config: Json,
  block: SchemaBlock,
  at: readonly string[],
  address: string,
  version: string,
  adjustments: Adjustment[],
  topLevel: boolean,
): void {
  for (const [key, value] of Object.entries(config)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    if (key === "dynamic") {
      const generators = value as Record<string, { content?: Json }>;
      for (const [blockName, generator] of Object.entries(generators)) {
        const nested = block.block_types?.[blockName];
        if (!nested) report(generators, blockName, [...at, `dynamic.${blockName}`]);
        else if (generator.content)
          pruneUnknownArguments(generator.content, nested.block, [...at, blockName], address, version, adjustments, false);
      }
      continue;
    }
    if (block.attributes?.[key]) continue;
    const nested = block.block_types?.[key];
    if (!nested) {
      report(config, key, [...at, key]);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "object" && item !== null)
        pruneUnknownArguments(item as Json, nested.block, [...at, key], address, version, adjustments, false);
    }
  }

  function report(holder: Json, key: string, argumentPath: string[]): void {
    delete holder[key];
    adjustments.push({
      address,
      description: `argument ${argumentPath.join(".")} is not known to hashicorp/aws ${version}; removed from the scratch copy, not validated`,
    });
  }
}
