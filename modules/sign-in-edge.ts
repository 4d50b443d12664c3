import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AccountContext, AddressTransparentGroup } from "../lib/platform-stack";
import { ApiDistribution } from "./api-distribution";
import { PriceClass } from "./cloudfront";
import { BeanstalkProcess, BeanstalkRoute } from "./beanstalk-environment";
import { Certificate } from "./certificate";
import { KmsKey } from "./kms-key";
import { allowPublicWebIngress, LoadBalancer } from "./load-balancer";
import { MtlsTrustStore, MtlsTrustStoreProps } from "./mtls-trust-store";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import {
  HEALTH_CHECK_PATH,
  IDENTITY_HEADERS,
  LOGIN_GOV_PATH,
  ORIGIN_VERIFY_HEADER,
  PIV_PATH,
  SIGN_IN_PATHS,
  WEBSOCKET_PATH_PREFIX,
} from "../lib/sign-in-paths";
import { ViewerSecurityPolicy } from "../lib/aws-formats";
import { TreasuryPlaneSecurityGroups } from "./treasury-plane-security-groups";
import { LoadBalancerWebAclOptions, loadBalancerWebAcl, WebAcl } from "./web-acl";

export interface SignInEdgeProps {
  /** Prefix of resource names, e.g. `treasury-plane-prod`. */
  readonly namePrefix: string;
  readonly network: Network;
  /** The ALB's groups: `loadBalancer` (internet on 443/80) and `loadBalancerFromCloudFront`. */
  readonly securityGroups: TreasuryPlaneSecurityGroups;
  /** PIV/CAC users' host name, on the ALB's mutual-TLS listener. */
  readonly apiHostName: string;
  /** Login.gov users' host name, on CloudFront. */
  readonly loginHostName: string;
  /** Route 53 zone validating the certificates and receiving the alias records. @default - none (give certificate ARNs) */
  readonly hostedZoneId?: string;
  /** Existing regional certificate for both host names (the ALB's listeners). @default - issued in `hostedZoneId` */
  readonly apiCertificateArn?: string;
  /** Existing us-east-1 certificate for the Login.gov host name. @default - issued in `hostedZoneId` */
  readonly loginCertificateArn?: string;
  readonly caBundle: MtlsTrustStoreProps["caBundle"];
  /** @default - none */
  readonly revocationLists?: MtlsTrustStoreProps["revocationLists"];
  /** The ALB's listener without client certificates, behind the Login.gov distribution. */
  readonly noClientCertificatePort: number;
  readonly idleTimeoutSeconds: number;
  readonly deletionProtection: boolean;
  /** ALB access and connection logs, and the distribution's access logs. */
  readonly logBucket: SecureBucket;
  /** A regional web ACL on the ALB: its rules, its logs' retention and key. @default - none */
  readonly albWebAcl?: LoadBalancerWebAclOptions & { readonly logKmsKey: KmsKey };
  /** The CloudFront web ACL in front of the Login.gov distribution (per-viewer rate limit). @default - none */
  readonly cloudFrontWebAcl?: WebAcl;
  readonly viewerSecurityPolicy: ViewerSecurityPolicy;
  readonly priceClass: PriceClass;
  /** Where CloudFront certificates and log deliveries live. */
  readonly usEast1Provider: AwsProvider;
  readonly account: AccountContext;
}

/**
 * The Treasury Plane's two sign-in paths at the edge, kept apart: PIV/CAC users on the ALB's 443 in mutual
 * TLS verify mode (trust store, pinned bundle, revocation lists), Login.gov users on 443 through a
 * CloudFront distribution whose origin is the ALB's listener without client certificates, reachable from
 * CloudFront only. `processes` and `routes` send each to its own Beanstalk process and instance port. A
 * group: its resources keep the addresses they would have directly in the stack.
 */
export class SignInEdge extends AddressTransparentGroup {
  readonly trustStore: MtlsTrustStore;
  readonly loadBalancer: LoadBalancer;
  readonly loginDistribution: ApiDistribution;
  /** One Beanstalk process per sign-in path, each on its own instance port. */
  readonly processes: readonly BeanstalkProcess[];
  /** The verifying listener to the PIV process, the listener behind CloudFront to the Login.gov process. */
  readonly routes: readonly BeanstalkRoute[];
  /** The base URLs each kind of user calls, HTTPS and WebSocket: what the React apps and Django's OIDC redirects use. */
  readonly urls: {
    readonly piv: string;
    readonly loginGov: string;
    readonly pivWebSocket: string;
    readonly loginGovWebSocket: string;
  };

