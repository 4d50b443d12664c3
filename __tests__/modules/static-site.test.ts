import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecureBucket } from "../../modules/secure-bucket";
import { StaticSite, StaticSiteProps } from "../../modules/static-site";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555";
type Overrides = Partial<Omit<StaticSiteProps, "account">>;

/** A us-west-2 provider and a log bucket of its own there: what replication needs. */
function replicaRegion(stack: PlatformStack) {
  const provider = new AwsProvider(stack, "aws_replica", { region: "us-west-2", alias: "replica" });
  return { provider, accessLogBucket: new SecureBucket(stack, "replica-logs", { bucketName: "tp-logs-us-west-2", provider }) };
}

function build(stack: PlatformStack, overrides: Overrides = {}) {
  return new StaticSite(stack, "web", { name: "tp-dev-web", bucketName: "tp-web-dev", account: stack.account, ...overrides });
}

describe("StaticSite", () => {
  test("GIVEN a site THEN the bucket is private and only this distribution may read it, through Origin Access Control", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_cloudfront_origin_access_control.web_origin-access-control")).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    const distribution = resource(json, "aws_cloudfront_distribution.web_distribution");
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        domain_name: "${aws_s3_bucket.web_bucket.bucket_regional_domain_name}",
        origin_access_control_id: "${aws_cloudfront_origin_access_control.web_origin-access-control.id}",
      }),
    ]);
    expect(resource(json, "aws_s3_bucket_public_access_block.web_bucket_public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const read = policy(resource(json, "aws_s3_bucket_policy.web_bucket_policy").policy).Statement.find(
      (s) => s.Sid === "CloudFrontOriginAccessControlRead",
    );
    expect(read).toEqual({
      Sid: "CloudFrontOriginAccessControlRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: "${aws_s3_bucket.web_bucket.arn}/*",
      Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.web_distribution.arn}" } },
    });
  });

  test("GIVEN a site THEN viewers are redirected to HTTPS, responses are compressed and cached, and index.html is the root object", () => {
    const { json } = synthModule((stack) => build(stack));
    const distribution = resource(json, "aws_cloudfront_distribution.web_distribution");
    expect(distribution).toMatchObject({ enabled: true, default_root_object: "index.html", price_class: "PriceClass_100" });
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: "redirect-to-https",
      compress: true,
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
      cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    });
  });

  test("GIVEN a 403 or 404 from S3 THEN client-side routes fall back to index.html", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_cloudfront_distribution.web_distribution").custom_error_response).toEqual([
      expect.objectContaining({ error_code: 403, response_code: 200, response_page_path: "/index.html" }),
      expect.objectContaining({ error_code: 404, response_code: 200, response_page_path: "/index.html" }),
    ]);
  });

  test("GIVEN a site THEN old object versions expire after 90 days (the rollback window)", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_s3_bucket_versioning.web_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration.web_bucket_lifecycle").rule as Record<string, unknown>[];
    expect(rules[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
  });

  test("GIVEN no domain THEN the default CloudFront certificate serves the *.cloudfront.net name and no alias exists", () => {
    const { json } = synthModule((stack) => build(stack));
    const distribution = resource(json, "aws_cloudfront_distribution.web_distribution");
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
    expect(resources(json, "aws_route53_record")).toEqual({});
  });

  test("GIVEN viewerSecurityPolicy TLSv1.2_2025 THEN TLS 1.2 clients are admitted with the 2025 cipher list", () => {
    const { json } = synthModule((stack) =>
      build(stack, { domainNames: ["web.plane.example.gov"], certificateArn: CERT, viewerSecurityPolicy: "TLSv1.2_2025" }),
    );
    expect(resource(json, "aws_cloudfront_distribution.web_distribution").viewer_certificate).toMatchObject({
      minimum_protocol_version: "TLSv1.2_2025",
    });
  });

  test("GIVEN a domain, a us-east-1 certificate and a zone THEN the alias is served over SNI with TLSv1.3_2025 (TLS 1.3 only) and A/AAAA alias records point at it", () => {
    const { json } = synthModule((stack) =>
      build(stack, { domainNames: ["web.plane.example.gov"], certificateArn: CERT, hostedZoneId: "Z123" }),
    );
    const distribution = resource(json, "aws_cloudfront_distribution.web_distribution");
    expect(distribution.aliases).toEqual(["web.plane.example.gov"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: CERT,
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.3_2025",
    });
    const records = Object.values(resources(json, "aws_route53_record"));
    expect(records.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of records) {
      expect(record).toMatchObject({
        zone_id: "Z123",
        name: "web.plane.example.gov",
        alias: {
          name: "${aws_cloudfront_distribution.web_distribution.domain_name}",
          zone_id: "${aws_cloudfront_distribution.web_distribution.hosted_zone_id}",
        },
      });
    }
  });

  test("GIVEN a log bucket THEN CloudFront access logs are delivered there through us-east-1 log delivery, allowed only for this source", () => {
    const { json } = synthModule((stack) => {
      const logs = new SecureBucket(stack, "logs", { bucketName: "tp-logs-dev" });
      const usEast1 = new AwsProvider(stack, "aws_us_east_1", { region: "us-east-1", alias: "us_east_1" });
      return build(stack, { accessLogs: { bucket: logs, provider: usEast1 } });
    });
    expect(resource(json, "aws_cloudwatch_log_delivery_source.web_log-source")).toMatchObject({
      provider: "aws.us_east_1",
      log_type: "ACCESS_LOGS",
      resource_arn: "${aws_cloudfront_distribution.web_distribution.arn}",
    });
    expect(resource(json, "aws_cloudwatch_log_delivery_destination.web_log-destination")).toMatchObject({
      provider: "aws.us_east_1",
      delivery_destination_configuration: [{ destination_resource_arn: "${aws_s3_bucket.logs.arn}/cloudfront/tp-dev-web" }],
    });
    expect(resource(json, "aws_cloudwatch_log_delivery.web_log-delivery")).toMatchObject({
      provider: "aws.us_east_1",
      delivery_source_name: "${aws_cloudwatch_log_delivery_source.web_log-source.name}",
    });
    const statements = policy(resource(json, "aws_s3_bucket_policy.logs_policy").policy).Statement;
    const write = statements.find((s) => s.Sid === "CloudFrontLogstpdevwebWrite");
    expect(write).toMatchObject({
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Resource: "${aws_s3_bucket.logs.arn}/cloudfront/tp-dev-web/*",
      Condition: { ArnLike: { "aws:SourceArn": expect.stringMatching(/:delivery-source:tp-dev-web$/) } },
    });
    expect(statements.find((s) => s.Sid === "CloudFrontLogstpdevwebAclCheck")).toMatchObject({
      Action: "s3:GetBucketAcl",
      Resource: "${aws_s3_bucket.logs.arn}",
    });
  });

  test("GIVEN a log bucket THEN the site bucket's S3 server access logs go there too, with the logging service let in for this bucket only", () => {
    const { json } = synthModule((stack) => {
      const logs = new SecureBucket(stack, "logs", { bucketName: "tp-logs-dev" });
      return build(stack, { accessLogs: { bucket: logs, provider: stack.usEast1Provider } });
    });
    expect(resource(json, "aws_s3_bucket_logging.web_bucket_access-logging")).toMatchObject({
      bucket: "${aws_s3_bucket.web_bucket.id}",
      target_bucket: "${aws_s3_bucket.logs.id}",
      target_prefix: "tp-web-dev/",
    });
    const grant = policy(resource(json, "aws_s3_bucket_policy.logs_policy").policy).Statement.find(
      (s) => (s.Principal as Record<string, string>)?.Service === "logging.s3.amazonaws.com",
    );
    expect(grant).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "${aws_s3_bucket.logs.arn}/tp-web-dev/*",
      Condition: { ArnLike: { "aws:SourceArn": "${aws_s3_bucket.web_bucket.arn}" } },
    });
  });

  test("GIVEN preventDestroy THEN the site and replica buckets refuse terraform destroy; by default they do not", () => {
    const protectedSite = synthModule((stack) => {
      return build(stack, { preventDestroy: true, replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) } });
    }).json;
    expect(resource(protectedSite, "aws_s3_bucket.web_bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(protectedSite, "aws_s3_bucket.web_replica").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(synthModule((stack) => build(stack)).json, "aws_s3_bucket.web_bucket").lifecycle).toBeUndefined();
  });

  test("GIVEN a web ACL THEN the distribution is protected by it", () => {
    const { json } = synthModule((stack) => build(stack, { webAclArn: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tp/1" }));
    expect(resource(json, "aws_cloudfront_distribution.web_distribution").web_acl_id).toBe(
      "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tp/1",
    );
  });

  test("GIVEN replication THEN every version is copied to a private bucket in the replica region, after both buckets are versioned", () => {
    const { json } = synthModule((stack) => {
      return build(stack, { replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) } });
    });
    for (const address of [
      "aws_s3_bucket.web_replica",
      "aws_s3_bucket_versioning.web_replica_versioning",
      "aws_s3_bucket_public_access_block.web_replica_public-access-block",
      "aws_s3_bucket_policy.web_replica_policy",
    ]) {
      expect(resource(json, address).provider).toBe("aws.replica");
    }
    const replication = resource(json, "aws_s3_bucket_replication_configuration.web_replication");
    expect(replication).toMatchObject({
      bucket: "${aws_s3_bucket.web_bucket.id}",
      role: "${aws_iam_role.web_replication-role.arn}",
      rule: [
        expect.objectContaining({
          status: "Enabled",
          destination: { bucket: "${aws_s3_bucket.web_replica.arn}", storage_class: "STANDARD" },
        }),
      ],
    });
    expect(replication.depends_on).toEqual([
      "aws_s3_bucket_versioning.web_bucket_versioning",
      "aws_s3_bucket_versioning.web_replica_versioning",
    ]);
    const rolePolicy = policy(resource(json, "aws_iam_role_policy.web_replication-role-policy").policy).Statement;
    expect(rolePolicy.find((s) => (s.Action as string[]).includes("s3:ReplicateObject"))?.Resource).toBe(
      "${aws_s3_bucket.web_replica.arn}/*",
    );
  });

  test("GIVEN replication THEN the replica's server access logs go to the log bucket in its own region, under its name", () => {
    const { json } = synthModule((stack) => build(stack, { replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) } }));
    expect(resource(json, "aws_s3_bucket_logging.web_replica_access-logging")).toMatchObject({
      provider: "aws.replica",
      bucket: "${aws_s3_bucket.web_replica.id}",
      target_bucket: "${aws_s3_bucket.replica-logs.id}",
      target_prefix: "tp-web-dev-replica/",
    });
    expect(resource(json, "aws_s3_bucket.replica-logs").provider).toBe("aws.replica");
    expect(policy(resource(json, "aws_s3_bucket_policy.replica-logs_policy").policy).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logging.s3.amazonaws.com" },
        Resource: "${aws_s3_bucket.replica-logs.arn}/tp-web-dev-replica/*",
        Condition: {
          ArnLike: { "aws:SourceArn": "${aws_s3_bucket.web_replica.arn}" },
          StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" },
        },
      }),
    );
  });

  test("GIVEN replication with a log bucket in the source region THEN it is refused: S3 logs stay in the replica's region", () => {
    const stack = moduleTestStack();
    const { provider } = replicaRegion(stack);
    const sourceRegionLogs = new SecureBucket(stack, "logs", { bucketName: "tp-logs" });
    expect(() => build(stack, { replication: { bucketName: "tp-web-dev-replica", provider, accessLogBucket: sourceRegionLogs } })).toThrow(
      /SecureBucket "test\/web\/replica": accessLogBucket = "test\/logs": uses another provider \(region\) than this bucket; S3 server access logs stay in the source bucket's region: give the log bucket the same provider/,
    );
  });

  test("GIVEN an encryption key THEN objects are SSE-KMS and only this distribution may decrypt through CloudFront", () => {
    const { json } = synthModule((stack) => build(stack, { encryptionKey: testKey(stack, "site-key") }));
    const rule = (
      resource(json, "aws_s3_bucket_server_side_encryption_configuration.web_bucket_encryption").rule as Record<string, unknown>[]
    )[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.site-key.arn}",
    });
    const decrypt = policy(resource(json, "aws_kms_key.site-key").policy).Statement.find((s) => s.Sid === "CloudFrontDecrypttpdevweb");
    expect(decrypt).toEqual({
      Sid: "CloudFrontDecrypttpdevweb",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.web_distribution.arn}" } },
    });
  });

  test("GIVEN an encryption key and replication THEN the replica has its own key in the replica region and replication re-encrypts with it", () => {
    const { json } = synthModule((stack) => {
      return build(stack, {
        encryptionKey: testKey(stack, "site-key"),
        replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) },
      });
    });
    expect(resource(json, "aws_kms_key.web_replica-key")).toMatchObject({ provider: "aws.replica", enable_key_rotation: true });
    expect(resource(json, "aws_kms_alias.web_replica-key_alias").provider).toBe("aws.replica");
    const rule = (resource(json, "aws_s3_bucket_replication_configuration.web_replication").rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: { encryption_configuration: { replica_kms_key_id: "${aws_kms_key.web_replica-key.arn}" } },
    });
    const statements = policy(resource(json, "aws_iam_role_policy.web_replication-role-policy").policy).Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: "kms:Decrypt", Resource: "${aws_kms_key.site-key.arn}" }),
        expect.objectContaining({ Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: "${aws_kms_key.web_replica-key.arn}" }),
      ]),
    );
  });

  test("GIVEN replication THEN the distribution serves through an origin group that fails over to the replica on 5xx, 403 and 404, signed by the same origin access control", () => {
    const { json } = synthModule((stack) =>
      build(stack, {
        encryptionKey: testKey(stack, "site-key"),
        replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) },
      }),
    );
    const distribution = resource(json, "aws_cloudfront_distribution.web_distribution");
    const oac = "${aws_cloudfront_origin_access_control.web_origin-access-control.id}";
    expect(distribution.origin).toEqual([
      {
        origin_id: "s3-site",
        domain_name: "${aws_s3_bucket.web_bucket.bucket_regional_domain_name}",
        origin_access_control_id: oac,
        connection_attempts: 2,
        connection_timeout: 5,
      },
      { origin_id: "s3-replica", domain_name: "${aws_s3_bucket.web_replica.bucket_regional_domain_name}", origin_access_control_id: oac },
    ]);
    expect(distribution.origin_group).toEqual([
      {
        origin_id: "s3-failover",
        failover_criteria: { status_codes: [403, 404, 500, 502, 503, 504] },
        member: [{ origin_id: "s3-site" }, { origin_id: "s3-replica" }],
      },
    ]);
    expect(distribution.default_cache_behavior).toMatchObject({
      target_origin_id: "s3-failover",
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
    });
  });

  test("GIVEN replication THEN the replica's bucket policy and key policy admit this distribution only", () => {
    const { json } = synthModule((stack) =>
      build(stack, {
        encryptionKey: testKey(stack, "site-key"),
        replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) },
      }),
    );
    const thisDistribution = { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.web_distribution.arn}" } };
    const fromCloudFront = (statements: Record<string, unknown>[]) =>
      statements.filter((statement) => JSON.stringify(statement.Principal).includes("cloudfront.amazonaws.com"));
    expect(fromCloudFront(policy(resource(json, "aws_s3_bucket_policy.web_replica_policy").policy).Statement)).toEqual([
      {
        Sid: "CloudFrontOriginAccessControlRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: "${aws_s3_bucket.web_replica.arn}/*",
        Condition: thisDistribution,
      },
    ]);
    expect(fromCloudFront(policy(resource(json, "aws_kms_key.web_replica-key").policy).Statement)).toEqual([
      expect.objectContaining({ Action: "kms:Decrypt", Condition: thisDistribution }),
    ]);
  });

  test("GIVEN no replication THEN the distribution reads the one bucket directly, with CloudFront's default connection settings", () => {
    const distribution = resource(synthModule((stack) => build(stack)).json, "aws_cloudfront_distribution.web_distribution");
    expect(distribution.origin_group).toBeUndefined();
    expect(distribution.default_cache_behavior).toMatchObject({ target_origin_id: "s3-site" });
    expect((distribution.origin as Record<string, unknown>[])[0].connection_attempts).toBeUndefined();
  });

  test("GIVEN replication into a bucket named at plan time THEN the role and replica key are named after the site, not the bucket", () => {
    const { json } = synthModule((stack) => {
      const bucketName = `tp-web-replica-dev-${stack.account.accountId}`;
      return build(stack, { encryptionKey: testKey(stack, "site-key"), replication: { bucketName, ...replicaRegion(stack) } });
    });
    expect(resource(json, "aws_iam_role.web_replication-role").name).toBe("tp-dev-web-replication");
    expect(resource(json, "aws_kms_alias.web_replica-key_alias").name).toBe("alias/tp-dev-web-replica");
  });

  test("GIVEN replication THEN a site name too long for the 64-character role name is refused", () => {
    const stack = moduleTestStack();
    const name = "n".repeat(53);
    expect(() => build(stack, { name, replication: { bucketName: "tp-web-dev-replica", ...replicaRegion(stack) } })).toThrow(
      `StaticSite "test/web": name = "${name}": must be at most 52 characters with replication: the replication role is <name>-replication`,
    );
  });

  test("GIVEN no replication THEN there is no replica bucket or role", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resources(json, "aws_s3_bucket_replication_configuration")).toEqual({});
    expect(resources(json, "aws_iam_role")).toEqual({});
  });

  test.each([
    [
      { domainNames: ["web.example.gov"] },
      /certificateArn = \(missing\): must be given \(in us-east-1\) to cover domainNames \["web\.example\.gov"\]/,
    ],
    [{ certificateArn: CERT }, /domainNames = \[\]: must not be empty when certificateArn is given; the certificate would never be served/],
    [{ noncurrentVersionDays: 0 }, /noncurrentVersionDays = 0: must be a whole number of days >= 1/],
  ])("GIVEN %j THEN it is refused naming the construct", (overrides, message) => {
    expect(() => build(moduleTestStack(), overrides)).toThrow(new RegExp(`StaticSite "test/web": ${message.source}`));
  });

  test("GIVEN replication of a bucket onto itself THEN it is refused", () => {
    const stack = moduleTestStack();
    expect(() => build(stack, { replication: { bucketName: "tp-web-dev", ...replicaRegion(stack) } })).toThrow(
      /StaticSite "test\/web": replication\.bucketName = "tp-web-dev": must differ from bucketName "tp-web-dev"/,
    );
  });
});
