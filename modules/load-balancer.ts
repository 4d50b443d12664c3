import { Construct } from "constructs";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerDefaultAction, LbListenerMutualAuthentication } from "@cdktf/provider-aws/lib/lb-listener";
import { propChecks } from "../lib/construct-validation";
import { LOAD_BALANCER_NAME } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import { SecurityGroup } from "./security-group";

/** TLS 1.3 with TLS 1.2 as the floor: the ALB policy AWS recommends. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * The headers an ALB adds for the target in each mutual TLS mode
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html#mtls-http-headers):
 * `verify` forwards what it validated about the leaf certificate; `passthrough` forwards the whole chain
 * the client presented, URL-encoded PEM, leaf first, unverified.
 */
export const MTLS_CLIENT_CERTIFICATE_HEADERS = {
  verify: [
    "X-Amzn-Mtls-Clientcert-Serial-Number",
    "X-Amzn-Mtls-Clientcert-Issuer",
    "X-Amzn-Mtls-Clientcert-Subject",
    "X-Amzn-Mtls-Clientcert-Validity",
    "X-Amzn-Mtls-Clientcert-Leaf",
  ],
  passthrough: ["X-Amzn-Mtls-Clientcert"],
} as const;

/**
 * `verify`: the ALB checks chain, expiry (and the trust store's revocation lists) during the handshake and
 * refuses a client without a valid certificate. `passthrough`: every client gets in, and a presented chain
 * reaches the target unverified, which must then validate it against the same CA bundle.
 */
export type MutualTlsProps =
  | {
      readonly mode: "verify";
      /** Trust store holding the CA bundle clients are verified against (PIV/CAC roots). */
      readonly trustStoreArn: string;
    }
  | {
      readonly mode: "passthrough";
      /**
       * Name of the header carrying the client chain to targets.
       * @default "X-Amzn-Mtls-Clientcert"
       */
      readonly clientCertificateHeaderName?: string;
    };

export interface LoadBalancerProps {
  readonly network: Network;
  /** ALB name (at most 32 characters). */
  readonly name: string;
  readonly securityGroup: SecurityGroup;
  /** ACM certificate for the HTTPS listener. */
  readonly certificateArn: string;
  /** @default DEFAULT_SSL_POLICY (TLS 1.3, minimum TLS 1.2) */
  readonly sslPolicy?: string;
  /** Seconds an idle connection (e.g. a quiet WebSocket) is kept open. @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Access logs (and connection logs with mutual TLS) go to this bucket under `<name>/`. @default - not logged */
  readonly accessLogBucket?: SecureBucket;
  readonly deletionProtection: boolean;
  /** Client-certificate authentication on the HTTPS listener (port 443). @default - none */
  readonly mutualTls?: MutualTlsProps;
  /**
   * Port of a second HTTPS listener (same certificate, TLS policy and routing) that asks for no client
   * certificate: the way in for users without one while 443 runs mutual TLS in `verify` mode.
   * @default - no second listener
   */
  readonly noClientCertificatePort?: number;
  /** The HTTPS listener's default action. @default - fixed 404 response */
  readonly defaultAction?: LbListenerDefaultAction;
}

/**
 * An internet-facing Application Load Balancer in the public subnets: HTTPS listener with a modern TLS
 * policy (and optional mutual TLS), HTTP permanently redirected to HTTPS, invalid headers dropped.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  /** The HTTPS listener on port 443 (with mutual TLS when configured). */
  readonly httpsListener: LbListener;
  /** The second HTTPS listener, without client certificates. @default - undefined without `noClientCertificatePort` */
  readonly noClientCertificateListener?: LbListener;
  /** Every HTTPS listener, 443 first: targets attach to all of them. */
  readonly httpsListeners: LbListener[];
  /** Ports of `httpsListeners`, in the same order. */
  readonly httpsPorts: readonly number[];
  /** Headers the targets receive about client certificates on port 443 (empty without mutual TLS). */
  readonly clientCertificateHeaders: readonly string[];
  readonly httpListener: LbListener;
  readonly arn: string;
  /** The `app/<name>/<id>` part of the ARN that CloudWatch metrics use as the LoadBalancer dimension. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    validate(this, props);
    const logPrefix = props.name;
    if (props.accessLogBucket) {
      const bucket = props.accessLogBucket;
      const elbAccount = new DataAwsElbServiceAccount(this, "elb-account", {});
      bucket.addToResourcePolicy({
        Sid: `${props.name.replace(/[^A-Za-z0-9]/g, "")}LogDelivery`,
        Effect: "Allow",
        Principal: { AWS: elbAccount.arn },
        Action: "s3:PutObject",
        Resource: `${bucket.arn}/${logPrefix}/AWSLogs/*`,
      });
    }
    const logs = (enabled: boolean) =>
      props.accessLogBucket && enabled ? { bucket: props.accessLogBucket.bucketName, prefix: logPrefix, enabled: true } : undefined;

    this.alb = new Lb(this, DEFAULT_CHILD_ID, {
      name: props.name,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [props.securityGroup.id],
      subnets: props.network.publicSubnetIds,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: props.deletionProtection,
      accessLogs: logs(true),
      connectionLogs: logs(props.mutualTls !== undefined),
      dependsOn: props.accessLogBucket ? [props.accessLogBucket.policy] : undefined,
    });
    this.arn = this.alb.arn;
    this.arnSuffix = this.alb.arnSuffix;
    this.dnsName = this.alb.dnsName;
    this.zoneId = this.alb.zoneId;

    const httpsListener = (id: string, port: number, mutualTls: MutualTlsProps | undefined) =>
      new LbListener(this, id, {
        loadBalancerArn: this.alb.arn,
        port,
        protocol: "HTTPS",
        certificateArn: props.certificateArn,
        sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
        mutualAuthentication: mutualTls && mutualAuthentication(mutualTls),
        routingHttpRequestXAmznMtlsClientcertHeaderName:
          mutualTls?.mode === "passthrough" ? mutualTls.clientCertificateHeaderName : undefined,
        defaultAction: [
          props.defaultAction ?? {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" },
          },
        ],
      });
    this.httpsListener = httpsListener("https-listener", 443, props.mutualTls);
    this.httpsListeners = [this.httpsListener];
    if (props.noClientCertificatePort !== undefined) {
      this.noClientCertificateListener = httpsListener("no-client-certificate-listener", props.noClientCertificatePort, undefined);
      this.httpsListeners.push(this.noClientCertificateListener);
    }
    this.httpsPorts = [443, ...(props.noClientCertificatePort !== undefined ? [props.noClientCertificatePort] : [])];
    this.clientCertificateHeaders = clientCertificateHeaders(props.mutualTls);
    this.httpListener = new LbListener(this, "http-listener", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
  }
}

/**
 * Opens a public load balancer's security group to the internet: HTTPS on 443 and on any further HTTPS
 * ports of the load balancer, and HTTP that only redirects. All are deliberate entry points, so the
 * guardrail finding is suppressed here, once, with the reason.
 */
