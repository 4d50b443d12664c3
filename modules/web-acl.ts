import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2IpSet } from "@cdktf/provider-aws/lib/wafv2-ip-set";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { propChecks } from "../lib/construct-validation";
import { IPV4_CIDR, WAF_MAX_PATH_PREFIXES, WAF_RATE_LIMIT } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";

/** AWS managed rule groups applied in this order: common exploits, known bad inputs, bad IP reputation. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
] as const;

/**
 * The common rule set's rule that blocks request bodies over 8 KB, and the label it puts on such a request
 * even when it only counts (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
 */
export const BODY_SIZE_RULE = { name: "SizeRestrictions_BODY", label: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } as const;

/** What an application changes in the ACL: where large bodies are fine, how large, and how many requests an address may send. */
export interface WebAclRules {
  /**
   * Path prefixes that take bodies over 8 KB (uploads, API writes): `SizeRestrictions_BODY` only counts there
   * and a rule of this ACL blocks its label everywhere else. The part of a body past what WAF inspects
   * (8 KB behind an ALB, 16 KB behind CloudFront) goes unchecked on these paths.
   * @default - none: bodies over 8 KB are blocked everywhere
   */
  readonly bodyPaths?: readonly string[];
  /** Requests declaring a larger body (Content-Length, in MiB) are blocked on every path. @default - no limit of the ACL's own */
  readonly maxRequestBodyMb?: number;
  /** Requests one address may send in 5 minutes. @default 2000 */
  readonly rateLimitPerFiveMinutes?: number;
  /** Path prefixes of sign-in, held to the stricter `signInRateLimitPerFiveMinutes`. @default - none */
  readonly signInPaths?: readonly string[];
  /** Sign-in requests one address may send in 5 minutes; below the general limit. @default 100 */
  readonly signInRateLimitPerFiveMinutes?: number;
  /**
   * IPv4 ranges no rate limit counts: an agency's shared egress (TIC, NAT), where thousands of users leave
   * through a few addresses. The managed rules still apply to them. @default - none
   */
  readonly rateLimitExemptCidrs?: readonly string[];
}

export interface WebAclProps extends WebAclRules {
  readonly name: string;
  /** `REGIONAL` for load balancers; `CLOUDFRONT` for distributions (must use a us-east-1 provider). */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /** @default - the stack's provider */
  readonly provider?: TerraformProvider;
  /**
   * Host names the rate limits do not count: requests for them arrive from a CDN's few addresses
   * (CloudFront's), and the CDN's own ACL limits them by the viewer's address. @default - none
   */
  readonly rateLimitExemptHosts?: readonly string[];
  /** Retention of the WAF log group. @default 90 */
  readonly logRetentionDays?: number;
  /** Encrypts the WAF log group. @default - CloudWatch Logs' own encryption */
  readonly logKmsKey?: KmsKey;
}

type Statement = Record<string, unknown>;
/** nginx's `m`: 1024 x 1024 bytes, so the ACL and nginx draw the line at the same byte. */
const MIB = 1024 * 1024;

