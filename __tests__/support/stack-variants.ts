import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { coherentConfigDefinition } from "../../lib/config/coherent";
import { parseConfig } from "../../lib/config/load";
import { stateBackendConfig } from "../../lib/config/state-backend";
import { treasuryPlaneConfigDefinition } from "../../lib/config/treasury-plane";
import { PlatformStack } from "../../lib/platform-stack";
import { CoherentStack } from "../../stacks/coherent-stack";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { TreasuryPlaneStack } from "../../stacks/treasury-plane-stack";

/**
 * Top-level config fields over a committed config file: sections are merged (`{ redis: { enabled: true } }`),
 * other values replace (`{ cloudTrail: "organization" }`).
 */
export type ConfigOverrides = Record<string, unknown>;

const CONFIG_DIR = path.join(__dirname, "..", "..", "config");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));
const stateBackend = parseConfig("state-backend.json", readJson("state-backend.json"), stateBackendConfig);

/** The committed config of `stack` with top-level sections merged with `overrides`. */
function configInput(stack: string, overrides: ConfigOverrides): Record<string, unknown> {
  const input = readJson(`${stack}.json`);
  for (const [field, value] of Object.entries(overrides)) {
    input[field] = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...input[field], ...value } : value;
  }
  return input;
}

export function coherentStack(environment: "dev" | "prod", overrides: ConfigOverrides = {}): CoherentStack {
  const stack = `coherent-${environment}`;
  const config = parseConfig(`${stack}.json`, configInput(stack, overrides), coherentConfigDefinition.schema(stateBackend));
  return new CoherentStack(Testing.app(), stack, { environment, config });
}

export function treasuryPlaneStack(environment: "dev" | "prod", overrides: ConfigOverrides = {}): TreasuryPlaneStack {
  const stack = `treasury-plane-${environment}`;
  const config = parseConfig(`${stack}.json`, configInput(stack, overrides), treasuryPlaneConfigDefinition.schema(stateBackend));
  return new TreasuryPlaneStack(Testing.app(), stack, { environment, config });
}

/**
 * Every stack of the committed config, and the optional parts switched on (the fleet, Redis) or off
 * (app secrets): each builds a fresh stack in its own app.
 */
export const STACK_VARIANTS: readonly [string, () => PlatformStack][] = [
  ["state-backend", () => new StateBackendStack(Testing.app(), "state-backend", { config: stateBackend })],
  ["coherent-dev", () => coherentStack("dev")],
  ["coherent-dev-without-app-secrets", () => coherentStack("dev", { security: { appSecrets: false } })],
  ["coherent-prod", () => coherentStack("prod")],
  ["coherent-prod-fleet", () => coherentStack("prod", { horizontalScaling: { enabled: true } })],
  ["treasury-plane-dev", () => treasuryPlaneStack("dev")],
  ["treasury-plane-dev-redis", () => treasuryPlaneStack("dev", { redis: { enabled: true } })],
  ["treasury-plane-prod", () => treasuryPlaneStack("prod")],
];