export function allowPublicWebIngress(group: SecurityGroup, httpsDescription: string, loadBalancer?: LoadBalancer): void {
  const httpsReason = "the public entry point: TLS 1.2+ terminates at the load balancer (WAF in front in production)";
  suppress(
    group.addIngress("https-from-internet", { description: httpsDescription, port: 443, from: { cidr: "0.0.0.0/0" } }),
    "sg-world-ingress",
    httpsReason,
  );
  for (const port of loadBalancer?.httpsPorts.filter((httpsPort) => httpsPort !== 443) ?? []) {
    suppress(
      group.addIngress(`https-${port}-from-internet`, {
        description: `HTTPS without client certificates on ${port} from anywhere`,
        port,
        from: { cidr: "0.0.0.0/0" },
      }),
      "sg-world-ingress",
      httpsReason,
    );
  }
  suppress(
    group.addIngress("http-from-internet", {
      description: "HTTP from anywhere, redirected to HTTPS",
      port: 80,
      from: { cidr: "0.0.0.0/0" },
    }),
    "sg-world-ingress",
    "port 80 only answers with a permanent redirect to HTTPS",
  );
}

function mutualAuthentication(mutualTls: MutualTlsProps): LbListenerMutualAuthentication {
  // The trust store and the expiry check belong to verify mode; passthrough takes neither.
  return mutualTls.mode === "verify"
    ? { mode: "verify", trustStoreArn: mutualTls.trustStoreArn, ignoreClientCertificateExpiry: false }
    : { mode: "passthrough" };
}

function clientCertificateHeaders(mutualTls: MutualTlsProps | undefined): readonly string[] {
  if (!mutualTls) return [];
  if (mutualTls.mode === "verify") return MTLS_CLIENT_CERTIFICATE_HEADERS.verify;
  return [mutualTls.clientCertificateHeaderName ?? MTLS_CLIENT_CERTIFICATE_HEADERS.passthrough[0]];
}

function validate(loadBalancer: LoadBalancer, props: LoadBalancerProps): void {
  const check = propChecks(loadBalancer);
  check.format("name", props.name, LOAD_BALANCER_NAME);
  const idle = props.idleTimeoutSeconds ?? 60;
  check.expect(Number.isInteger(idle) && idle >= 1 && idle <= 4000, "idleTimeoutSeconds", idle, "must be 1-4000");
  const port = props.noClientCertificatePort;
  if (port !== undefined) {
    check.expect(
      Number.isInteger(port) && port >= 1 && port <= 65535 && port !== 80 && port !== 443,
      "noClientCertificatePort",
      port,
      "must be a port from 1 to 65535 other than 80 (redirect) and 443 (HTTPS)",
    );
  }
  if (props.sslPolicy !== undefined) {
    check.expect(
      /^ELBSecurityPolicy-(TLS13-1-[23]|FS-1-2|TLS-1-2)/.test(props.sslPolicy),
      "sslPolicy",
      props.sslPolicy,
      "must enforce TLS 1.2 or newer (an ELBSecurityPolicy-TLS13-1-2*, -TLS13-1-3*, -FS-1-2* or -TLS-1-2* policy)",
    );
  }
}
