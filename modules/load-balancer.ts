import { Construct } from "constructs";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import { SecurityGroup } from "./security-group";

/** TLS 1.3 with TLS 1.2 as the floor: the ALB policy AWS recommends. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface MutualTlsProps {
  /** Trust store holding the CA bundle clients are verified against (PIV/CAC roots). */
  readonly trustStoreArn: string;
  /** `verify`: the ALB checks the chain and expiry; `passthrough`: the target gets the raw chain. */
  readonly mode: "verify" | "passthrough";
  /**
   * Name of the header carrying the client leaf certificate (URL-encoded PEM) to targets.
   * @default "X-Amzn-Mtls-Clientcert"
   */
  readonly clientCertificateHeaderName?: string;
}

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
  /** Client-certificate authentication on the HTTPS listener. @default - none */
  readonly mutualTls?: MutualTlsProps;
  /** The HTTPS listener's default action. @default - fixed 404 response */
  readonly defaultAction?: LbListenerDefaultAction;
}

/**
 * An internet-facing Application Load Balancer in the public subnets: HTTPS listener with a modern TLS
 * policy (and optional mutual TLS), HTTP permanently redirected to HTTPS, invalid headers dropped.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  readonly arn: string;
  /** The `app/<name>/<id>` part of the ARN that CloudWatch metrics use as the LoadBalancer dimension. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    validate(id, props);
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

    this.httpsListener = new LbListener(this, "https-listener", {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: "HTTPS",
      certificateArn: props.certificateArn,
      sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
      mutualAuthentication: props.mutualTls && {
        mode: props.mutualTls.mode,
        trustStoreArn: props.mutualTls.trustStoreArn,
        ignoreClientCertificateExpiry: false,
      },
      routingHttpRequestXAmznMtlsClientcertHeaderName: props.mutualTls?.clientCertificateHeaderName,
      defaultAction: [
        props.defaultAction ?? {
          type: "fixed-response",
          fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" },
        },
      ],
    });
    this.httpListener = new LbListener(this, "http-listener", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
  }
}

/**
 * Opens a public load balancer's security group to the internet: HTTPS, and HTTP that only redirects.
 * Both are deliberate entry points, so the guardrail finding is suppressed here, once, with the reason.
 */
export function allowPublicWebIngress(group: SecurityGroup, httpsDescription: string): void {
  suppress(
    group.addIngress("https-from-internet", { description: httpsDescription, port: 443, from: { cidr: "0.0.0.0/0" } }),
    "sg-world-ingress",
    "the public entry point: TLS 1.2+ terminates at the load balancer (WAF in front in production)",
  );
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

function validate(id: string, props: LoadBalancerProps): void {
  const fail = (message: string) => {
    throw new Error(`LoadBalancer "${id}": ${message}`);
  };
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(props.name) || props.name.startsWith("internal-")) {
    fail(`name must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen, got "${props.name}"`);
  }
  const idle = props.idleTimeoutSeconds ?? 60;
  if (!Number.isInteger(idle) || idle < 1 || idle > 4000) fail(`idleTimeoutSeconds must be 1-4000, got ${idle}`);
  if (props.sslPolicy !== undefined && !/^ELBSecurityPolicy-(TLS13-1-[23]|FS-1-2|TLS-1-2)/.test(props.sslPolicy)) {
    fail(
      `sslPolicy must enforce TLS 1.2 or newer (an ELBSecurityPolicy-TLS13-1-2*, -TLS13-1-3*, -FS-1-2* or -TLS-1-2* policy), got "${props.sslPolicy}"`,
    );
  }
}
