import { Construct } from "constructs";
import { LbListener, LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { propChecks } from "../lib/construct-validation";
import { ELB_NAME, hasFormat, MAX_ELB_NAME, PORT } from "../lib/aws-formats";
import { AlarmedTargetGroup } from "./load-balancer";
import { Network } from "./network";

export interface AppTargetGroupsProps {
  readonly network: Network;
  /** Target group names are `<namePrefix>-api` and `<namePrefix>-web` (at most 32 characters). */
  readonly namePrefix: string;
  /** @default 4000 (Fastify) */
  readonly apiPort?: number;
  /** @default "/api/v1/health" */
  readonly apiHealthCheckPath?: string;
  /** Paths the load balancer sends to the API. @default ["/api/*"] */
  readonly apiPathPatterns?: readonly string[];
  /** @default 5173 (Vite) */
  readonly webPort?: number;
  /** @default "/" */
  readonly webHealthCheckPath?: string;
}

/**
 * The load balancer side of the app's two processes, mirroring nginx on the server: `/api/*` to the
 * API port, everything else to the web port, each target group with its own HTTP health check.
 */
export class AppTargetGroups extends Construct {
  readonly api: LbTargetGroup;
  readonly web: LbTargetGroup;
  /** For the HTTPS listener's default action: forward to the web target group. */
  readonly webForwardAction: LbListenerDefaultAction;
  private readonly apiPathPatterns: readonly string[];
  private readonly ports: { readonly api: number; readonly web: number };

  constructor(scope: Construct, id: string, props: AppTargetGroupsProps) {
    super(scope, id);
    const apiPort = props.apiPort ?? 4000;
    const webPort = props.webPort ?? 5173;
    this.apiPathPatterns = props.apiPathPatterns ?? ["/api/*"];
    validate(this, props, apiPort, webPort, this.apiPathPatterns);
    this.ports = { api: apiPort, web: webPort };

    const targetGroup = (role: "api" | "web", port: number, healthCheckPath: string, matcher: string) =>
      new LbTargetGroup(this, role, {
        name: `${props.namePrefix}-${role}`,
        port,
        protocol: "HTTP",
        targetType: "instance",
        vpcId: props.network.vpc.id,
        deregistrationDelay: "30",
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: healthCheckPath,
          port: "traffic-port",
          matcher,
          interval: 30,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: { Name: `${props.namePrefix}-${role}` },
      });
    this.api = targetGroup("api", apiPort, props.apiHealthCheckPath ?? "/api/v1/health", "200");
    this.web = targetGroup("web", webPort, props.webHealthCheckPath ?? "/", "200-399");
    this.webForwardAction = { type: "forward", targetGroupArn: this.web.arn };
  }

  /** Both target groups as the load balancer's alarms name them. */
  alarmTargets(): AlarmedTargetGroup[] {
    return [
      { name: "api", serves: `the API (port ${this.ports.api})`, arnSuffix: this.api.arnSuffix },
      { name: "web", serves: `the web app (port ${this.ports.web})`, arnSuffix: this.web.arnSuffix },
    ];
  }

  /** Sends the API paths arriving at `listener` to the API target group. */
  routeApi(listener: LbListener, priority = 10): LbListenerRule {
    return new LbListenerRule(this, "api-rule", {
      listenerArn: listener.arn,
      priority,
      action: [{ type: "forward", targetGroupArn: this.api.arn }],
      condition: [{ pathPattern: { values: [...this.apiPathPatterns] } }],
    });
  }

  /** Registers one instance (the single app server) in both target groups. */
  attachInstance(instanceId: string): void {
    for (const group of [this.api, this.web]) {
      new LbTargetGroupAttachment(this, `${group.node.id}-instance`, { targetGroupArn: group.arn, targetId: instanceId });
    }
  }
}

function validate(
  targets: AppTargetGroups,
  props: AppTargetGroupsProps,
  apiPort: number,
  webPort: number,
  patterns: readonly string[],
): void {
  const check = propChecks(targets);
  for (const [name, port] of [
    ["apiPort", apiPort],
    ["webPort", webPort],
  ] as const) {
    check.range(name, port, PORT);
  }
  check.expect(apiPort !== webPort, "webPort", webPort, `must differ from apiPort (${apiPort})`);
  // Target group names get -api/-web appended, so the prefix leaves room for them.
  check.expect(
    hasFormat(ELB_NAME, `${props.namePrefix}-api`),
    "namePrefix",
    props.namePrefix,
    `must be 1-28 letters, digits and hyphens, not starting with a hyphen (names get -api/-web, ${MAX_ELB_NAME} at most)`,
  );
  for (const [name, path] of [
    ["apiHealthCheckPath", props.apiHealthCheckPath],
    ["webHealthCheckPath", props.webHealthCheckPath],
  ] as const) {
    check.expect(path === undefined || path.startsWith("/"), name, path, "must start with /");
  }
  check.expect(patterns.length >= 1 && patterns.length <= 5, "apiPathPatterns", patterns, "must list 1-5 patterns");
}
