import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigError, parseConfig, readConfigJson, shownPath } from "./load";
import { findPlaceholders, PlaceholderFinding } from "./placeholders";
import { stateBackendSettings } from "./schema";
import { StateBackendConfig, stateBackendConfig } from "./state-backend";

/** A system whose environments are `config/<system>-<environment>.json`. */
export interface SystemConfigDefinition<C> {
  readonly system: string;
  /** Builds the schema; system defaults may depend on the state backend's settings. */
  schema(stateBackend: StateBackendConfig): z.ZodType<C>;
}

export const STATE_BACKEND_FILE = "state-backend.json";
/** The bootstrap stack that config/state-backend.json describes. */
export const STATE_BACKEND_STACK = "state-backend";
/** Environment names (`dev` in `coherent-dev.json`) are 2-16 characters; bucket names are built to fit the longest. */
export const MAX_ENVIRONMENT_NAME = 16;
const ENVIRONMENT_NAME = new RegExp(`^[a-z][a-z0-9]{1,${MAX_ENVIRONMENT_NAME - 1}}$`);

/** A placeholder in a named config file, or a value preflight needs that is not set (`missing`, value ""). */
export interface ConfigPlaceholder extends PlaceholderFinding {
  readonly file: string;
  readonly missing?: boolean;
  /** Worth setting, but the stack works without it: synthesis warns, preflight notes it and passes. */
  readonly advisory?: boolean;
}

/** What preflight says about a state backend without `kmsKeyId`. */
const MISSING_STATE_KEY_FIX =
  "the state KMS key's ARN, so state objects are encrypted with it rather than SSE-S3: `npm run bootstrap` writes the state-backend stack's `state_kms_key_arn` output here";

export interface EnvironmentConfig<C> {
  /** From the file name: `coherent-dev.json` is environment `dev`. */
  readonly environment: string;
  /** The stack built from it: `<system>-<environment>`, the file's name. */
  readonly stack: string;
  readonly file: string;
  readonly config: C;
  /** Values that cannot work in a real account: its own, and those of the state backend it uses. */
  readonly placeholders: readonly ConfigPlaceholder[];
}

/**
 * Loads and validates every file in `dir` before any stack is built, so one bad value anywhere stops
 * synthesis with all problems listed and nothing written. Placeholders are valid config: they are
 * listed, for preflight to refuse, not rejected.
 */
