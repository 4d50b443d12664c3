import * as fs from "fs";
import * as path from "path";

/**
 * The AWS provider's schema, read from the jsii metadata that `@cdktf/provider-aws` ships (`.jsii`,
 * 130 MB). Reading and indexing that file costs about a second, so a type is extracted only when a
 * stack uses it, and every extracted type is kept in a small cache file under
 * `node_modules/.cache/` keyed by the package version and the file's size and mtime; later processes
 * (jest workers, `npm run check`) read the cache in milliseconds and never touch the `.jsii`.
 */

/** Value type of an attribute; `block` names a nested struct in `ProviderSchema.structs`. */
export type TypeRef =
  "string" | "number" | "boolean" | "any" | { readonly list: TypeRef } | { readonly map: TypeRef } | { readonly block: string };

export interface AttributeSchema {
  readonly type: TypeRef;
  readonly required: boolean;
}

/** Attributes by Terraform (snake_case) name. */
export type BlockSchema = Readonly<Record<string, AttributeSchema>>;

export interface TypeSchema {
  /** Arguments the configuration may set. */
  readonly block: BlockSchema;
  /** Attributes a reference may read (arguments and computed attributes). */
  readonly readable: readonly string[];
}

export type SchemaKind = "resource" | "data" | "provider";

interface CacheFile {
  readonly key: string;
  readonly types: Record<string, TypeSchema | null>;
  readonly structs: Record<string, BlockSchema>;
}

interface JsiiProperty {
  readonly name: string;
  readonly optional?: boolean;
  readonly static?: boolean;
  readonly type: JsiiType;
  readonly docs?: { readonly summary?: string; readonly remarks?: string };
}
type JsiiType =
  | { readonly primitive: string }
  | { readonly fqn: string }
  | { readonly collection: { readonly kind: "array" | "map"; readonly elementtype: JsiiType } }
  | { readonly union: { readonly types: readonly JsiiType[] } };
interface JsiiTypeEntry {
  readonly kind: string;
  readonly docs?: { readonly summary?: string };
  readonly properties?: readonly JsiiProperty[];
  readonly initializer?: { readonly parameters?: readonly { readonly type: JsiiType }[] };
}

const PACKAGE_DIR = path.dirname(require.resolve("@cdktf/provider-aws/package.json"));
const JSII_FILE = path.join(PACKAGE_DIR, ".jsii");
const FQN_PREFIX = "@cdktf/provider-aws.";
// node_modules/.cache/guardrails, next to the package whose metadata it summarizes.
const CACHE_DIR = path.resolve(PACKAGE_DIR, "..", "..", ".cache", "guardrails");

/** Lazily loaded provider schema; one instance per process is enough (`providerSchema()`). */
export class ProviderSchema {
  private readonly jsiiFile: string;
  private readonly cacheFile: string;
  private readonly cacheKey: string;
  private cache: CacheFile;
  private dirty = false;
  private jsiiText?: string;
  private jsiiIndex?: Map<string, number>;
  /** Milliseconds spent reading and indexing the `.jsii` in this process (0 when the cache sufficed). */
  jsiiLoadMs = 0;

