import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { GetBucketTaggingCommand, HeadBucketCommand, ListBucketsCommand, NotFound, S3Client } from "@aws-sdk/client-s3";
import { CheckDNSAvailabilityCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { GetHostedZoneCommand, NoSuchHostedZone, Route53Client } from "@aws-sdk/client-route-53";
import { AwsAccount } from "../../../tools/preflight/aws";
import {
  bucketNamesCheck,
  bucketNamesOf,
  cnameCheck,
  cnamePrefixesOf,
  globalNameChecks,
  hostedZonesCheck,
  servedBy,
  zonesOf,
} from "../../../tools/preflight/global-names";
import { ACCOUNT, cannot, fixtureStack, ok, providerBlock, resetBetweenTests, serviceError, tagsOf } from "../../support/preflight";

const ACCOUNT_ID = "${data.aws_caller_identity.current-account.account_id}";
const stack = fixtureStack("treasury-plane-prod", {
  providers: [providerBlock("treasury-plane-prod"), providerBlock("treasury-plane-prod", { alias: "us_west_2", region: "us-west-2" })],
  resource: {
    aws_s3_bucket: {
      web: { bucket: `treasury-plane-web-prod-${ACCOUNT_ID}` },
      replica: { bucket: `treasury-plane-web-replica-prod-${ACCOUNT_ID}`, provider: "aws.us_west_2" },
      computed: { bucket: "${var.name}" },
    },
    aws_elastic_beanstalk_environment: { beanstalk: { name: "treasury-plane-prod", cname_prefix: "treasury-plane-prod" } },
    aws_route53_record: {
      api: { name: "api.plane.treasury.gov", zone_id: "Z04512345ABCDEFGHIJKL", type: "A" },
      web: { name: "web.plane.treasury.gov", zone_id: "Z04512345ABCDEFGHIJKL", type: "A" },
      validation: { name: "${each.value.resource_record_name}", zone_id: "Z04512345ABCDEFGHIJKL", type: "CNAME" },
    },
  },
});

describe("global names, live", () => {
  test("GIVEN buckets named with the plan-time account id THEN the caller's id is filled in and each bucket keeps its provider's Region", () => {
    expect(bucketNamesOf(stack, ACCOUNT)).toEqual([
      { address: "aws_s3_bucket.computed", name: undefined, region: "us-east-1" },
      { address: "aws_s3_bucket.replica", name: `treasury-plane-web-replica-prod-${ACCOUNT}`, region: "us-west-2" },
      { address: "aws_s3_bucket.web", name: `treasury-plane-web-prod-${ACCOUNT}`, region: "us-east-1" },
    ]);
  });

  test.each([
    ["free", "pass", ok({ state: "free" as const })],
    ["this stack's, from an earlier apply (its tags)", "pass", ok({ state: "ours" as const, tags: tagsOf("treasury-plane-prod") })],
    ["this account's but not this stack's", "fail", ok({ state: "ours" as const, tags: {} })],
    ["another account's", "fail", ok({ state: "taken" as const })],
    ["not readable", "cannot run", cannot("HeadBucket in us-east-1 failed: SlowDown")],
  ])("GIVEN a bucket name that is %s THEN the bucket names row is %s", (_case, verdict, owner) => {
    const bucket = { address: "aws_s3_bucket.web", name: "treasury-plane-web-prod-210987654321", region: "us-east-1" };
    const row = bucketNamesCheck(stack, [{ bucket, owner }])!;
    expect(row.verdict).toBe(verdict);
    if (verdict === "fail")
      expect(row.fix).toMatch(/terraform import aws_s3_bucket.web treasury-plane-web-prod-210987654321|choose another name/);
  });

  test("GIVEN a CNAME prefix THEN free passes, this stack's own environment passes, anyone else's fails, and an unanswered call could not run", () => {
    const [cname] = cnamePrefixesOf(stack);
    expect(cname).toEqual({
      address: "aws_elastic_beanstalk_environment.beanstalk",
      prefix: "treasury-plane-prod",
      environment: "treasury-plane-prod",
      region: "us-east-1",
    });
    expect(cnameCheck(stack, cname, ok(true)).verdict).toBe("pass");
    expect(cnameCheck(stack, cname, ok(false), ok(["treasury-plane-prod.us-east-1.elasticbeanstalk.com"])).verdict).toBe("pass");
    expect(cnameCheck(stack, cname, ok(false), ok([]))).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("treasury-plane-prod.us-east-1.elasticbeanstalk.com is taken"),
    });
    expect(cnameCheck(stack, cname, cannot("CheckDNSAvailability in us-east-1 was denied")).verdict).toBe("cannot run");
  });

  test.each([
    ["api.example.com", "example.com.", true],
    ["example.com", "example.com.", true],
    ["API.Example.com", "example.com.", true],
    ["badexample.com", "example.com.", false],
    ["api.example.org", "example.com.", false],
  ])("GIVEN record %s and zone %s THEN the zone serves it: %s", (record, zone, served) => {
    expect(servedBy(record, zone)).toBe(served);
  });

  test("GIVEN a hosted zone THEN it must exist, be public and be a suffix of the literal record names", () => {
    const [use] = zonesOf(stack);
    expect(use).toEqual({ zoneId: "Z04512345ABCDEFGHIJKL", records: ["api.plane.treasury.gov", "web.plane.treasury.gov"] });
    const check = (zone: Parameters<typeof hostedZonesCheck>[1][number]["zone"]) => hostedZonesCheck(stack, [{ use, zone }])!;
    expect(check(ok({ name: "plane.treasury.gov.", privateZone: false })).verdict).toBe("pass");
    expect(check(ok({ name: "treasury.gov.", privateZone: false })).verdict).toBe("pass");
    expect(check(ok({ name: "other.treasury.gov.", privateZone: false }))).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("does not serve api.plane.treasury.gov, web.plane.treasury.gov"),
    });
    expect(check(ok({ name: "plane.treasury.gov.", privateZone: true })).verdict).toBe("fail");
    expect(check(ok(undefined))).toMatchObject({ verdict: "fail", fix: expect.stringContaining("domain.hostedZoneId") });
    expect(check(cannot()).verdict).toBe("cannot run");
  });
});

