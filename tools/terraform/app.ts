import { Testing } from "cdktf";
import { AppConfig, buildApp, loadConfig } from "../../stacks/app";
import { PlatformStack } from "../../lib/platform-stack";
import { PlanExpectations } from "./plan-test";

export interface AppStackToCheck {
  readonly name: string;
  readonly json: Record<string, unknown>;
  readonly expectations: PlanExpectations;
  /** `required_providers.aws.version` of the synthesized stack. */
  readonly pinnedProviderVersion: string;
}

/** Expectations a stack's plan must meet, from what its config asks for. */
export function expectationsFor(stack: PlatformStack, config: AppConfig): PlanExpectations {
  const treasury = config.environments.treasuryPlane.find((env) => `treasury-plane-${env.environment}` === stack.node.id);
  const production = stack.tier === "production";
  return {
    production,
    mutualTlsMode: treasury?.config.mutualTls.mode,
    // Treasury Plane's only internet ports are the ALB's 443 (PIV) and 80 (redirect); the Login.gov listener
    // admits CloudFront only. Coherent's dev server is open on 4000/5173 by its seed; production never is.
    internetIngressPorts: treasury || production ? [80, 443] : undefined,
  };
}

/** The app's stacks (all, or the named ones), synthesized as `npm run synth` does, ready for the harness. */
export function terraformChecksFor(names: readonly string[] = [], configDir?: string): AppStackToCheck[] {
  const config = loadConfig(configDir);
  const stacks = buildApp(Testing.app(), config)
    .node.children.filter((child): child is PlatformStack => child instanceof PlatformStack)
    .filter((stack) => names.length === 0 || names.includes(stack.node.id));
  const unknown = names.filter((name) => !stacks.some((stack) => stack.node.id === name));
  if (unknown.length > 0) throw new Error(`no stack named ${unknown.join(", ")}`);
  return stacks.map((stack) => {
    const json = JSON.parse(Testing.synth(stack, true)) as Record<string, unknown>;
    return { name: stack.node.id, json, expectations: expectationsFor(stack, config), pinnedProviderVersion: pinnedAwsVersion(json) };
  });
}

export function pinnedAwsVersion(json: Record<string, unknown>): string {
  const version = (json.terraform as { required_providers?: { aws?: { version?: string } } } | undefined)?.required_providers?.aws?.version;
  if (!version) throw new Error("the stack pins no hashicorp/aws version");
  return version;
}
