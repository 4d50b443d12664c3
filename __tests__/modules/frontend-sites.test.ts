import { FrontendSites, FrontendSitesProps } from "../../modules/frontend-sites";
import { SecureBucket } from "../../modules/secure-bucket";
import { cloudFrontWebAcl } from "../../modules/web-acl";
import { PlatformStack } from "../../lib/platform-stack";
import { resource, resources, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

type Overrides = Partial<Pick<FrontendSitesProps, "customDomain">> & { replicate?: boolean; webAcl?: boolean };

function build(stack: PlatformStack, { replicate, webAcl, ...overrides }: Overrides = {}) {
  return new FrontendSites(stack, "frontends", {
    namePrefix: "tp-dev",
    sites: ["web", "admin"],
    domainName: "plane.example.gov",
    keyDescription: "Test frontends",
    bucketName: (purpose) => `tp-${purpose}-dev`,
    hostedZoneId: "Z123",
    accessLogBucket: new SecureBucket(stack, "log-bucket", { bucketName: "tp-logs-dev" }),
    logRetentionDays: 90,
    usEast1Provider: stack.usEast1Provider,
    replicaProvider: replicate ? stack.providerFor("us-west-2") : undefined,
    webAcl: webAcl
      ? cloudFrontWebAcl(stack, "cloudfront-waf", {
          name: "tp-dev-cloudfront",
          usEast1Provider: stack.usEast1Provider,
          logKmsKey: testKey(stack),
        })
      : undefined,
    account: stack.account,
    ...overrides,
  });
}

describe("FrontendSites", () => {
  test("GIVEN a custom domain THEN one certificate names every site, and each site has its own bucket, distribution and alias", () => {
    const { json, construct } = synthModule((stack) => build(stack, { customDomain: {} }));
    expect(resource(json, "aws_acm_certificate.frontend-certificate")).toMatchObject({
      domain_name: "web.plane.example.gov",
      subject_alternative_names: ["admin.plane.example.gov"],
    });
    expect(Object.keys(resources(json, "aws_s3_bucket")).sort()).toEqual(["admin_bucket", "log-bucket", "web_bucket"]);
    expect(resource(json, "aws_cloudfront_distribution.admin_distribution").aliases).toEqual(["admin.plane.example.gov"]);
    expect(resource(json, "aws_kms_key.frontend-key").description).toBe("Test frontends (read by their CloudFront distributions)");
    expect(Object.keys(construct.bySite((site) => site.distributionId))).toEqual(["web", "admin"]);
  });

  test("GIVEN no custom domain THEN no certificate and no aliases: the sites answer on *.cloudfront.net", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resources(json, "aws_acm_certificate")).toEqual({});
    expect(resource(json, "aws_cloudfront_distribution.web_distribution").aliases).toBeUndefined();
  });

  test("GIVEN the system's CloudFront web ACL in a us-east-1 stack THEN every distribution is behind it and its logs use the given key", () => {
    const { json } = synthModule((stack) => build(stack, { webAcl: true }));
    expect(resource(json, "aws_wafv2_web_acl.cloudfront-waf")).toMatchObject({ name: "tp-dev-cloudfront", scope: "CLOUDFRONT" });
    for (const site of ["web", "admin"]) {
      expect(resource(json, `aws_cloudfront_distribution.${site}_distribution`).web_acl_id).toBe("${aws_wafv2_web_acl.cloudfront-waf.arn}");
    }
    expect(resource(json, "aws_cloudwatch_log_group.cloudfront-waf_log-group").kms_key_id).toBe("${aws_kms_key.key.arn}");
  });

  test("GIVEN replication THEN each site has a replica and the replicas log to one bucket in the replica region", () => {
    const { json } = synthModule((stack) => build(stack, { replicate: true }));
    expect(resource(json, "aws_s3_bucket.replica-log-bucket")).toMatchObject({
      bucket: "tp-logs-us-west-2-dev",
      provider: "aws.us_west_2",
    });
    expect(resource(json, "aws_s3_bucket.web_replica")).toMatchObject({ bucket: "tp-web-replica-dev", provider: "aws.us_west_2" });
    expect(resource(json, "aws_s3_bucket_logging.web_replica_access-logging").target_bucket).toBe("${aws_s3_bucket.replica-log-bucket.id}");
  });
});