/**
 * A WAFv2 web ACL: a limit on declared body size, AWS managed rule groups (with the 8 KB body rule relaxed on
 * the paths that take bodies), per-IP rate limits (a stricter one for sign-in), and logging to CloudWatch Logs.
 */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly arn: string;
  private readonly props: WebAclProps;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    validate(this, props);
    this.props = props;
    const visibility = (metricName: string) => ({
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: metricName,
    });
    const bodyPaths = props.bodyPaths ?? [];
    const signInPaths = props.signInPaths ?? [];
    const exemptCidrs = props.rateLimitExemptCidrs ?? [];
    const exemptAddresses =
      exemptCidrs.length > 0
        ? new Wafv2IpSet(this, "rate-limit-exempt", {
            provider: props.provider,
            name: `${props.name}-rate-limit-exempt`,
            description: "Shared egress of agencies (TIC, NAT): not counted by the rate limits",
            scope: props.scope,
            ipAddressVersion: "IPV4",
            addresses: [...exemptCidrs],
          })
        : undefined;
    // What the rate limits count: neither the exempt hosts nor the exempt addresses.
    const counted: Statement[] = [
      ...(props.rateLimitExemptHosts?.length ? [not(anyOf(props.rateLimitExemptHosts.map(forHost)))] : []),
      ...(exemptAddresses ? [not({ IPSetReferenceStatement: { ARN: exemptAddresses.arn } })] : []),
    ];
    const block = (name: string, statement: Statement) => ({
      Name: name,
      Action: { Block: {} },
      Statement: statement,
      VisibilityConfig: visibility(name),
    });
    const rateLimit = (name: string, limit: number, scopeDown: Statement[]) =>
      block(name, {
        RateBasedStatement: { Limit: limit, AggregateKeyType: "IP", ...(scopeDown.length && { ScopeDownStatement: allOf(scopeDown) }) },
      });
    const rules = [
      ...(props.maxRequestBodyMb !== undefined
        ? [
            // WAF compares text only: the declared length must not be a number above the maximum. Chunked
            // bodies declare none; the origin's own limit (nginx client_max_body_size) refuses those.
            block("max-request-body", {
              RegexMatchStatement: {
                FieldToMatch: { SingleHeader: { Name: "content-length" } },
                RegexString: integerAboveRegex(props.maxRequestBodyMb * MIB),
                TextTransformations: [{ Priority: 0, Type: "NONE" }],
              },
            }),
          ]
        : []),
      ...MANAGED_RULE_GROUPS.map((group) => ({
        Name: group,
        OverrideAction: { None: {} },
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: "AWS",
            Name: group,
            ...(group === "AWSManagedRulesCommonRuleSet" &&
              bodyPaths.length > 0 && { RuleActionOverrides: [{ Name: BODY_SIZE_RULE.name, ActionToUse: { Count: {} } }] }),
          },
        },
        VisibilityConfig: visibility(group),
      })),
      ...(bodyPaths.length > 0
        ? [
            block("body-over-8kb-outside-body-paths", {
              AndStatement: {
                Statements: [
                  { LabelMatchStatement: { Scope: "LABEL", Key: BODY_SIZE_RULE.label } },
                  not(anyOf(bodyPaths.map(pathStartsWith))),
                ],
              },
            }),
          ]
        : []),
      ...(signInPaths.length > 0
        ? [
            rateLimit("rate-limit-sign-in", props.signInRateLimitPerFiveMinutes ?? 100, [
              anyOf(signInPaths.map(pathStartsWith)),
              ...counted,
            ]),
          ]
        : []),
      rateLimit("rate-limit-per-ip", props.rateLimitPerFiveMinutes ?? 2000, counted),
    ].map((rule, index) => ({ ...rule, Priority: index }));
    this.acl = new Wafv2WebAcl(this, DEFAULT_CHILD_ID, {
      provider: props.provider,
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      ruleJson: JSON.stringify(rules),
      visibilityConfig: { sampledRequestsEnabled: true, cloudwatchMetricsEnabled: true, metricName: props.name },
    });
    this.arn = this.acl.arn;

    // WAF only logs to groups whose name starts with aws-waf-logs-.
    props.logKmsKey?.allowCloudWatchLogs();
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider: props.provider,
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.logKmsKey?.arn,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      provider: props.provider,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logGroup.arn],
    });
  }

  /** Protects a regional resource (an ALB) with this ACL. CloudFront takes the ACL ARN on the distribution. */
  associate(id: string, resourceArn: string): Wafv2WebAclAssociation {
    if (this.props.scope !== "REGIONAL") {
      propChecks(this).fail(
        "scope",
        this.props.scope,
        "must be REGIONAL to associate(): a CLOUDFRONT ACL is attached through the distribution's web_acl_id",
      );
    }
    return new Wafv2WebAclAssociation(this, id, { provider: this.props.provider, webAclArn: this.arn, resourceArn });
  }
}

const not = (statement: Statement): Statement => ({ NotStatement: { Statement: statement } });
/** WAF's And and Or take two statements at least: one stands alone. */
const anyOf = (statements: Statement[]): Statement =>
  statements.length === 1 ? statements[0] : { OrStatement: { Statements: statements } };
const allOf = (statements: Statement[]): Statement =>
  statements.length === 1 ? statements[0] : { AndStatement: { Statements: statements } };

/** Requests for `host` (case-insensitive, exact). */
const forHost = (host: string): Statement => ({
  ByteMatchStatement: {
    FieldToMatch: { SingleHeader: { Name: "host" } },
    PositionalConstraint: "EXACTLY",
    SearchString: host.toLowerCase(),
    TextTransformations: [{ Priority: 0, Type: "LOWERCASE" }],
  },
});

/**
 * Requests whose path starts with `prefix` once decoded and normalized, so `/api/%2e%2e/login` or `//login` cannot
 * pose as a body path or slip past a sign-in limit (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html).
 */
