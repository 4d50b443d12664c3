import { Construct } from "constructs";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontKeyValueStore } from "@cdktf/provider-aws/lib/cloudfront-key-value-store";
import { CloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/cloudfront-origin-request-policy";
import { propChecks } from "../lib/construct-validation";
import {
  CLOUDFRONT_FUNCTION_NAME,
  CLOUDFRONT_MANAGED_POLICY,
  CLOUDFRONT_ORIGIN_HTTPS_PORT,
  inRange,
  MAX_ORIGIN_REQUEST_POLICY_HEADERS,
} from "../lib/aws-formats";
import { AccountContext } from "../lib/platform-stack";
import { CloudFrontAccessLogs, deliverCloudFrontAccessLogs, distributionSettings, PriceClass } from "./cloudfront";
import { DnsAlias } from "./dns-alias";
import { LoadBalancer } from "./load-balancer";
import { ViewerSecurityPolicy } from "../lib/aws-formats";

/** The key of the origin secret in the distribution's key value store. */
export const ORIGIN_SECRET_KEY = "origin-verify";
const ORIGIN_ID = "load-balancer";

export interface ApiDistributionProps {
  /** Name of the function, key value store, origin request policy and log delivery, e.g. `treasury-plane-prod-login`. */
  readonly name: string;
  /** The public host name, e.g. `login.plane.treasury.gov`. */
  readonly domainName: string;
  /** ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn: string;
  /** @default "TLSv1.3_2025" */
  readonly viewerSecurityPolicy?: ViewerSecurityPolicy;
  /** Route 53 zone receiving the alias record of `domainName`. @default - no record */
  readonly hostedZoneId?: string;
  /**
   * The origin: a listener of `loadBalancer` on `port` (443 or 1024-65535), HTTPS only. The viewer's Host
   * is forwarded, and CloudFront then validates the origin's certificate against it, so the load
   * balancer's certificate must cover `domainName` too.
   */
  readonly origin: { readonly loadBalancer: LoadBalancer; readonly port: number };
  /** Viewer headers that never reach the origin: left out by the origin request policy and deleted by the function. */
  readonly blockedHeaders: readonly string[];
  /**
   * The header the function sets from the key value store's ORIGIN_SECRET_KEY, which the origin checks.
   * Operators write the secret into the store (never Terraform: it would be in state); until then the
   * function answers 503.
   */
  readonly originSecretHeader: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: PriceClass;
  /** @default - not logged */
  readonly accessLogs?: CloudFrontAccessLogs;
  /** WAF web ACL (scope CLOUDFRONT): rate limits by the viewer's own address. @default - none */
  readonly webAclArn?: string;
  readonly account: AccountContext;
}

/**
 * CloudFront in front of an API listener that only CloudFront can reach (the caller opens that listener to
 * CloudFront's origin-facing prefix list): viewers on 443 with a modern TLS policy, nothing cached,
 * WebSockets through, every viewer header but the blocked ones forwarded, and a viewer-request function
 * that adds the origin secret from a CloudFront key value store, so the origin can tell this distribution
 * from any other (anyone can create a distribution pointing at a public load balancer).
 */
export class ApiDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly distributionId: string;
  /** The `*.cloudfront.net` host name. */
  readonly distributionDomainName: string;
  /** Where operators put the origin secret (`aws cloudfront-keyvaluestore put-key --kvs-arn ...`). */
  readonly keyValueStoreArn: string;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    validate(this, props);
    const store = new CloudfrontKeyValueStore(this, "origin-secret-store", {
      name: `${props.name}-origin`,
      comment: `Holds ${ORIGIN_SECRET_KEY}: the ${props.originSecretHeader} value ${props.domainName}'s origin requires`,
    });
    this.keyValueStoreArn = store.arn;
    const originSecret = new CloudfrontFunction(this, "origin-secret-function", {
      name: `${props.name}-origin-secret`,
      runtime: "cloudfront-js-2.0",
      comment: `Adds ${props.originSecretHeader} from the key value store; drops identity headers`,
      publish: true,
      keyValueStoreAssociations: [store.arn],
      code: originSecretFunctionCode(props.blockedHeaders, props.originSecretHeader),
    });
    const requestPolicy = new CloudfrontOriginRequestPolicy(this, "origin-request-policy", {
      name: props.name,
      comment: `Every viewer header but ${props.blockedHeaders.join(", ")}; all cookies and query strings`,
      headersConfig: { headerBehavior: "allExcept", headers: { items: [...props.blockedHeaders] } },
      cookiesConfig: { cookieBehavior: "all" },
      queryStringsConfig: { queryStringBehavior: "all" },
    });

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      ...distributionSettings({ ...props, aliases: [props.domainName] }),
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: props.origin.loadBalancer.dnsName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: props.origin.port,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        // An API: no redirect that would turn a POST into a GET.
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CLOUDFRONT_MANAGED_POLICY.cachingDisabled,
        originRequestPolicyId: requestPolicy.id,
        responseHeadersPolicyId: CLOUDFRONT_MANAGED_POLICY.securityHeaders,
        functionAssociation: [{ eventType: "viewer-request", functionArn: originSecret.arn }],
      },
    });
    this.distributionId = this.distribution.id;
    this.distributionDomainName = this.distribution.domainName;

    if (props.hostedZoneId) {
      new DnsAlias(this, "dns", {
        hostedZoneId: props.hostedZoneId,
        names: [props.domainName],
        target: { dnsName: this.distribution.domainName, zoneId: this.distribution.hostedZoneId },
        ipv6: true,
      });
    }
    if (props.accessLogs) deliverCloudFrontAccessLogs(this, props.name, this.distribution.arn, props.accessLogs, props.account);
  }
}

/**
 * The viewer-request function (JavaScript runtime 2.0, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html):
 * deletes the blocked headers and sets the origin secret read from the associated key value store
 * (`cf.kvs()`, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-custom-methods.html).
 * Without a secret in the store it answers 503 itself: the origin would refuse the request anyway.
 */
export function originSecretFunctionCode(blockedHeaders: readonly string[], originSecretHeader: string): string {
  return `import cf from "cloudfront";

var store = cf.kvs();
var BLOCKED = ${JSON.stringify(blockedHeaders.map((header) => header.toLowerCase()))};

async function handler(event) {
  var request = event.request;
  for (var i = 0; i < BLOCKED.length; i++) delete request.headers[BLOCKED[i]];
  var secret;
  try {
    secret = await store.get(${JSON.stringify(ORIGIN_SECRET_KEY)});
  } catch (error) {
    return { statusCode: 503, statusDescription: "Service Unavailable" };
  }
  request.headers[${JSON.stringify(originSecretHeader.toLowerCase())}] = { value: secret };
  return request;
}
`;
}

function validate(distribution: ApiDistribution, props: ApiDistributionProps): void {
  const check = propChecks(distribution);
  check.format("name", `${props.name}-origin-secret`, CLOUDFRONT_FUNCTION_NAME);
  check.expect(
    inRange(CLOUDFRONT_ORIGIN_HTTPS_PORT, props.origin.port) || props.origin.port === 443,
    "origin.port",
    props.origin.port,
    "must be 443 or 1024-65535",
  );
  check.expect(
    props.blockedHeaders.length >= 1 && props.blockedHeaders.length <= MAX_ORIGIN_REQUEST_POLICY_HEADERS,
    "blockedHeaders",
    props.blockedHeaders,
    `must list 1-${MAX_ORIGIN_REQUEST_POLICY_HEADERS} headers (an origin request policy's quota)`,
  );
}
