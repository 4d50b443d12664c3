// First: keeps cdktf 0.21's Node.js 22+ deprecation warning off stderr.
import "./lib/cdktf-deprecations";
import * as path from "path";
import { App } from "cdktf";
import { loadConfigDirectory, STATE_BACKEND_STACK } from "./lib/config";
import { coherentConfigDefinition } from "./lib/config/coherent";
import { ConfigError } from "./lib/config/load";
import { placeholdersByStack, placeholderWarnings } from "./lib/config/preflight";
import { GuardrailsError } from "./lib/policy/aspect";
import { treasuryPlaneConfigDefinition } from "./lib/config/treasury-plane";
import { CoherentStack } from "./stacks/coherent-stack";
import { StateBackendStack } from "./stacks/state-backend-stack";
import { TreasuryPlaneStack } from "./stacks/treasury-plane-stack";

/** Where config files are read from; PLATFORM_CONFIG_DIR points synthesis at another folder (tests, forks). */
export const CONFIG_DIR = process.env.PLATFORM_CONFIG_DIR ?? path.join(__dirname, "config");

/** Reads and validates every config file; throws a ConfigError listing all problems. */
export function loadConfig(configDir: string = CONFIG_DIR) {
  return loadConfigDirectory(configDir, { coherent: coherentConfigDefinition, treasuryPlane: treasuryPlaneConfigDefinition });
}

/** Builds every stack from validated config. */
export function buildApp(app: App, config: ReturnType<typeof loadConfig> = loadConfig()): App {
  new StateBackendStack(app, STATE_BACKEND_STACK, config.stateBackend);
  for (const env of config.environments.coherent) {
    new CoherentStack(app, env.stack, { environment: env.environment, config: env.config });
  }
  for (const env of config.environments.treasuryPlane) {
    new TreasuryPlaneStack(app, env.stack, { environment: env.environment, config: env.config });
  }
  return app;
}

if (require.main === module) {
  try {
    // Config first: `new App()` creates the output folder, and a config mistake must write nothing.
    const config = loadConfig();
    // The committed config is a template: a fresh clone synthesizes, and says once per stack what
    // `npm run preflight` (and so plan) will refuse. On stderr, in one write: cdktf synth relays it as
    // one block (prefixed "[ERROR] default -", its label for anything an app writes to stderr).
    const warnings = placeholderWarnings(placeholdersByStack(config));
    if (warnings.length) process.stderr.write(`${warnings.join("\n")}\n`);
    buildApp(new App(), config).synth();
  } catch (error) {
    // A config mistake or a guardrail finding is the operator's to fix: print the list, not a stack trace.
    if (!(error instanceof ConfigError || error instanceof GuardrailsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
