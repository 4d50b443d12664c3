import { referencesIn } from "../validation/references";

/** The parts of a synthesized stack (`cdk.tf.json`) that docs and cost estimates read. */
export interface StackJson {
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly output?: Readonly<Record<string, { readonly value: unknown; readonly description?: string; readonly sensitive?: boolean }>>;
}

/** One `resource` block, addressed as Terraform does (`aws_subnet.network_app-subnet-1`). */
export interface TfResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Read-only index over a synthesized stack: resources by type and address, and the references
 * (`${aws_subnet.x.id}`) between them, which is how the generators find placement and wiring.
 */
export class StackModel {
  readonly resources: readonly TfResource[];
  private readonly byAddress: ReadonlyMap<string, TfResource>;
  private readonly regionByProvider: ReadonlyMap<string, string>;
  /** address -> addresses its config references; built on first use. */
  private outgoing?: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(readonly json: StackJson) {
    this.resources = Object.entries(json.resource ?? {})
      .flatMap(([type, byName]) => Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config })))
      .sort((a, b) => a.address.localeCompare(b.address));
    this.byAddress = new Map(this.resources.map((resource) => [resource.address, resource]));
    const regions = new Map<string, string>();
    for (const [name, blocks] of Object.entries(json.provider ?? {})) {
      for (const block of blocks) {
        const key = typeof block.alias === "string" ? `${name}.${block.alias}` : name;
        if (typeof block.region === "string") regions.set(key, block.region);
      }
    }
    this.regionByProvider = regions;
  }

  ofType(type: string): TfResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** Declared resources that `value` (any config subtree) references, in order of first mention. */
  referenced(value: unknown, type?: string): TfResource[] {
    const found = new Map<string, TfResource>();
    for (const text of stringsIn(value)) {
      for (const reference of referencesIn(text)) {
        const target = this.byAddress.get(`${reference.root}.${reference.path[0] ?? ""}`);
        if (target && (type === undefined || target.type === type)) found.set(target.address, target);
      }
    }
    return [...found.values()];
  }

  /** Resources (optionally of one type) whose config references `target`. */
  referencing(target: TfResource, type?: string): TfResource[] {
    this.outgoing ??= new Map(this.resources.map((resource) => [resource.address, new Set(this.referenced(resource.config).map((r) => r.address))]));
    const outgoing = this.outgoing;
    return this.resources.filter((resource) => (type === undefined || resource.type === type) && outgoing.get(resource.address)?.has(target.address));
  }

  /** Region a resource is created in: its provider alias's region, else the default provider's. */
  regionOf(resource: TfResource): string | undefined {
    const provider = typeof resource.config.provider === "string" ? resource.config.provider : "aws";
    return this.regionByProvider.get(provider) ?? this.regionByProvider.get("aws");
  }

  /** The default provider's region. */
  get region(): string | undefined {
    return this.regionByProvider.get("aws");
  }
}

/** Every string inside a JSON value, depth first. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A literal string attribute, or undefined when absent or an unresolved `${...}` expression. */
export function literal(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/** The account id read at plan time, `${data.aws_caller_identity.<name>.account_id}`. */
const ACCOUNT_ID_REFERENCE = /\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g;

/** A name as operators read it: literal, with the plan-time account id shown as `{account-id}` (the seeds' `{env}` style). */
export function readableName(value: unknown): string | undefined {
  return literal(typeof value === "string" ? value.replace(ACCOUNT_ID_REFERENCE, "{account-id}") : value);
}

/** A literal number attribute (Terraform JSON may carry numbers as strings). */
export function literalNumber(value: unknown): number | undefined {
  const text = literal(value);
  if (text === undefined || text.trim() === "") return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A nested block, which synthesized JSON writes as an object or as a one-element list. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

/** A repeated nested block as a list (absent -> empty). */
export function blocks(value: unknown): Readonly<Record<string, unknown>>[] {
  if (Array.isArray(value)) return value.filter((item): item is Record<string, unknown> => Boolean(item) && typeof item === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

/** Elastic Beanstalk option settings as `namespace:name` -> value. */
export function beanstalkSettings(environment: TfResource): ReadonlyMap<string, string> {
  return new Map(blocks(environment.config.setting).map((setting) => [`${String(setting.namespace)}:${String(setting.name)}`, String(setting.value)]));
}
