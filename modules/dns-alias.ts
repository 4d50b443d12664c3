import { Construct } from "constructs";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { propChecks } from "../lib/construct-validation";
import { DNS_NAME } from "../lib/aws-formats";

/** What an alias record points at: a CloudFront distribution or a load balancer. */
export interface AliasTarget {
  readonly dnsName: string;
  /** The target's own hosted zone id (CloudFront's or the load balancer's). */
  readonly zoneId: string;
}

export interface DnsAliasProps {
  /** Route 53 zone the names live in. */
  readonly hostedZoneId: string;
  readonly names: readonly string[];
  readonly target: AliasTarget;
  /** Also publish AAAA records (only for dual-stack targets such as CloudFront). @default false */
  readonly ipv6?: boolean;
}

/**
 * Route 53 alias records (A, and AAAA for dual-stack targets) for a list of names. Construct ids are
 * the names themselves, so adding a name never renames the others.
 */
export class DnsAlias extends Construct {
  readonly records: readonly Route53Record[];

  constructor(scope: Construct, id: string, props: DnsAliasProps) {
    super(scope, id);
    const check = propChecks(this);
    if (props.names.length === 0) check.fail("names", props.names, "must list at least one name");
    const types = props.ipv6 ? ["A", "AAAA"] : ["A"];
    this.records = props.names.flatMap((name) => {
      check.format("names", name, DNS_NAME);
      return types.map(
        (type) =>
          new Route53Record(this, `${name}-${type.toLowerCase()}`, {
            zoneId: props.hostedZoneId,
            name,
            type,
            alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: false },
          }),
      );
    });
  }
}
