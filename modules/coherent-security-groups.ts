import { Construct } from "constructs";
import { AddressTransparentGroup } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { allowPublicWebIngress } from "./load-balancer";
import { Network } from "./network";
import { SecurityGroup } from "./security-group";

/** The seed's service ports: Fastify API, Vite web, PostgreSQL. */
export const COHERENT_PORTS = { api: 4000, web: 5173, postgres: 5432 } as const;

export interface CoherentSecurityGroupsProps {
  readonly network: Network;
  /** Add alb-sg and admit the app ports from it only. */
  readonly loadBalancer: boolean;
  /** nginx terminates TLS itself (Let's Encrypt), so app-sg opens 443 too. */
  readonly nginxTls: boolean;
  /** The only range reaching SSH (22) on app-sg. @default - no SSH rule */
  readonly sshAllowedCidr?: string;
}

/**
 * The seed's security group tables: alb-sg (HTTPS from anywhere, to the app ports), app-sg (nginx, API and
 * web; from the load balancer only when there is one) and db-sg (PostgreSQL from app-sg only). A group:
 * the security groups keep the addresses they would have directly in the stack.
 */
export class CoherentSecurityGroups extends AddressTransparentGroup {
  readonly loadBalancer?: SecurityGroup;
  readonly app: SecurityGroup;
  readonly database: SecurityGroup;

  constructor(scope: Construct, id: string, props: CoherentSecurityGroupsProps) {
    super(scope, id);
    const network = props.network;
    const albSg = props.loadBalancer
      ? new SecurityGroup(this, "alb-sg", { network, name: "alb-sg", description: "Application load balancer" })
      : undefined;
    const appSg = new SecurityGroup(this, "app-sg", {
      network,
      name: "app-sg",
      description: "EC2 application server",
      allowAllEgress: true,
    });
    const dbSg = new SecurityGroup(this, "db-sg", { network, name: "db-sg", description: "RDS PostgreSQL", allowAllEgress: true });
    suppress(
      appSg,
      "sg-world-egress-all",
      "the seed's app-sg table: all outbound (package mirrors, Let's Encrypt, Docker Hub, AWS APIs through the NAT-less public subnet)",
    );
    suppress(
      dbSg,
      "sg-world-egress-all",
      "the seed's db-sg table: all outbound; RDS opens no outbound connections of its own, and ingress is app-sg only",
    );
    if (props.sshAllowedCidr) {
      appSg.addIngress("ssh", {
        description: "SSH from the operators' range (sshAllowedCidr)",
        port: 22,
        from: { cidr: props.sshAllowedCidr },
      });
    }
    // The seed's app-sg: nginx (80/443), API (4000) and web (5173); 443 only where nginx listens on it.
    // With a load balancer in front, all of them admit only the load balancer, so nothing reaches the app
    // around the ALB and its WAF.
    const backendPorts = [
      ["api", COHERENT_PORTS.api, `Fastify API (${COHERENT_PORTS.api})`],
      ["web", COHERENT_PORTS.web, `Vite web (${COHERENT_PORTS.web})`],
    ] as const;
    const appPorts = [
      ["http", 80, "HTTP to nginx"],
      ...(props.nginxTls ? ([["https", 443, "HTTPS to nginx"]] as const) : []),
      ...backendPorts,
    ] as const;
    for (const [ruleId, port, service] of appPorts) {
      if (albSg) {
        appSg.addIngress(ruleId, { description: `${service} from the load balancer only`, port, from: { securityGroup: albSg } });
      } else {
        suppress(
          appSg.addIngress(ruleId, { description: `${service} from anywhere (no load balancer)`, port, from: { cidr: "0.0.0.0/0" } }),
          "sg-world-ingress",
          "the seed's app-sg table without a load balancer: the app server is the public entry point",
        );
      }
    }
    for (const [ruleId, port, service] of backendPorts) {
      albSg?.addEgress(ruleId, { description: `${service} on the app instances`, port, to: { securityGroup: appSg } });
    }
    if (albSg) allowPublicWebIngress(albSg, "HTTPS from anywhere");
    dbSg.addIngress("postgres", {
      description: "PostgreSQL from app-sg only",
      port: COHERENT_PORTS.postgres,
      from: { securityGroup: appSg },
    });
    this.loadBalancer = albSg;
    this.app = appSg;
    this.database = dbSg;
  }
}
