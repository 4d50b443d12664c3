/**
 * The stacks as the live preflight reads them: synthesized JSON in apply order (the state backend, then
 * the config files' order), each with the config file it comes from, and what its provider blocks say
 * about the account, region and default tags.
 */
import * as path from "path";
import { ConfigPlaceholder, STATE_BACKEND_FILE, STATE_BACKEND_STACK } from "../../lib/config";
import { shownPath } from "../../lib/config/load";
import { Tier } from "../../lib/config/schema";
import { AppConfig, CONFIG_DIR } from "../../stacks/app";
import { SynthesizedStack } from "../docs/app-stacks";
import { block, readableName, StackJson, StackModel, TfResource } from "../docs/terraform-json";

/** Which config file family a stack comes from: the key of its schema in `AppConfig`. */
export type StackKind = "stateBackend" | keyof AppConfig["environments"];

/** A synthesized stack's JSON, with the blocks preflight reads beyond the docs' StackJson. */
export interface PreflightJson extends StackJson {
  readonly terraform?: { readonly backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  /** Terraform `import` blocks: a resource listed here is taken over, not created. */
  readonly import?: readonly { readonly to?: string; readonly id?: string }[];
}

export interface PreflightStack {
  readonly name: string;
  /** The config file it is built from, as messages show it (`config/coherent-prod.json`). */
  readonly file: string;
  readonly kind: StackKind;
  /** `production` turns a missing account guard into a failure. @default - the state backend has no tier */
  readonly tier?: Tier;
  /** The parsed config file, for the switches read by name (see existing-services.ts). */
  readonly config: unknown;
  /** Config values that cannot work in a real account (lib/config/placeholders.ts). */
  readonly placeholders: readonly ConfigPlaceholder[];
  readonly json: PreflightJson;
  readonly model: StackModel;
}

type PreflightStackInput = Omit<PreflightStack, "model" | "placeholders" | "config"> &
  Partial<Pick<PreflightStack, "placeholders" | "config">>;

/** A PreflightStack from its parts (tests build them from hand-made JSON). */
export function preflightStack(input: PreflightStackInput): PreflightStack {
  return { placeholders: [], config: {}, ...input, model: new StackModel(input.json) };
}

/** The state backend's config file as messages show it (`config/state-backend.json` in the default config directory). */
export function stateBackendFile(configDir: string = CONFIG_DIR): string {
  return shownPath(path.join(configDir, STATE_BACKEND_FILE));
}

/**
 * Every stack in apply order: the state backend first (every other stack keeps its state there), then
 * the systems' environments in the order of their config files, as the app builds them.
 */
export function stacksInApplyOrder(
  config: AppConfig,
  synthesized: readonly SynthesizedStack[],
  configDir: string = CONFIG_DIR,
): PreflightStack[] {
  const jsonOf = (name: string) => {
    const found = synthesized.find((stack) => stack.name === name);
    if (!found) throw new Error(`stack ${name} was not synthesized`);
    return found.json as PreflightJson;
  };
  const stateBackend = preflightStack({
    name: STATE_BACKEND_STACK,
    file: stateBackendFile(configDir),
    kind: "stateBackend",
    config: config.stateBackend,
    placeholders: config.stateBackendPlaceholders,
    json: jsonOf(STATE_BACKEND_STACK),
  });
  const systems = (Object.keys(config.environments) as (keyof AppConfig["environments"])[]).flatMap((kind) =>
    config.environments[kind].map((environment) =>
      preflightStack({
        name: environment.stack,
        file: environment.file,
        kind,
        tier: environment.config.tier,
        config: environment.config,
        placeholders: environment.placeholders,
        json: jsonOf(environment.stack),
      }),
    ),
  );
  return [stateBackend, ...systems];
}

/** One `provider.aws[*]` block: the default one (`aws`) or an alias (`aws.us_west_2`). */
interface AwsProviderBlock {
  /** As resources name it: `aws` or `aws.<alias>`. */
  readonly address: string;
  readonly region?: string;
  /** `allowed_account_ids`; undefined when the block has none (any account). */
  readonly allowedAccountIds?: readonly string[];
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** Every aws provider block of a stack, the default one first. */
export function awsProviders(json: PreflightJson): AwsProviderBlock[] {
  return (json.provider?.aws ?? [])
    .map((provider) => ({
      address: typeof provider.alias === "string" ? `aws.${provider.alias}` : "aws",
      region: typeof provider.region === "string" ? provider.region : undefined,
      allowedAccountIds: Array.isArray(provider.allowed_account_ids) ? provider.allowed_account_ids.map(String) : undefined,
      defaultTags: (block(provider.default_tags)?.tags ?? {}) as Record<string, string>,
    }))
    .sort((a, b) => Number(a.address !== "aws") - Number(b.address !== "aws"));
}

/** The Regions of a stack's provider blocks, each once, the default provider's first. */
export function regionsOf(stack: PreflightStack): string[] {
  return [...new Set(awsProviders(stack.json).flatMap((provider) => provider.region ?? []))];
}

/**
 * Whether a stack is applied to `account`: every provider block allows it or allows any account. Such
 * stacks share the account's quotas and one-per-Region services.
 */
export function targetsAccount(stack: PreflightStack, account: string): boolean {
  return awsProviders(stack.json).every(
    (provider) => provider.allowedAccountIds === undefined || provider.allowedAccountIds.includes(account),
  );
}

/** The region of the stack's default provider. */
export function homeRegion(stack: PreflightStack): string {
  const region = stack.model.region;
  if (!region) throw new Error(`${stack.name}: the default aws provider has no region`);
  return region;
}

/** The region a resource is created in (its provider's). */
export function regionOf(stack: PreflightStack, resource: TfResource): string {
  return stack.model.regionOf(resource) ?? homeRegion(stack);
}

/**
 * The stack that created an existing resource, known by its tags: every resource carries its stack's
 * provider default tags (Project, System, Environment, ManagedBy), so a resource tagged with all of them
 * was created by that stack in an earlier apply and is not new demand.
 */
export function stackOwning(tags: Readonly<Record<string, string>>, stacks: readonly PreflightStack[]): PreflightStack | undefined {
  return stacks.find((stack) => {
    const defaults = Object.entries(awsProviders(stack.json)[0]?.defaultTags ?? {});
    return defaults.length > 0 && defaults.every(([key, value]) => tags[key] === value);
  });
}

/** A name with the plan-time account id filled in (`coherent-artifacts-prod-{account-id}`); undefined when computed otherwise. */
export function nameInAccount(value: unknown, account: string): string | undefined {
  return readableName(value)?.split("{account-id}").join(account);
}

/** Whether a resource is taken over by an `import` block rather than created. */
export function isImported(stack: PreflightStack, resource: TfResource): boolean {
  return (stack.json.import ?? []).some((entry) => entry.to === resource.address);
}
