import * as path from "path";
import { App } from "cdktf";
import { loadConfigDirectory } from "./lib/config";
import { ConfigError } from "./lib/config/load";
import { StateBackendStack } from "./stacks/state-backend-stack";

/** Where config files are read from; PLATFORM_CONFIG_DIR points synthesis at another folder (tests, forks). */
export const CONFIG_DIR = process.env.PLATFORM_CONFIG_DIR ?? path.join(__dirname, "config");

/** Builds every stack from config. All config is validated before the first stack exists. */
export function buildApp(app: App, configDir: string = CONFIG_DIR): App {
  const { stateBackend } = loadConfigDirectory(configDir, {});
  new StateBackendStack(app, "state-backend", stateBackend);
  return app;
}

if (require.main === module) {
  try {
    buildApp(new App()).synth();
  } catch (error) {
    // A config mistake is the operator's to fix: print the list, not a stack trace, and write nothing.
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
