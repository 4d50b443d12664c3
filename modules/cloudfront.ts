/**
 * What this project's CloudFront distributions share: their common settings and access-log delivery.
 */
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudfrontDistributionConfig } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { sidOf, sourceConditions } from "../lib/iam";
import { AccountContext } from "../lib/platform-stack";
import { SecureBucket } from "./secure-bucket";

/** CloudFront's price classes: which edge locations serve (https://aws.amazon.com/cloudfront/pricing/). */
export type PriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

export interface DistributionSettingsProps {
  /** Comment of the distribution, e.g. `treasury-plane-dev-web`. */
  readonly name: string;
  /** Custom host names, served with `certificateArn`. @default - only the `*.cloudfront.net` name */
  readonly aliases?: readonly string[];
  /** ACM certificate in us-east-1 covering `aliases`. @default - CloudFront's default certificate */
  readonly certificateArn?: string;
  /** Viewer security policy for the custom names. @default "TLSv1.3_2025" */
  readonly viewerSecurityPolicy?: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: PriceClass;
  /** WAF web ACL (scope CLOUDFRONT). @default - none */
  readonly webAclArn?: string;
}

/**
 * The settings every distribution here shares: enabled, HTTP/2 and HTTP/3, IPv6, no geographic
 * restriction, the price class and web ACL, and custom names served over SNI with a modern viewer policy
 * (the default `*.cloudfront.net` certificate always allows TLSv1, so it is used only without names).
 */
export function distributionSettings(
  props: DistributionSettingsProps,
): Omit<CloudfrontDistributionConfig, "origin" | "defaultCacheBehavior"> {
  const aliases = props.aliases ?? [];
  return {
    enabled: true,
    comment: props.name,
    aliases: aliases.length > 0 ? [...aliases] : undefined,
    httpVersion: "http2and3",
    isIpv6Enabled: true,
    priceClass: props.priceClass ?? "PriceClass_100",
    webAclId: props.webAclArn,
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: props.certificateArn
      ? {
          acmCertificateArn: props.certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: props.viewerSecurityPolicy ?? "TLSv1.3_2025",
        }
      : { cloudfrontDefaultCertificate: true },
  };
}

/** Where a distribution's access logs go: `bucket` under `cloudfront/<name>/`, delivered by a us-east-1 provider. */
export interface CloudFrontAccessLogs {
  readonly bucket: SecureBucket;
  /** CloudFront's log delivery resources live in us-east-1. */
  readonly provider: AwsProvider;
}

/**
 * CloudFront standard logging (v2) of one distribution into `logs.bucket` under `cloudfront/<name>/`, with
 * the bucket policy statements that admit the delivery service for this source only. The resources are
 * created in `scope` (ids `log-source`, `log-destination`, `log-delivery`), so the caller's addresses hold.
 */
export function deliverCloudFrontAccessLogs(
  scope: Construct,
  name: string,
  distributionArn: string,
  logs: CloudFrontAccessLogs,
  account: AccountContext,
): void {
  const prefix = `cloudfront/${name}`;
  const source = new CloudwatchLogDeliverySource(scope, "log-source", {
    provider: logs.provider,
    name,
    logType: "ACCESS_LOGS",
    resourceArn: distributionArn,
  });
  const destination = new CloudwatchLogDeliveryDestination(scope, "log-destination", {
    provider: logs.provider,
    name,
    outputFormat: "w3c",
    deliveryDestinationConfiguration: [{ destinationResourceArn: `${logs.bucket.arn}/${prefix}` }],
  });
  new CloudwatchLogDelivery(scope, "log-delivery", {
    provider: logs.provider,
    deliverySourceName: source.name,
    deliveryDestinationArn: destination.arn,
  });
  const sid = `CloudFrontLogs${sidOf(name)}`;
  const fromThisSource = sourceConditions({
    account: account.accountId,
    arn: `arn:${account.partition}:logs:*:${account.accountId}:delivery-source:${name}`,
    documented: true,
  });
  logs.bucket.addToResourcePolicy({
    Sid: `${sid}AclCheck`,
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: "s3:GetBucketAcl",
    Resource: logs.bucket.arn,
    Condition: fromThisSource,
  });
  logs.bucket.addToResourcePolicy({
    Sid: `${sid}Write`,
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${logs.bucket.arn}/${prefix}/*`,
    Condition: {
      ...fromThisSource,
      StringEquals: { ...fromThisSource.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
    },
  });
}
