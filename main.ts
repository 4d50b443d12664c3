// First: keeps cdktf 0.21's Node.js 22+ deprecation warning off stderr.
import "./lib/cdktf-deprecations";
import { App } from "cdktf";
import { ConfigError } from "./lib/config/load";
import { placeholdersByStack, placeholderWarnings } from "./lib/config/preflight";
import { GuardrailsError } from "./lib/policy/aspect";
import { configureTokenStackTraces, synthesisReport } from "./lib/synthesis";
import { buildApp, loadConfig } from "./stacks/app";

// Synthesis: `npm run synth` and cdktf.json's app. The stacks themselves are registered in stacks/app.ts.
if (require.main === module) {
  configureTokenStackTraces();
  try {
    // Config first: `new App()` creates the output folder, and a config mistake must write nothing.
    const config = loadConfig();
    // The committed config is a template: a fresh clone synthesizes, and says once per stack what
    // `npm run preflight` (and so plan) will refuse. On stderr, in one write: cdktf synth relays it as
    // one block (prefixed "[ERROR] default -", its label for anything an app writes to stderr).
    const warnings = placeholderWarnings(placeholdersByStack(config));
    if (warnings.length) process.stderr.write(`${warnings.join("\n")}\n`);
    const app = buildApp(new App(), config);
    app.synth();
    for (const line of synthesisReport(app)) console.log(line);
  } catch (error) {
    // A config mistake or a guardrail finding is the operator's to fix: print the list, not a stack trace.
    if (!(error instanceof ConfigError || error instanceof GuardrailsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
