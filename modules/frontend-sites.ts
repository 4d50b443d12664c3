import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { AccountContext, AddressTransparentGroup } from "../lib/platform-stack";
import { Certificate } from "./certificate";
import { PriceClass } from "./cloudfront";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";
import { ViewerSecurityPolicy } from "../lib/aws-formats";
import { StaticSite } from "./static-site";
import { WebAcl } from "./web-acl";

export interface FrontendSitesProps {
  /** Prefix of resource names: `<namePrefix>-<site>`, key alias `<namePrefix>-frontends`. */
  readonly namePrefix: string;
  /** The single-page apps, each served as `<site>.<domainName>` from its own bucket and distribution. */
  readonly sites: readonly string[];
  /** Parent domain of the sites, e.g. `plane.treasury.gov`. */
  readonly domainName: string;
  /** Description of the sites' KMS key, e.g. `Treasury Plane frontend buckets`. */
  readonly keyDescription: string;
  /** Globally unique bucket name for a purpose: a site (`web`), its replica (`web-replica`), `logs-<region>`. */
  readonly bucketName: (purpose: string) => string;
  /**
   * Serve the sites on their own names with one us-east-1 certificate for all of them: an existing one,
   * or one validated in `hostedZoneId`. @default - only the `*.cloudfront.net` names
   */
  readonly customDomain?: { readonly existingCertificateArn?: string };
  /** Route 53 zone validating the certificate and receiving the sites' alias records. @default - none */
  readonly hostedZoneId?: string;
  /** @default "TLSv1.3_2025" */
  readonly viewerSecurityPolicy?: ViewerSecurityPolicy;
  /** @default "PriceClass_100" */
  readonly priceClass?: PriceClass;
  /** CloudFront and site-bucket access logs land here. */
  readonly accessLogBucket: SecureBucket;
  /** A WAF web ACL (scope CLOUDFRONT, see `cloudFrontWebAcl`) in front of every distribution. @default - none */
  readonly webAcl?: WebAcl;
  /** Retention of the replicas' access logs. */
  readonly logRetentionDays: number;
  /** Provider in us-east-1, where CloudFront certificates, web ACLs and log deliveries live. */
  readonly usEast1Provider: AwsProvider;
  /** Replicate every site bucket to this provider's region (DR). @default - no replication */
  readonly replicaProvider?: AwsProvider;
  readonly account: AccountContext;
}

/**
 * The frontends: one private, KMS-encrypted bucket and CloudFront distribution per single-page app, sharing
 * a certificate, a key, the system's CloudFront web ACL and (with replication) a log bucket in the replica region. A group:
 * its children keep the addresses they would have directly in the stack.
 */
export class FrontendSites extends AddressTransparentGroup {
  readonly sites: Readonly<Record<string, StaticSite>>;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: FrontendSitesProps) {
    super(scope, id);
    const hostNames = props.sites.map((site) => `${site}.${props.domainName}`);
    const certificate =
      props.customDomain &&
      new Certificate(this, "frontend-certificate", {
        domainName: hostNames[0],
        subjectAlternativeNames: hostNames.slice(1),
        provider: props.usEast1Provider,
        ...(props.customDomain.existingCertificateArn
          ? { existingCertificateArn: props.customDomain.existingCertificateArn }
          : { hostedZoneId: props.hostedZoneId }),
      });
    this.key = new KmsKey(this, "frontend-key", {
      alias: `${props.namePrefix}-frontends`,
      description: `${props.keyDescription} (read by their CloudFront distributions)`,
      account: props.account,
    });
    const replicaProvider = props.replicaProvider;
    // The replicas' server access logs: S3 delivers them only within the replica's own region.
    const replicaLogBucket =
      replicaProvider &&
      new SecureBucket(this, "replica-log-bucket", {
        bucketName: props.bucketName(`logs-${replicaProvider.region}`),
        lifecycleRules: [{ id: "expire-logs", expirationDays: props.logRetentionDays, noncurrentExpirationDays: 30 }],
        provider: replicaProvider,
      });
    this.sites = Object.fromEntries(
      props.sites.map((site, index) => [
        site,
        new StaticSite(this, site, {
          name: `${props.namePrefix}-${site}`,
          bucketName: props.bucketName(site),
          encryptionKey: this.key,
          domainNames: certificate ? [hostNames[index]] : undefined,
          certificateArn: certificate ? certificate.arn : undefined,
          hostedZoneId: certificate ? props.hostedZoneId : undefined,
          viewerSecurityPolicy: props.viewerSecurityPolicy,
          priceClass: props.priceClass,
          noncurrentVersionDays: 90,
          accessLogs: { bucket: props.accessLogBucket, provider: props.usEast1Provider },
          webAclArn: props.webAcl?.arn,
          replication:
            replicaProvider && replicaLogBucket
              ? { bucketName: props.bucketName(`${site}-replica`), provider: replicaProvider, accessLogBucket: replicaLogBucket }
              : undefined,
          account: props.account,
        }),
      ]),
    );
  }

  /** One value per site, e.g. `{ web: <bucket name>, admin: ..., space: ... }` for an output. */
  bySite(value: (site: StaticSite) => string): Record<string, string> {
    return Object.fromEntries(Object.entries(this.sites).map(([name, site]) => [name, value(site)]));
  }
}
