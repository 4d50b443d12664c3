import { Construct } from "constructs";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { propChecks } from "../lib/construct-validation";
import { CLOUDFRONT_ORIGIN_HTTPS_PORT, inRange, LOAD_BALANCER_NAME } from "../lib/aws-formats";
import { sidOf } from "../lib/iam";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { AlarmTopic } from "./alarm-topic";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import { SecurityGroup } from "./security-group";

/** TLS 1.3 with TLS 1.2 as the floor: the ALB policy AWS recommends. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * Client-certificate authentication on the HTTPS listener, `verify` mode: the ALB checks chain, expiry and
 * the trust store's revocation lists during the handshake and refuses a client without a valid certificate.
 * (Passthrough mode is not offered: it lets a client without a certificate through, and AWS documents no
 * stripping of a certificate header that client sends itself, so the target could not tell a forged one.)
 */
export interface MutualTlsProps {
  /** Trust store holding the CA bundle clients are verified against (PIV/CAC roots). */
  readonly trustStoreArn: string;
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
  /** Client-certificate authentication on the HTTPS listener (port 443). @default - none */
  readonly mutualTls?: MutualTlsProps;
  /**
   * Port of a second HTTPS listener (same certificate and TLS policy) that asks for no client certificate:
   * the origin of a CloudFront distribution for users without one while 443 runs mutual TLS. It is opened
   * to CloudFront's origin-facing addresses only (`allowCloudFrontOriginIngress`), never to the internet.
   * @default - no second listener
   */
  readonly noClientCertificatePort?: number;
  /** Further security groups of the ALB (e.g. the CloudFront origin group). @default - none */
  readonly additionalSecurityGroups?: readonly SecurityGroup[];
  /** The HTTPS listener's default action. @default - fixed 404 response */
  readonly defaultAction?: LbListenerDefaultAction;
}

/** A target group behind the load balancer, as its alarms name and find it. */
export interface AlarmedTargetGroup {
  /** Part of the alarm's name, e.g. `api` or a Beanstalk process name. */
  readonly name: string;
  /** Who its targets serve, for the notification, e.g. `the Fastify API (port 4000)`. */
  readonly serves: string;
  /** CloudWatch's TargetGroup dimension, `targetgroup/<name>/<id>` (the target group's `arn_suffix`). */
  readonly arnSuffix: string;
}

export interface LoadBalancerAlarmOptions {
  readonly targetGroups: readonly AlarmedTargetGroup[];
  /** HTTP 5xx responses the load balancer answers itself (no healthy target, timeouts) per minute, above which it alarms. */
  readonly elb5xxPerMinute: number;
  /** The objective for the 95th percentile of TargetResponseTime, in seconds. */
  readonly responseTimeP95Seconds: number;
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
  /** Port of `noClientCertificateListener`. @default - undefined without it */
  readonly noClientCertificatePort?: number;
  readonly httpListener: LbListener;
  readonly arn: string;
  /** The `app/<name>/<id>` part of the ARN that CloudWatch metrics use as the LoadBalancer dimension. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  private readonly props: LoadBalancerProps;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    validate(this, props);
    this.props = props;
    const logPrefix = props.name;
    if (props.accessLogBucket) {
      const bucket = props.accessLogBucket;
      const elbAccount = new DataAwsElbServiceAccount(this, "elb-account", {});
      bucket.addToResourcePolicy({
        Sid: `${sidOf(props.name)}LogDelivery`,
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
      securityGroups: [props.securityGroup.id, ...(props.additionalSecurityGroups ?? []).map((group) => group.id)],
      subnets: props.network.publicSubnetIds,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: props.deletionProtection,
      accessLogs: logs(true),
      connectionLogs: logs(props.mutualTls !== undefined),
      // Internet-facing: created once the VPC routes to its internet gateway (Network.internetRoute).
      dependsOn: [props.network.internetRoute, ...(props.accessLogBucket ? [props.accessLogBucket.policy] : [])],
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
        mutualAuthentication: mutualTls && {
          mode: "verify",
          trustStoreArn: mutualTls.trustStoreArn,
          ignoreClientCertificateExpiry: false,
        },
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
      this.noClientCertificatePort = props.noClientCertificatePort;
      this.noClientCertificateListener = httpsListener("no-client-certificate-listener", props.noClientCertificatePort, undefined);
      this.httpsListeners.push(this.noClientCertificateListener);
    }
    this.httpListener = new LbListener(this, "http-listener", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
  }

  /**
   * What users feel, notifying `topic`: the load balancer answering 5xx itself, no healthy target in a target
   * group, and slow responses. HealthyHostCount is reported as long as health checks run, so its silence is
   * treated as the outage it is; the error count and response time are reported only when there are requests,
   * so quiet is fine (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
   */
  addAlarms(topic: AlarmTopic, options: LoadBalancerAlarmOptions): void {
    const name = this.props.name;
    const dimensions = { LoadBalancer: this.arnSuffix };
    const check = propChecks(this);
    check.expect(options.targetGroups.length > 0, "targetGroups", options.targetGroups, "must list the target groups behind the listeners");
    topic.addAlarm(`${this.node.id}-elb-5xx`, {
      alarmName: `${name}-elb-5xx`,
      description: `${name} answered more than ${options.elb5xxPerMinute} requests a minute with its own 5xx (502/503/504: no healthy target, or targets too slow or refusing) for 2 minutes.`,
      runbook: "load-balancer-5xx-or-no-healthy-hosts",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: options.elb5xxPerMinute,
      periodSeconds: 60,
      evaluationPeriods: 2,
      treatMissingData: "notBreaching",
    });
    for (const group of options.targetGroups) {
      topic.addAlarm(`${this.node.id}-${group.name}-no-healthy-hosts`, {
        alarmName: `${name}-${group.name}-no-healthy-hosts`,
        description: `No healthy target behind ${name} for ${group.serves} for 2 minutes: its users get 502/503.`,
        runbook: "load-balancer-5xx-or-no-healthy-hosts",
        namespace: "AWS/ApplicationELB",
        metricName: "HealthyHostCount",
        dimensions: { ...dimensions, TargetGroup: group.arnSuffix },
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 2,
        treatMissingData: "breaching",
      });
    }
    topic.addAlarm(`${this.node.id}-response-time-p95`, {
      alarmName: `${name}-response-time-p95`,
      description: `95% of responses through ${name} took longer than the objective of ${options.responseTimeP95Seconds} s for 15 minutes.`,
      runbook: "slow-responses",
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions,
      statistic: "p95",
      comparisonOperator: "GreaterThanThreshold",
      threshold: options.responseTimeP95Seconds,
      periodSeconds: 300,
      evaluationPeriods: 3,
      treatMissingData: "notBreaching",
    });
  }