export function loadConfigDirectory<Systems extends Record<string, SystemConfigDefinition<unknown>>>(
  dir: string,
  systems: Systems,
): {
  stateBackend: StateBackendConfig;
  stateBackendPlaceholders: readonly ConfigPlaceholder[];
  environments: { [K in keyof Systems]: EnvironmentConfig<Systems[K] extends SystemConfigDefinition<infer C> ? C : never>[] };
} {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const show = (file: string) => shownPath(path.join(dir, file));
  const read = (file: string) => attempt(() => readConfigJson(path.join(dir, file)));
  const placeholdersIn = (file: string, schema: z.ZodType, input: unknown): ConfigPlaceholder[] =>
    findPlaceholders(schema, input).map((finding) => ({ file: show(file), ...finding }));

  const stateBackendInput = read(STATE_BACKEND_FILE);
  const stateBackend =
    stateBackendInput === undefined
      ? undefined
      : attempt(() => parseConfig(show(STATE_BACKEND_FILE), stateBackendInput, stateBackendConfig));
  const stateBackendPlaceholders = [
    ...placeholdersIn(STATE_BACKEND_FILE, stateBackendConfig, stateBackendInput),
    // Before the bootstrap the key does not exist and the stack's own state is local; after it, its state is in the bucket.
    ...(stateBackend?.ownState === "bucket" && stateBackend.kmsKeyId === undefined
      ? [missingStateKey(show(STATE_BACKEND_FILE), "kmsKeyId")]
      : []),
  ];
  const environments = Object.fromEntries(Object.keys(systems).map((key) => [key, [] as unknown[]])) as Record<
    string,
    EnvironmentConfig<unknown>[]
  >;
  // Longest prefix first, so `treasury-plane-dev.json` is never read as system `treasury`.
  const schemas = new Map<string, z.ZodType>();
  const bySpecificity = Object.entries(systems).sort(([, a], [, b]) => b.system.length - a.system.length);

  for (const file of fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    if (file === STATE_BACKEND_FILE) continue;
    const match = bySpecificity.find(([, definition]) => file.startsWith(`${definition.system}-`));
    if (!match) {
      const names = Object.values(systems).map((definition) => `${definition.system}-<environment>.json`);
      problems.push(`${show(file)}: not a known config file; expected ${[STATE_BACKEND_FILE, ...names].join(" or ")}`);
      continue;
    }
    const [key, definition] = match;
    const environment = file.slice(definition.system.length + 1, -".json".length);
    if (!ENVIRONMENT_NAME.test(environment)) {
      problems.push(
        `${show(file)}: environment name "${environment}" must be 2-${MAX_ENVIRONMENT_NAME} lowercase letters and digits, starting with a letter`,
      );
      continue;
    }
    const input = read(file);
    if (!stateBackend || input === undefined) continue; // their problems are already listed
    // One schema per system: building one costs more than parsing a file with it.
    const schema = schemas.get(key) ?? definition.schema(stateBackend);
    schemas.set(key, schema);
    const config = attempt(() => parseConfig(show(file), input, schema));
    if (config === undefined) continue;
    const inherited = inheritedBackendPlaceholders(stateBackendPlaceholders, input);
    const placeholders = [
      ...placeholdersIn(file, schema, input),
      ...inherited,
      ...missingBackendKey(show, file, config, input, inherited),
      ...missingAccountGuard(show(file), config),
    ];
    environments[key].push({ environment, stack: `${definition.system}-${environment}`, file: show(file), config, placeholders });
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { stateBackend: stateBackend!, stateBackendPlaceholders, environments: environments as never };
}

/** The fields that hold the state KMS key: state-backend.json's, or a system file's own backend's. */
const STATE_KEY_FIELDS = ["kmsKeyId", "stateBackend.kmsKeyId"];

function missingStateKey(file: string, field: (typeof STATE_KEY_FIELDS)[number]): ConfigPlaceholder {
  return { file, field, value: "", fix: MISSING_STATE_KEY_FIX, missing: true };
}

/** Whether a finding is a state backend without the state KMS key (the live preflight reports it in this row only). */
export function isMissingStateKey(finding: ConfigPlaceholder): boolean {
  return finding.missing === true && STATE_KEY_FIELDS.includes(finding.field);
}

/**
 * A system stack whose backend has no `kmsKeyId`: named in its own file when it overrides the bucket (its
 * own backend), else in state-backend.json, which every other stack inherits it from. Not again when it
 * is among the `inherited` findings (state-backend.json lists it itself once its own state is in the bucket).
 */
function missingBackendKey(
  show: (file: string) => string,
  file: string,
  config: unknown,
  input: unknown,
  inherited: readonly ConfigPlaceholder[],
): ConfigPlaceholder[] {
  const backend = (config as { stateBackend?: { kmsKeyId?: string } }).stateBackend;
  if (!backend || backend.kmsKeyId !== undefined) return [];
  const ownBucket = (input as { stateBackend?: { bucket?: string } } | null)?.stateBackend?.bucket !== undefined;
  const finding = ownBucket ? missingStateKey(show(file), "stateBackend.kmsKeyId") : missingStateKey(show(STATE_BACKEND_FILE), "kmsKeyId");
  return inherited.some((known) => known.file === finding.file && known.field === finding.field) ? [] : [finding];
}

/** A stack without `allowedAccountIds` (development only: production requires it) applies in any account. */
function missingAccountGuard(file: string, config: unknown): ConfigPlaceholder[] {
  if ((config as { allowedAccountIds: readonly string[] }).allowedAccountIds.length > 0) return [];
  const fix =
    "the account id(s) this stack is applied to, so credentials of another account fail at plan (docs/operations.md, account layouts)";
  return [{ file, field: "allowedAccountIds", value: "", fix, missing: true, advisory: true }];
}

/** The state backend's placeholders a system file inherits: those of backend settings it does not override. */
function inheritedBackendPlaceholders(backend: readonly ConfigPlaceholder[], systemInput: unknown): ConfigPlaceholder[] {
  const overrides = (systemInput as { stateBackend?: Record<string, unknown> } | null)?.stateBackend ?? {};
  return backend.filter((finding) => finding.field in stateBackendSettings.shape && overrides[finding.field] === undefined);
}
