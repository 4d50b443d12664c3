import * as path from "path";
import { App } from "cdktf";
import { loadConfigDirectory } from "./lib/config";
import { ConfigError } from "./lib/config/load";
import { StateBackendStack } from "./stacks/state-backend-stack";

/** Where config files are read from; PLATFORM_CONFIG_DIR points synthesis at another folder (tests, forks). */
export const CONFIG_DIR = process.env.PLATFORM_CONFIG_DIR ?? path.join(__dirname, "config");

/** Reads and validates every config file; throws a ConfigError listing all problems. */
export function loadConfig(configDir: string = CONFIG_DIR) {
  return loadConfigDirectory(configDir, {});
}

/** Builds every stack from validated config. */
export function buildApp(app: App, config: ReturnType<typeof loadConfig> = loadConfig()): App {
  new StateBackendStack(app, "state-backend", config.stateBackend);
  return app;
}

if (require.main === module) {
  try {
    // Config first: `new App()` creates the output folder, and a config mistake must write nothing.
    const config = loadConfig();
    buildApp(new App(), config).synth();
  } catch (error) {
    // A config mistake is the operator's to fix: print the list, not a stack trace.
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