describe("global names through the SDK (S3, Elastic Beanstalk and Route 53 mocked)", () => {
  const s3 = mockClient(S3Client);
  const beanstalk = mockClient(ElasticBeanstalkClient);
  const route53 = mockClient(Route53Client);
  resetBetweenTests(s3, beanstalk, route53);
  beforeEach(() => {
    beanstalk
      .on(CheckDNSAvailabilityCommand)
      .resolves({ Available: true, FullyQualifiedCNAME: "treasury-plane-prod.us-east-1.elasticbeanstalk.com" });
    route53.on(GetHostedZoneCommand).resolves({
      HostedZone: {
        Id: "/hostedzone/Z04512345ABCDEFGHIJKL",
        Name: "plane.treasury.gov.",
        CallerReference: "r",
        Config: { PrivateZone: false },
        ResourceRecordSetCount: 4,
      },
      DelegationSet: { NameServers: ["ns-1.awsdns-01.org"] },
    });
    s3.on(HeadBucketCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: "UnknownError" }));
  });
  const rows = async () => Object.fromEntries((await globalNameChecks(stack, ACCOUNT, new AwsAccount())).map((row) => [row.check, row]));

  test("GIVEN every name free and the zone serving the records THEN CNAME and zone pass, buckets only warn about the computed name, HeadBucket asked with the expected owner", async () => {
    const result = await rows();
    expect(result["bucket names"]).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("aws_s3_bucket.computed: the name is computed at apply"),
    });
    expect(result["Beanstalk CNAME"].verdict).toBe("pass");
    expect(result["hosted zones"].verdict).toBe("pass");
    expect(s3).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: `treasury-plane-web-prod-${ACCOUNT}`, ExpectedBucketOwner: ACCOUNT });
    expect(route53).toHaveReceivedCommandWith(GetHostedZoneCommand, { Id: "Z04512345ABCDEFGHIJKL" });
  });

  test("GIVEN HeadBucket's bodiless 403 and ListBuckets not listing the name THEN another account holds it and the row fails", async () => {
    s3.on(HeadBucketCommand).rejects(serviceError("Unknown", 403, "UnknownError"));
    s3.on(ListBucketsCommand).resolves({
      Buckets: [{ Name: `treasury-plane-web-prod-${ACCOUNT}-old`, CreationDate: new Date("2025-01-01") }],
      Owner: { ID: "abc" },
    });
    const result = await rows();
    expect(result["bucket names"].verdict).toBe("fail");
    expect(result["bucket names"].detail).toContain(`treasury-plane-web-prod-${ACCOUNT}: another account owns this name`);
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, { Prefix: `treasury-plane-web-prod-${ACCOUNT}` });
  });

  test("GIVEN a bucket of this account (HeadBucket 200) without tags THEN it is ours but not this stack's: the row fails with the import command", async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1" });
    s3.on(GetBucketTaggingCommand).rejects(serviceError("NoSuchTagSet", 404, "The TagSet does not exist"));
    const result = await rows();
    expect(result["bucket names"].fix).toContain(
      `terraform import aws_s3_bucket.web treasury-plane-web-prod-${ACCOUNT}, in cdktf.out/stacks/treasury-plane-prod`,
    );
  });

  test("GIVEN ListBuckets denied after HeadBucket's 403 THEN the row could not run and names s3:ListAllMyBuckets", async () => {
    s3.on(HeadBucketCommand).rejects(serviceError("Unknown", 403, "UnknownError"));
    s3.on(ListBucketsCommand).rejects(serviceError("AccessDenied", 403, "Access Denied"));
    expect((await rows())["bucket names"]).toMatchObject({
      verdict: "cannot run",
      detail: expect.stringContaining("the credentials need s3:ListAllMyBuckets"),
    });
  });

  test("GIVEN a taken CNAME prefix THEN DescribeEnvironments tells this stack's environment from anyone else's", async () => {
    beanstalk.on(CheckDNSAvailabilityCommand).resolves({ Available: false });
    beanstalk.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
    expect((await rows())["Beanstalk CNAME"].verdict).toBe("fail");
    expect(beanstalk).toHaveReceivedCommandWith(DescribeEnvironmentsCommand, {
      EnvironmentNames: ["treasury-plane-prod"],
      IncludeDeleted: false,
    });
    beanstalk.on(DescribeEnvironmentsCommand).resolves({
      Environments: [
        { EnvironmentName: "treasury-plane-prod", CNAME: "treasury-plane-prod.us-east-1.elasticbeanstalk.com", Status: "Ready" },
      ],
    });
    expect((await rows())["Beanstalk CNAME"].verdict).toBe("pass");
    beanstalk
      .on(CheckDNSAvailabilityCommand)
      .rejects(serviceError("AccessDenied", 403, "User is not authorized to perform: elasticbeanstalk:CheckDNSAvailability"));
    expect((await rows())["Beanstalk CNAME"].detail).toContain("the credentials need elasticbeanstalk:CheckDNSAvailability");
  });

  test("GIVEN Route 53 answering NoSuchHostedZone for a placeholder id THEN the hosted zones row fails", async () => {
    route53
      .on(GetHostedZoneCommand)
      .rejects(
        new NoSuchHostedZone({ $metadata: { httpStatusCode: 404 }, message: "No hosted zone found with ID: Z04512345ABCDEFGHIJKL" }),
      );
    expect((await rows())["hosted zones"]).toMatchObject({
      verdict: "fail",
      detail: "Z04512345ABCDEFGHIJKL: no such hosted zone in this account",
    });
  });
});
