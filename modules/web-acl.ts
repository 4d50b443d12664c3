import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { propChecks } from "../lib/construct-validation";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";

/** AWS managed rule groups applied in this order: common exploits, known bad inputs, bad IP reputation. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
] as const;

export interface WebAclProps {
  readonly name: string;
  /** `REGIONAL` for load balancers; `CLOUDFRONT` for distributions (must use a us-east-1 provider). */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /** @default - the stack's provider */
  readonly provider?: TerraformProvider;
  /** Requests one IP may make in 5 minutes before it is blocked. @default 2000 */
  readonly rateLimitPerFiveMinutes?: number;
  /**
   * Host names the per-IP rate limit does not count: requests for them arrive from a CDN's few addresses
   * (CloudFront's), and the CDN's own ACL limits them by the viewer's address. @default - none
   */
  readonly rateLimitExemptHosts?: readonly string[];
  /** Retention of the WAF log group. @default 90 */
  readonly logRetentionDays?: number;
  /** Encrypts the WAF log group. @default - CloudWatch Logs' own encryption */
  readonly logKmsKey?: KmsKey;
}

/** A WAFv2 web ACL with AWS managed rule groups, a per-IP rate limit, and logging to CloudWatch Logs. */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly arn: string;
  private readonly props: WebAclProps;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPerFiveMinutes ?? 2000;
    propChecks(this).expect(
      Number.isInteger(rateLimit) && rateLimit >= 10 && rateLimit <= 2_000_000_000,
      "rateLimitPerFiveMinutes",
      rateLimit,
      "must be a whole number from 10 to 2000000000",
    );
    this.props = props;
    const visibility = (metricName: string) => ({
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: metricName,
    });
    const rules = [
      ...MANAGED_RULE_GROUPS.map((group, index) => ({
        Name: group,
        Priority: index + 1,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group } },
        VisibilityConfig: visibility(group),
      })),
      {
        Name: "rate-limit-per-ip",
        Priority: MANAGED_RULE_GROUPS.length + 1,
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            Limit: rateLimit,
            AggregateKeyType: "IP",
            ...(props.rateLimitExemptHosts?.length && { ScopeDownStatement: notForHosts(props.rateLimitExemptHosts) }),
          },
        },
        VisibilityConfig: visibility("rate-limit-per-ip"),
      },
    ];
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

/** A WAF statement matching requests whose Host header is none of `hosts` (case-insensitive, exact). */
function notForHosts(hosts: readonly string[]) {
  const forHost = (host: string) => ({
    ByteMatchStatement: {
      FieldToMatch: { SingleHeader: { Name: "host" } },
      PositionalConstraint: "EXACTLY",
      SearchString: host.toLowerCase(),
      TextTransformations: [{ Priority: 0, Type: "LOWERCASE" }],
    },
  });
  const match = hosts.length === 1 ? forHost(hosts[0]) : { OrStatement: { Statements: hosts.map(forHost) } };
  return { NotStatement: { Statement: match } };
}

/**
 * A web ACL for CloudFront distributions: scope CLOUDFRONT, created in us-east-1 where CloudFront's ACLs and
 * their log groups live. `logKmsKey` encrypts the logs only when it is in us-east-1 too (a KMS key serves
 * its own region only); elsewhere CloudWatch Logs' own encryption applies.
 */
export function cloudFrontWebAcl(
  scope: Construct,
  id: string,
  props: Omit<WebAclProps, "scope" | "provider"> & { readonly usEast1Provider: TerraformProvider; readonly logKmsKeyRegion: string },
): WebAcl {
  const { usEast1Provider, logKmsKeyRegion, logKmsKey, ...rest } = props;
  return new WebAcl(scope, id, {
    ...rest,
    scope: "CLOUDFRONT",
    provider: usEast1Provider,
    logKmsKey: logKmsKeyRegion === "us-east-1" ? logKmsKey : undefined,
  });
}
