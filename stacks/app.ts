/**
 * The one place that knows every stack: which config files exist and which stack class each becomes.
 * main.ts (synthesis) and the tooling (check, docs, cost, plan, preflight, verify) all build the app here.
 */
import * as path from "path";
import { App } from "cdktf";
import { loadConfigDirectory, STATE_BACKEND_STACK } from "../lib/config";
import { coherentConfigDefinition } from "../lib/config/coherent";
import { treasuryPlaneConfigDefinition } from "../lib/config/treasury-plane";
import { CoherentStack } from "./coherent-stack";
import { StateBackendStack } from "./state-backend-stack";
import { TreasuryPlaneStack } from "./treasury-plane-stack";

/** Where config files are read from; PLATFORM_CONFIG_DIR points synthesis at another folder (tests, forks). */
export const CONFIG_DIR = process.env.PLATFORM_CONFIG_DIR ?? path.join(__dirname, "..", "config");

/** Reads and validates every config file; throws a ConfigError listing all problems. */
export function loadConfig(configDir: string = CONFIG_DIR) {
  return loadConfigDirectory(configDir, { coherent: coherentConfigDefinition, treasuryPlane: treasuryPlaneConfigDefinition });
}

export type AppConfig = ReturnType<typeof loadConfig>;

/** Builds every stack from validated config. */
export function buildApp(app: App, config: AppConfig = loadConfig()): App {
  new StateBackendStack(app, STATE_BACKEND_STACK, { config: config.stateBackend, lockTable: lockTableInUse(config) });
  for (const env of config.environments.coherent) {
    new CoherentStack(app, env.stack, { environment: env.environment, config: env.config });
  }
  for (const env of config.environments.treasuryPlane) {
    new TreasuryPlaneStack(app, env.stack, { environment: env.environment, config: env.config });
  }
  return app;
}

/**
 * The DynamoDB lock table a config still names in the state bucket: config/state-backend.json's, else one a
 * system stack's `stateBackend` keeps using. The state-backend stack keeps the table while there is one.
 */
export function lockTableInUse(config: AppConfig): string | undefined {
  const { bucket, dynamodbTable } = config.stateBackend;
  const systems = [...config.environments.coherent, ...config.environments.treasuryPlane].map((env) => env.config.stateBackend);
  return dynamodbTable ?? systems.find((backend) => backend.bucket === bucket && backend.dynamodbTable)?.dynamodbTable;
}