  constructor(scope: Construct, id: string, props: SignInEdgeProps) {
    super(scope, id);
    const { securityGroups: groups } = props;
    // Both listeners' certificate also names the Login.gov host: CloudFront forwards that Host and validates
    // the origin's certificate against it.
    const apiCertificate = new Certificate(this, "api-certificate", {
      domainName: props.apiHostName,
      subjectAlternativeNames: [props.loginHostName],
      ...(props.apiCertificateArn ? { existingCertificateArn: props.apiCertificateArn } : { hostedZoneId: props.hostedZoneId }),
    });
    this.trustStore = new MtlsTrustStore(this, "mtls-trust-store", {
      name: `${props.namePrefix}-piv`,
      caBundle: props.caBundle,
      revocationLists: props.revocationLists,
      account: props.account,
    });
    this.loadBalancer = new LoadBalancer(this, "alb", {
      network: props.network,
      name: `${props.namePrefix}-alb`,
      securityGroup: groups.loadBalancer,
      additionalSecurityGroups: [groups.loadBalancerFromCloudFront],
      certificateArn: apiCertificate.arn,
      idleTimeoutSeconds: props.idleTimeoutSeconds,
      accessLogBucket: props.logBucket,
      deletionProtection: props.deletionProtection,
      mutualTls: { trustStoreArn: this.trustStore.arn },
      noClientCertificatePort: props.noClientCertificatePort,
    });
    allowPublicWebIngress(groups.loadBalancer, "HTTPS (mutual TLS verify for PIV/CAC) from anywhere");
    if (props.albWebAcl) {
      loadBalancerWebAcl(this, "alb-waf", {
        ...props.albWebAcl,
        name: `${props.namePrefix}-alb`,
        // Login.gov requests reach the ALB from CloudFront's addresses; the CloudFront ACL limits them per viewer.
        rateLimitExemptHosts: [props.loginHostName],
        loadBalancerArn: this.loadBalancer.arn,
        associationId: "alb",
      });
    }

    const loginCertificate = new Certificate(this, "login-certificate", {
      domainName: props.loginHostName,
      provider: props.usEast1Provider,
      ...(props.loginCertificateArn ? { existingCertificateArn: props.loginCertificateArn } : { hostedZoneId: props.hostedZoneId }),
    });
    this.loginDistribution = new ApiDistribution(this, "login-edge", {
      name: `${props.namePrefix}-login`,
      domainName: props.loginHostName,
      certificateArn: loginCertificate.arn,
      viewerSecurityPolicy: props.viewerSecurityPolicy,
      hostedZoneId: props.hostedZoneId,
      origin: { loadBalancer: this.loadBalancer, port: props.noClientCertificatePort },
      blockedHeaders: IDENTITY_HEADERS,
      originSecretHeader: ORIGIN_VERIFY_HEADER,
      priceClass: props.priceClass,
      accessLogs: { bucket: props.logBucket, provider: props.usEast1Provider },
      webAclArn: props.cloudFrontWebAcl?.arn,
      account: props.account,
    });

    this.urls = {
      piv: `https://${props.apiHostName}`,
      loginGov: `https://${props.loginHostName}`,
      pivWebSocket: `wss://${props.apiHostName}${WEBSOCKET_PATH_PREFIX}`,
      loginGovWebSocket: `wss://${props.loginHostName}${WEBSOCKET_PATH_PREFIX}`,
    };
    this.processes = SIGN_IN_PATHS.map((path) => ({
      name: path.process,
      port: path.instancePort,
      healthCheckPath: HEALTH_CHECK_PATH,
      description: path.description,
    }));
    this.routes = [
      // "domain" is the rule's name from before the two paths; renaming it would only churn Beanstalk's rules.
      { listenerPort: 443, rule: "domain", hostNames: [props.apiHostName], process: PIV_PATH.process },
      {
        listenerPort: props.noClientCertificatePort,
        rule: LOGIN_GOV_PATH.process,
        hostNames: [props.loginHostName],
        process: LOGIN_GOV_PATH.process,
      },
    ];
  }
}