const pathStartsWith = (prefix: string): Statement => ({
  ByteMatchStatement: {
    FieldToMatch: { UriPath: {} },
    PositionalConstraint: "STARTS_WITH",
    SearchString: prefix,
    TextTransformations: [
      { Priority: 0, Type: "URL_DECODE" },
      { Priority: 1, Type: "NORMALIZE_PATH" },
    ],
  },
});

/**
 * A regular expression matching exactly the decimal numbers above `limit` (leading zeros allowed): how a rule
 * compares a header's number, since WAF matches headers as text. More digits, or the same count with a higher
 * digit where the two first differ.
 */
export function integerAboveRegex(limit: number): string {
  const digits = String(limit);
  const alternatives = [`[1-9]\\d{${digits.length},}`];
  [...digits].forEach((digit, index) => {
    if (digit === "9") return;
    const rest = digits.length - index - 1;
    alternatives.push(`${digits.slice(0, index)}[${Number(digit) + 1}-9]${rest ? `\\d{${rest}}` : ""}`);
  });
  return `^0*(${alternatives.join("|")})$`;
}

function validate(acl: WebAcl, props: WebAclProps): void {
  const check = propChecks(acl);
  const general = props.rateLimitPerFiveMinutes ?? 2000;
  check.range("rateLimitPerFiveMinutes", general, WAF_RATE_LIMIT);
  if (props.signInPaths?.length) {
    const signIn = props.signInRateLimitPerFiveMinutes ?? 100;
    check.range("signInRateLimitPerFiveMinutes", signIn, WAF_RATE_LIMIT);
    check.expect(
      signIn < general,
      "signInRateLimitPerFiveMinutes",
      signIn,
      `must be below rateLimitPerFiveMinutes (${general}): it is the stricter limit`,
    );
  }
  for (const name of ["bodyPaths", "signInPaths"] as const) {
    const paths = props[name] ?? [];
    check.expect(paths.length <= WAF_MAX_PATH_PREFIXES, name, paths, `must list at most ${WAF_MAX_PATH_PREFIXES} path prefixes`);
    for (const path of paths) check.expect(/^\/\S*$/.test(path), name, path, "must be path prefixes starting with /");
  }
  const max = props.maxRequestBodyMb;
  if (max !== undefined)
    check.expect(Number.isInteger(max) && max >= 1, "maxRequestBodyMb", max, "must be a whole number of MiB, at least 1");
  for (const cidr of props.rateLimitExemptCidrs ?? []) check.format("rateLimitExemptCidrs", cidr, IPV4_CIDR);
}

/** A regional web ACL in front of a load balancer, as an edge module takes it: its rules, its logs' retention and key. */
export interface LoadBalancerWebAclOptions {
  /** Retention of the WAF log group. */
  readonly logRetentionDays: number;
  /** Encrypts the WAF log group. @default - CloudWatch Logs' own encryption */
  readonly logKmsKey?: KmsKey;
  /** @default - the ACL's defaults (see WebAclRules) */
  readonly rules?: WebAclRules;
}

/**
 * A web ACL of scope REGIONAL built from `options` and associated with a load balancer: the association is
 * the ACL's child `associationId`.
 */
export function loadBalancerWebAcl(
  scope: Construct,
  id: string,
  props: LoadBalancerWebAclOptions &
    Pick<WebAclProps, "name" | "rateLimitExemptHosts"> & { readonly loadBalancerArn: string; readonly associationId: string },
): WebAcl {
  const { rules, loadBalancerArn, associationId, ...rest } = props;
  const acl = new WebAcl(scope, id, { ...rules, ...rest, scope: "REGIONAL" });
  acl.associate(associationId, loadBalancerArn);
  return acl;
}

/**
 * A web ACL for CloudFront distributions: scope CLOUDFRONT, created in us-east-1 where CloudFront's ACLs and
 * their log groups live. `logKmsKey` encrypts the logs only when it is in us-east-1 too (a KMS key serves
 * its own region only); elsewhere CloudWatch Logs' own encryption applies.
 */
export function cloudFrontWebAcl(
  scope: Construct,
  id: string,
  props: Omit<WebAclProps, "scope" | "provider"> & { readonly usEast1Provider: TerraformProvider },
): WebAcl {
  const { usEast1Provider, logKmsKey, ...rest } = props;
  return new WebAcl(scope, id, {
    ...rest,
    scope: "CLOUDFRONT",
    provider: usEast1Provider,
    logKmsKey: logKmsKey?.region === "us-east-1" ? logKmsKey : undefined,
  });
}
