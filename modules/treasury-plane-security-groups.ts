import { Construct } from "constructs";
import { AddressTransparentGroup } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { allowCloudFrontOriginIngress } from "./load-balancer";
import { Network } from "./network";
import { SecurityGroup } from "./security-group";
import { POSTGRES_PORT, REDIS_PORT } from "./service-ports";
import { LOGIN_GOV_PATH, PIV_PATH } from "../lib/sign-in-paths";

export interface TreasuryPlaneSecurityGroupsProps {
  readonly network: Network;
  /** Prefix of the group names, e.g. `treasury-plane-prod`. */
  readonly namePrefix: string;
  /** Add the Redis group. */
  readonly redis: boolean;
  /** The ALB's listener without client certificates, reachable from CloudFront's origin-facing servers only. */
  readonly cloudFrontOriginPort: number;
}

/**
 * The document's chain ALB -> Beanstalk -> Aurora / Redis, with the two sign-in paths kept apart: the
 * instances admit each path's nginx port from the ALB only, and the ALB's listener without client
 * certificates admits CloudFront's origin-facing servers only (a group of its own, for the prefix list's
 * weight). The ALB's public ingress is added with `allowPublicWebIngress`. A group: the security groups
 * keep the addresses they would have directly in the stack.
 */
export class TreasuryPlaneSecurityGroups extends AddressTransparentGroup {
  readonly loadBalancer: SecurityGroup;
  /** Also on the ALB: its listener without client certificates, from CloudFront only. */
  readonly loadBalancerFromCloudFront: SecurityGroup;
  readonly app: SecurityGroup;
  readonly database: SecurityGroup;
  /** @default - undefined without Redis */
  readonly redis?: SecurityGroup;

  constructor(scope: Construct, id: string, props: TreasuryPlaneSecurityGroupsProps) {
    super(scope, id);
    const { network, namePrefix } = props;
    this.loadBalancer = new SecurityGroup(this, "alb-sg", {
      network,
      name: `${namePrefix}-alb`,
      description: "Treasury Plane ALB: HTTPS and HTTP from the internet",
      allowAllEgress: true,
    });
    suppress(
      this.loadBalancer,
      "sg-world-egress-all",
      "the document's ALB security group table: egress All (targets are the Beanstalk instances, whose group admits only this one)",
    );
    this.loadBalancerFromCloudFront = new SecurityGroup(this, "alb-cloudfront-sg", {
      network,
      name: `${namePrefix}-alb-cloudfront`,
      description: "Treasury Plane ALB: the Login.gov listener from CloudFront only",
    });
    allowCloudFrontOriginIngress(
      this.loadBalancerFromCloudFront,
      props.cloudFrontOriginPort,
      "Login.gov listener (no client certificate) from CloudFront's origin-facing servers only",
    );
    this.app = new SecurityGroup(this, "beanstalk-sg", {
      network,
      name: `${namePrefix}-beanstalk`,
      description: "Treasury Plane Beanstalk instances: nginx from the ALB, SSH from the VPC",
      allowAllEgress: true,
    });
    suppress(
      this.app,
      "sg-world-egress-all",
      "the document's Beanstalk egress All through the NAT gateways: Login.gov, package mirrors, AWS APIs",
    );
    for (const [ruleId, path] of [
      ["piv-from-alb", PIV_PATH],
      ["login-gov-from-alb", LOGIN_GOV_PATH],
    ] as const) {
      this.app.addIngress(ruleId, {
        description: `nginx for ${path.description}, from the ALB only`,
        port: path.instancePort,
        from: { securityGroup: this.loadBalancer },
      });
    }
    this.app.addIngress("ssh-from-vpc", {
      description: "SSH for troubleshooting from inside the VPC",
      port: 22,
      from: { cidr: network.vpcCidr },
    });
    // The data tier: each group admits its port from the Beanstalk instances only, and has no egress.
    const reachableFromApp = (groupId: string, suffix: string, description: string, ruleId: string, port: number, service: string) => {
      const group = new SecurityGroup(this, groupId, { network, name: `${namePrefix}-${suffix}`, description });
      group.addIngress(ruleId, { description: `${service} from the Beanstalk instances only`, port, from: { securityGroup: this.app } });
      return group;
    };
    this.database = reachableFromApp(
      "aurora-sg",
      "aurora",
      "Treasury Plane Aurora: PostgreSQL from Beanstalk only, no egress",
      "postgres-from-beanstalk",
      POSTGRES_PORT,
      "PostgreSQL",
    );
    if (props.redis) {
      this.redis = reachableFromApp(
        "redis-sg",
        "redis",
        "Treasury Plane Redis: from Beanstalk only, no egress",
        "redis-from-beanstalk",
        REDIS_PORT,
        "Redis (TLS)",
      );
    }
  }
}