  constructor(jsiiFile = JSII_FILE, cacheDir = CACHE_DIR) {
    this.jsiiFile = jsiiFile;
    const stat = fs.statSync(jsiiFile);
    const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(jsiiFile), "package.json"), "utf8")) as { version: string };
    this.cacheKey = `${version}-${stat.size}-${Math.trunc(stat.mtimeMs)}`;
    this.cacheFile = path.join(cacheDir, `provider-aws-${this.cacheKey}.json`);
    this.cache = this.readCache() ?? { key: this.cacheKey, types: {}, structs: {} };
  }

  /** Schema of a resource type (`aws_vpc`), data source type (`aws_partition`) or the provider (`aws`); undefined when unknown. */
  type(kind: SchemaKind, tfType: string): TypeSchema | undefined {
    const key = `${kind}:${tfType}`;
    if (!(key in this.cache.types)) {
      this.cache.types[key] = this.extractType(kind, tfType) ?? null;
      this.dirty = true;
    }
    return this.cache.types[key] ?? undefined;
  }

  struct(name: string): BlockSchema {
    const block = this.cache.structs[name];
    if (!block) throw new Error(`provider schema: struct ${name} was not extracted`);
    return block;
  }

  /** Writes newly extracted types to the cache file (atomically, so concurrent jest workers never read half a file). */
  persist(): void {
    if (!this.dirty) return;
    // Merge with what other processes added meanwhile, so no worker's extraction is lost.
    const onDisk = this.readCache();
    const merged: CacheFile = {
      key: this.cacheKey,
      types: { ...onDisk?.types, ...this.cache.types },
      structs: { ...onDisk?.structs, ...this.cache.structs },
    };
    try {
      fs.mkdirSync(path.dirname(this.cacheFile), { recursive: true });
      const temporary = `${this.cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(merged));
      fs.renameSync(temporary, this.cacheFile);
    } catch {
      // A read-only node_modules only costs speed: the next process reads the .jsii again.
    }
    this.cache = merged;
    this.dirty = false;
  }

  private readCache(): CacheFile | undefined {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.cacheFile, "utf8")) as CacheFile;
      return parsed.key === this.cacheKey ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  private extractType(kind: SchemaKind, tfType: string): TypeSchema | undefined {
    const classFqn = this.classFqn(kind, tfType);
    if (!classFqn) return undefined;
    const cls = this.jsiiType(classFqn);
    const configType = cls?.initializer?.parameters?.[2]?.type;
    if (!cls || !configType || !("fqn" in configType)) return undefined;
    const block = this.extractStruct(configType.fqn);
    const computed = (cls.properties ?? [])
      .filter((property) => !property.static && !property.name.endsWith("Input"))
      .map((property) => snakeCase(property.name));
    return { block, readable: [...new Set([...Object.keys(block), ...computed])].sort() };
  }

  /** The generated class for a Terraform type: `aws_s3_bucket_logging` lives in submodule `s3BucketLogging`. */
  private classFqn(kind: SchemaKind, tfType: string): string | undefined {
    if (kind === "provider") return tfType === "aws" ? `${FQN_PREFIX}provider.AwsProvider` : undefined;
    if (!tfType.startsWith("aws_")) return undefined;
    const directory = kind === "data" ? `data-${tfType}` : tfType.slice("aws_".length);
    const submodule = `${FQN_PREFIX}${camelCase(directory.replace(/_/g, "-"))}.`;
    const index = this.index();
    const docsLink = `/docs/${kind === "data" ? "data-sources" : "resources"}/${tfType.slice("aws_".length)} ${tfType}}`;
    const text = this.jsiiText!;
    for (const [fqn, at] of index) {
      // The class's summary links its registry page; its config struct and nested blocks link anchors.
      if (fqn.startsWith(submodule) && text.slice(at, at + 4000).includes(docsLink) && this.jsiiType(fqn)?.kind === "class") {
        return fqn;
      }
    }
    return undefined;
  }

  private extractStruct(fqn: string): BlockSchema {
    const name = fqn.slice(FQN_PREFIX.length);
    if (this.cache.structs[name]) return this.cache.structs[name];
    // Placeholder first: structs can be recursive.
    this.cache.structs[name] = {};
    const block: Record<string, AttributeSchema> = {};
    for (const property of this.jsiiType(fqn)?.properties ?? []) {
      block[terraformName(property)] = { type: this.typeRef(property.type), required: property.optional !== true };
    }
    this.cache.structs[name] = block;
    return block;
  }

  private typeRef(type: JsiiType): TypeRef {
    if ("primitive" in type) {
      return type.primitive === "string" || type.primitive === "number" || type.primitive === "boolean" ? type.primitive : "any";
    }
    if ("collection" in type) {
      const element = this.typeRef(type.collection.elementtype);
      return type.collection.kind === "map" ? { map: element } : { list: element };
    }
    if ("union" in type) {
      const options = type.union.types.filter((option) => !("fqn" in option && option.fqn === "cdktf.IResolvable"));
      return options.length === 1 ? this.typeRef(options[0]) : "any";
    }
    if (type.fqn.startsWith(FQN_PREFIX)) {
      this.extractStruct(type.fqn);
      return { block: type.fqn.slice(FQN_PREFIX.length) };
    }
    return "any";
  }

  private index(): Map<string, number> {
    if (this.jsiiIndex) return this.jsiiIndex;
    const started = Date.now();
    const text = fs.readFileSync(this.jsiiFile, "utf8");
    // Type entries are the 4-space-indented keys of "types" in the pretty-printed assembly.
    const marker = `\n    "${FQN_PREFIX}`;
    const index = new Map<string, number>();
    for (let at = text.indexOf(marker); at !== -1;) {
      const nameEnd = text.indexOf('"', at + 6);
      index.set(text.slice(at + 6, nameEnd), at);
      at = text.indexOf(marker, nameEnd);
    }
    this.jsiiText = text;
    this.jsiiIndex = index;
    this.jsiiLoadMs += Date.now() - started;
    return index;
  }

  private jsiiType(fqn: string): JsiiTypeEntry | undefined {
    const at = this.index().get(fqn);
    if (at === undefined) return undefined;
    const text = this.jsiiText!;
    const open = text.indexOf("{", at);
    const close = text.indexOf("\n    }", open);
    return JSON.parse(text.slice(open, close + 6)) as JsiiTypeEntry;
  }
}

/** The Terraform name from the property's registry link (`...#cidr_block Vpc#cidr_block`), else its snake_case. */
function terraformName(property: JsiiProperty): string {
  const docs = `${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`;
  return /#([a-z0-9_]+) [A-Za-z0-9]+#\1\}/.exec(docs)?.[1] ?? snakeCase(property.name);
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

let shared: ProviderSchema | undefined;

/** The process-wide schema (created on first use). */
export function providerSchema(): ProviderSchema {
  shared ??= new ProviderSchema();
  return shared;
}
