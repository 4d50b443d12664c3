import * as path from "path";
import { App } from "cdktf";
import { loadConfigDirectory } from "./lib/config";
import { ConfigError } from "./lib/config/load";
import { StateBackendStack } from "./stacks/state-backend-stack";

function main(): void {
  // Every config file is validated before the first stack exists: a mistake writes nothing.
  const { stateBackend } = loadConfigDirectory(path.join(__dirname, "config"), {});
  const app = new App();
  new StateBackendStack(app, "state-backend", stateBackend);
  app.synth();
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
