import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigError, loadConfigFile } from "./load";
import { StateBackendConfig, stateBackendConfig } from "./state-backend";

/** A system whose environments are `config/<system>-<environment>.json`. */
export interface SystemConfigDefinition<C> {
  readonly system: string;
  /** Builds the schema; system defaults may depend on the state backend's settings. */
  schema(stateBackend: StateBackendConfig): z.ZodType<C>;
}

export const STATE_BACKEND_FILE = "state-backend.json";
const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,15}$/;

export interface EnvironmentConfig<C> {
  /** From the file name: `coherent-dev.json` is environment `dev`. */
  readonly environment: string;
  readonly file: string;
  readonly config: C;
}

/**
 * Loads and validates every file in `dir` before any stack is built, so one bad value anywhere stops
 * synthesis with all problems listed and nothing written.
 */
export function loadConfigDirectory<Systems extends Record<string, SystemConfigDefinition<unknown>>>(
  dir: string,
  systems: Systems,
): {
  stateBackend: StateBackendConfig;
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
  const show = (file: string) => path.relative(process.cwd(), path.join(dir, file)) || file;

  const stateBackend = attempt(() => loadConfigFile(path.join(dir, STATE_BACKEND_FILE), stateBackendConfig));
  const environments = Object.fromEntries(Object.keys(systems).map((key) => [key, [] as unknown[]])) as Record<
    string,
    EnvironmentConfig<unknown>[]
  >;
  // Longest prefix first, so `treasury-plane-dev.json` is never read as system `treasury`.
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
      problems.push(`${show(file)}: environment name "${environment}" must be 2-16 lowercase letters and digits, starting with a letter`);
      continue;
    }
    if (!stateBackend) continue; // its own problems are already listed
    const config = attempt(() => loadConfigFile(path.join(dir, file), definition.schema(stateBackend)));
    if (config !== undefined) environments[key].push({ environment, file: show(file), config });
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { stateBackend: stateBackend!, environments: environments as never };
}