  /**
   * TLS handshakes that failed, which is how refused client certificates show on the mutual-TLS listener (an
   * expired, revoked or unknown PIV card, or a CA bundle or CRL the ALB can no longer use). The metric counts
   * the whole load balancer (it has no listener dimension), so the threshold sits above the background of
   * scanners and clients without a card; set it from the first week's numbers.
   */
  addClientTlsAlarm(topic: AlarmTopic, errorsPerFiveMinutes: number): void {
    if (!this.props.mutualTls) {
      propChecks(this).fail("mutualTls", undefined, "must be set for a client TLS alarm: it watches client-certificate handshakes");
    }
    topic.addAlarm(`${this.node.id}-client-tls-errors`, {
      alarmName: `${this.props.name}-client-tls-errors`,
      description: `More than ${errorsPerFiveMinutes} TLS handshakes with ${this.props.name} failed in each of two 5-minute periods: PIV/CAC users may be refused (CA bundle, revocation lists, expired cards).`,
      runbook: "piv-handshakes-failing",
      namespace: "AWS/ApplicationELB",
      metricName: "ClientTLSNegotiationErrorCount",
      dimensions: { LoadBalancer: this.arnSuffix },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: errorsPerFiveMinutes,
      periodSeconds: 300,
      evaluationPeriods: 2,
      // Reported only when non-zero.
      treatMissingData: "notBreaching",
    });
  }
}

/**
 * Opens a public load balancer's security group to the internet: HTTPS on 443, and HTTP that only
 * redirects. Both are deliberate entry points, so the guardrail finding is suppressed here, once, with
 * the reason. A listener without client certificates is never opened here: see `allowCloudFrontOriginIngress`.
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

/**
 * CloudFront's origin-facing servers, an AWS-managed prefix list
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list).
 * In a security group it counts as its weight, 55 rules, against the inbound rules quota (60 by default)
 * (https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html#aws-managed-prefix-list-weights),
 * so it gets a group of its own.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * Opens `port` of `group` (a load balancer's) to CloudFront's origin-facing servers only: the listener
 * behind a distribution, which nothing else on the internet can reach.
 */
export function allowCloudFrontOriginIngress(group: SecurityGroup, port: number, description: string): void {
  const cloudFront = new DataAwsEc2ManagedPrefixList(group, "cloudfront-origin-facing", { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST });
  group.addIngress(`https-${port}-from-cloudfront`, { description, port, from: { prefixListId: cloudFront.id } });
}

function validate(loadBalancer: LoadBalancer, props: LoadBalancerProps): void {
  const check = propChecks(loadBalancer);
  check.format("name", props.name, LOAD_BALANCER_NAME);
  const idle = props.idleTimeoutSeconds ?? 60;
  check.expect(Number.isInteger(idle) && idle >= 1 && idle <= 4000, "idleTimeoutSeconds", idle, "must be 1-4000");
  const port = props.noClientCertificatePort;
  if (port !== undefined) {
    check.expect(inRange(CLOUDFRONT_ORIGIN_HTTPS_PORT, port), "noClientCertificatePort", port, CLOUDFRONT_ORIGIN_HTTPS_PORT.allowed);
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
