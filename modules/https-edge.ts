import { Construct } from "constructs";
import { AddressTransparentGroup } from "../lib/platform-stack";
import { AppTargetGroups } from "./app-target-groups";
import { Certificate } from "./certificate";
import { DnsAlias } from "./dns-alias";
import { LoadBalancer } from "./load-balancer";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import { SecurityGroup } from "./security-group";
import { LoadBalancerWebAclOptions, loadBalancerWebAcl } from "./web-acl";

export interface HttpsEdgeProps {
  readonly network: Network;
  /** Prefix of the load balancer and web ACL names, e.g. `coherent-prod`. */
  readonly namePrefix: string;
  /** The load balancer's group (its rules are the caller's). */
  readonly securityGroup: SecurityGroup;
  /** Host name users open, e.g. `coherent.example.com`. */
  readonly domainName: string;
  /** Route 53 zone validating a new certificate and receiving the alias record. @default - neither */
  readonly hostedZoneId?: string;
  /** Serve this ACM certificate instead of requesting one. @default - a DNS-validated certificate */
  readonly existingCertificateArn?: string;
  /** Where requests go: `/api/*` to the API targets, the rest to the web targets. */
  readonly targets: AppTargetGroups;
  /** Refuse deletion of the load balancer through the API. */
  readonly deletionProtection: boolean;
  readonly accessLogBucket: SecureBucket;
  /** Put a WAF web ACL with managed rules and these rules in front, logging with this retention and key. @default - no web ACL */
  readonly webAcl?: LoadBalancerWebAclOptions;
}

/**
 * The public HTTPS entry of an app: its certificate, the load balancer (`/api/*` to the API, the rest to
 * the web targets), an optional WAF and the DNS alias. A group: its children keep the addresses they
 * would have directly in the stack.
 */
export class HttpsEdge extends AddressTransparentGroup {
  readonly loadBalancer: LoadBalancer;

  constructor(scope: Construct, id: string, props: HttpsEdgeProps) {
    super(scope, id);
    const certificate = new Certificate(this, "certificate", {
      domainName: props.domainName,
      hostedZoneId: props.existingCertificateArn ? undefined : props.hostedZoneId,
      existingCertificateArn: props.existingCertificateArn,
    });
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      network: props.network,
      name: `${props.namePrefix}-alb`,
      securityGroup: props.securityGroup,
      certificateArn: certificate.arn,
      deletionProtection: props.deletionProtection,
      accessLogBucket: props.accessLogBucket,
      defaultAction: props.targets.webForwardAction,
    });
    props.targets.routeApi(this.loadBalancer.httpsListener);
    if (props.webAcl) {
      loadBalancerWebAcl(this, "waf", {
        ...props.webAcl,
        name: `${props.namePrefix}-waf`,
        loadBalancerArn: this.loadBalancer.arn,
        associationId: "load-balancer",
      });
    }
    if (props.hostedZoneId) {
      new DnsAlias(this, "dns", {
        hostedZoneId: props.hostedZoneId,
        names: [props.domainName],
        target: { dnsName: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId },
      });
    }
  }
}
