import { Construct } from "constructs";
import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { propChecks } from "../lib/construct-validation";
import { IPV4_CIDR } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { Network } from "./network";

/** The other side of a rule: an IPv4 range, another security group, or a managed prefix list. */
export type Peer = { readonly cidr: string } | { readonly securityGroup: SecurityGroup } | { readonly prefixListId: string };

export interface RuleProps {
  /** Why the rule exists; shown in the console and required by the guardrails. */
  readonly description: string;
  /** First port; with protocol "-1" (all traffic) ports are ignored. */
  readonly port: number;
  /** Last port of a range. @default - same as port */
  readonly toPort?: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp" | "-1";
}

export interface SecurityGroupProps {
  readonly network: Network;
  /** Group name, unique in the VPC, e.g. `coherent-dev-app-sg`. */
  readonly name: string;
  readonly description: string;
  /** Allow all outbound IPv4 traffic. @default false (no egress unless rules are added) */
  readonly allowAllEgress?: boolean;
}

/**
 * A security group whose rules are separate resources, one per rule (`<group>_<rule id>`), each with
 * a description. Terraform removes AWS's default allow-all egress rule, so a group without egress
 * rules really has none.
 */
export class SecurityGroup extends Construct {
  readonly group: AwsSecurityGroup;
  readonly id: string;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.group = new AwsSecurityGroup(this, DEFAULT_CHILD_ID, {
      name: props.name,
      description: props.description,
      vpcId: props.network.vpc.id,
      tags: { Name: props.name },
    });
    this.id = this.group.id;
    if (props.allowAllEgress) {
      this.addEgress("all-egress", { description: "All outbound traffic", port: 0, protocol: "-1", to: { cidr: "0.0.0.0/0" } });
    }
  }

  addIngress(ruleId: string, rule: RuleProps & { readonly from: Peer }): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(this, ruleId, { securityGroupId: this.id, ...this.ruleConfig(ruleId, rule, rule.from) });
  }

  addEgress(ruleId: string, rule: RuleProps & { readonly to: Peer }): VpcSecurityGroupEgressRule {
    return new VpcSecurityGroupEgressRule(this, ruleId, { securityGroupId: this.id, ...this.ruleConfig(ruleId, rule, rule.to) });
  }

  private ruleConfig(ruleId: string, rule: RuleProps, peer: Peer) {
    const check = propChecks(this, `rule "${ruleId}"`);
    check.expect(rule.description.trim() !== "", "description", rule.description, "must not be empty");
    const protocol = rule.protocol ?? "tcp";
    const toPort = rule.toPort ?? rule.port;
    if (protocol !== "-1") {
      check.expect(
        rule.port >= 0 && rule.port <= toPort && toPort <= 65535,
        "port-toPort",
        `${rule.port}-${toPort}`,
        "must satisfy 0 <= port <= toPort <= 65535",
      );
    }
    if ("cidr" in peer) check.format("cidr", peer.cidr, IPV4_CIDR);
    return {
      description: rule.description,
      ipProtocol: protocol,
      fromPort: protocol === "-1" ? undefined : rule.port,
      toPort: protocol === "-1" ? undefined : toPort,
      cidrIpv4: "cidr" in peer ? peer.cidr : undefined,
      referencedSecurityGroupId: "securityGroup" in peer ? peer.securityGroup.id : undefined,
      prefixListId: "prefixListId" in peer ? peer.prefixListId : undefined,
      tags: { Name: `${this.node.id}-${ruleId}` },
    };
  }
}
