import * as fs from "fs";
import * as path from "path";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { CredentialsProviderError } from "@smithy/core/config";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AccessDeniedException, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetBucketEncryptionCommand, GetBucketTaggingCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { CheckDNSAvailabilityCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { GetHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AccountReader,
  AwsAccount,
  cannotRunReason,
  CredentialsUnusable,
  Observed,
  Operation,
  READ_ONLY_CALLS,
} from "../../../tools/preflight/aws";
import { ACCOUNT, resetBetweenTests, serviceError } from "../../support/preflight";

const OPERATIONS_DOC = path.join(__dirname, "..", "..", "..", "docs", "operations.md");

/** The section of docs/operations.md that documents the live preflight. */
function preflightSection(): string {
  const text = fs.readFileSync(OPERATIONS_DOC, "utf8");
  const start = text.indexOf("## The first apply in a new account, step by step");
  expect(start).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\n## ", start + 3);
  return text.slice(start, end < 0 ? undefined : end);
}

const ACTIONS = READ_ONLY_CALLS.map((call) => call.action);

describe("the calls preflight makes and the policy the docs give", () => {
  test("GIVEN the IAM policy in docs/operations.md THEN it allows exactly the actions the code calls, no more, no fewer", () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(preflightSection())?.[1];
    const policy = JSON.parse(json ?? "{}") as { Statement: { Effect: string; Action: string[] }[] };
    const allowed = policy.Statement.filter((statement) => statement.Effect === "Allow").flatMap((statement) => statement.Action);
    expect([...allowed].sort()).toEqual([...new Set(ACTIONS)].sort());
  });

  test("GIVEN the table of calls in docs/operations.md THEN every operation and its action is listed", () => {
    const rows = preflightSection()
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    const missing = READ_ONLY_CALLS.filter(
      ({ operation, action }) => !rows.some((row) => row.includes(`\`${operation}\``) && row.includes(`\`${action}\``)),
    );
    expect(missing).toEqual([]);
  });

  test("GIVEN every call preflight makes THEN each is a read: Get, List, Describe or Check, never a write", () => {
    expect(READ_ONLY_CALLS.filter((call) => !/^(Get|List|Describe|Head|Check)[A-Z]/.test(call.operation))).toEqual([]);
    expect(ACTIONS.filter((action) => !/^[a-z0-9]+:(Get|List|Describe|Check)[A-Za-z]+$/.test(action))).toEqual([]);
  });
});

describe("why a call could not run", () => {
  test.each([
    [
      "EC2's UnauthorizedOperation",
      serviceError("UnauthorizedOperation", 403),
      "DescribeAddresses",
      /was denied: the credentials need ec2:DescribeAddresses/,
    ],
    [
      "GuardDuty's AccessDeniedException",
      new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: "not authorized" }),
      "ListDetectors",
      /need guardduty:ListDetectors/,
    ],
    ["Beanstalk's AccessDenied", serviceError("AccessDenied", 403), "CheckDNSAvailability", /need elasticbeanstalk:CheckDNSAvailability/],
    ["S3's bodiless 403", serviceError("Unknown", 403, "UnknownError"), "GetBucketEncryption", /need s3:GetEncryptionConfiguration/],
    [
      "EC2's RequestLimitExceeded",
      serviceError("RequestLimitExceeded", 503),
      "DescribeVpcs",
      /was throttled \(RequestLimitExceeded\) after the SDK's retries/,
    ],
    ["a 429", serviceError("SomethingElse", 429), "GetHostedZone", /was throttled/],
    [
      "an unmodelled error",
      serviceError("OptInRequired", 403 - 3, "The account is not subscribed"),
      "ListDetectors",
      /failed: OptInRequired: The account is not subscribed$/,
    ],
    [
      "expired credentials mid-run (a 403 that is no missing permission)",
      serviceError("ExpiredToken", 403, "The security token included in the request is expired"),
      "DescribeTrails",
      /failed: ExpiredToken/,
    ],
  ] as const)("GIVEN %s THEN the reason says so", (_case, error, operation, reason) => {
    expect(cannotRunReason(error, operation as Operation, "us-east-1")).toMatch(reason);
  });
});

type Setup = (mocks: Mocks) => void;
interface Mocks {
  sts: AwsClientStub<STSClient>;
  guardDuty: AwsClientStub<GuardDutyClient>;
  config: AwsClientStub<ConfigServiceClient>;
  cloudTrail: AwsClientStub<CloudTrailClient>;
  quotas: AwsClientStub<ServiceQuotasClient>;
  ec2: AwsClientStub<EC2Client>;
  s3: AwsClientStub<S3Client>;
  beanstalk: AwsClientStub<ElasticBeanstalkClient>;
  route53: AwsClientStub<Route53Client>;
  dynamodb: AwsClientStub<DynamoDBClient>;
}

describe("every call through the SDK (all clients mocked)", () => {
  const mocks: Mocks = {
    sts: mockClient(STSClient),
    guardDuty: mockClient(GuardDutyClient),
    config: mockClient(ConfigServiceClient),
    cloudTrail: mockClient(CloudTrailClient),
    quotas: mockClient(ServiceQuotasClient),
    ec2: mockClient(EC2Client),
    s3: mockClient(S3Client),
    beanstalk: mockClient(ElasticBeanstalkClient),
    route53: mockClient(Route53Client),
    dynamodb: mockClient(DynamoDBClient),
  };
  resetBetweenTests(...Object.values(mocks));
  const denied = () => serviceError("AccessDenied", 403, "not authorized");

  // Each operation, denied where it is the call that fails (earlier calls answering), names its IAM action.
  const cases: [Operation, (reader: AccountReader) => Promise<Observed<unknown>>, Setup][] = [
    ["GetCallerIdentity", (r) => r.callerIdentity("us-east-1"), (m) => m.sts.on(GetCallerIdentityCommand).rejects(denied())],
    ["ListDetectors", (r) => r.guardDutyDetectors("us-east-1"), (m) => m.guardDuty.on(ListDetectorsCommand).rejects(denied())],
    [
      "GetDetector",
      (r) => r.guardDutyDetectors("us-east-1"),
      (m) => {
        m.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ["d1"] });
        m.guardDuty.on(GetDetectorCommand).rejects(denied());
      },
    ],
    [
      "DescribeConfigurationRecorders",
      (r) => r.configRecorders("us-east-1"),
      (m) => m.config.on(DescribeConfigurationRecordersCommand).rejects(denied()),
    ],
    [
      "DescribeDeliveryChannels",
      (r) => r.deliveryChannels("us-east-1"),
      (m) => m.config.on(DescribeDeliveryChannelsCommand).rejects(denied()),
    ],
    ["DescribeTrails", (r) => r.trails("us-east-1"), (m) => m.cloudTrail.on(DescribeTrailsCommand).rejects(denied())],
    ["GetServiceQuota", (r) => r.quota("us-east-1", "ec2", "L-0263D0A3"), (m) => m.quotas.on(GetServiceQuotaCommand).rejects(denied())],
    [
      "GetAWSDefaultServiceQuota",
      (r) => r.quota("us-east-1", "ec2", "L-0263D0A3"),
      (m) => {
        m.quotas
          .on(GetServiceQuotaCommand)
          .rejects(new NoSuchResourceException({ $metadata: { httpStatusCode: 400 }, message: "no such quota" }));
        m.quotas.on(GetAWSDefaultServiceQuotaCommand).rejects(denied());
      },
    ],
    ["DescribeAddresses", (r) => r.elasticIps("us-east-1"), (m) => m.ec2.on(DescribeAddressesCommand).rejects(denied())],
    ["DescribeVpcs", (r) => r.vpcs("us-east-1"), (m) => m.ec2.on(DescribeVpcsCommand).rejects(denied())],
    [
      "DescribeInternetGateways",
      (r) => r.internetGateways("us-east-1"),
      (m) => m.ec2.on(DescribeInternetGatewaysCommand).rejects(denied()),
    ],
    ["DescribeNatGateways", (r) => r.natGateways("us-east-1"), (m) => m.ec2.on(DescribeNatGatewaysCommand).rejects(denied())],
    [
      "DescribeSubnets",
      (r) => r.natGateways("us-east-1"),
      (m) => {
        m.ec2
          .on(DescribeNatGatewaysCommand)
          .resolves({ NatGateways: [{ NatGatewayId: "nat-1", SubnetId: "subnet-1", State: "available" }] });
        m.ec2.on(DescribeSubnetsCommand).rejects(denied());
      },
    ],
    ["DescribeSecurityGroups", (r) => r.securityGroups("us-east-1"), (m) => m.ec2.on(DescribeSecurityGroupsCommand).rejects(denied())],
    [
      "DescribeManagedPrefixLists",
      (r) => r.prefixListMaxEntries("us-east-1", { id: "pl-1" }),
      (m) => m.ec2.on(DescribeManagedPrefixListsCommand).rejects(denied()),
    ],
    // A 403 on HEAD is an answer (the bucket is someone's); HeadBucket itself can only be throttled or fail otherwise.
    [
      "HeadBucket",
      (r) => r.bucketReach("b", "us-east-1"),
      (m) => m.s3.on(HeadBucketCommand).rejects(serviceError("Unknown", 400, "UnknownError")),
    ],
    [
      "ListBuckets",
      (r) => r.bucketOwnership("b", "us-east-1", ACCOUNT),
      (m) => {
        m.s3.on(HeadBucketCommand).rejects(serviceError("Unknown", 403, "UnknownError"));
        m.s3.on(ListBucketsCommand).rejects(denied());
      },
    ],
    [
      "GetBucketTagging",
      (r) => r.bucketOwnership("b", "us-east-1", ACCOUNT),
      (m) => {
        m.s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1" });
        m.s3.on(GetBucketTaggingCommand).rejects(denied());
      },
    ],
    ["GetBucketEncryption", (r) => r.bucketEncryption("b", "us-east-1"), (m) => m.s3.on(GetBucketEncryptionCommand).rejects(denied())],
    [
      "CheckDNSAvailability",
      (r) => r.cnameAvailable("p", "us-east-1"),
      (m) => m.beanstalk.on(CheckDNSAvailabilityCommand).rejects(denied()),
    ],
    [
      "DescribeEnvironments",
      (r) => r.environmentCnames("e", "us-east-1"),
      (m) => m.beanstalk.on(DescribeEnvironmentsCommand).rejects(denied()),
    ],
    ["GetHostedZone", (r) => r.hostedZone("Z1"), (m) => m.route53.on(GetHostedZoneCommand).rejects(denied())],
    ["DescribeTable", (r) => r.lockTable("t", "us-east-1"), (m) => m.dynamodb.on(DescribeTableCommand).rejects(denied())],
  ];

  test("GIVEN the table of failing calls below THEN it covers every operation preflight makes", () => {
    expect(cases.map(([operation]) => operation).sort()).toEqual(READ_ONLY_CALLS.map((call) => call.operation).sort());
  });

  test.each(cases)(
    "GIVEN %s failing THEN the answer could not run and names that call (its IAM action where denied)",
    async (operation, call, setup) => {
      setup(mocks);
      const answer = await call(new AwsAccount());
      expect(answer.ok).toBe(false);
      const action = READ_ONLY_CALLS.find((entry) => entry.operation === operation)!.action;
      expect(answer.ok ? "" : answer.cannotRun).toMatch(
        operation === "HeadBucket" ? /^HeadBucket in us-east-1 failed/ : new RegExp(`the credentials need ${action} `),
      );
    },
  );

  test("GIVEN the same call for two stacks in one Region THEN AWS is asked once", async () => {
    mocks.ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [{ AllocationId: "eipalloc-1", PublicIp: "198.51.100.7", Domain: "vpc", Tags: [{ Key: "System", Value: "coherent" }] }],
    });
    const reader = new AwsAccount();
    const [first, second] = await Promise.all([reader.elasticIps("us-east-1"), reader.elasticIps("us-east-1")]);
    expect(first).toEqual({ ok: true, value: [{ id: "eipalloc-1", tags: { System: "coherent" } }] });
    expect(second).toBe(first);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeAddressesCommand, 1);
  });

  test("GIVEN no credentials anywhere in the default chain THEN the caller identity throws CredentialsUnusable with one line", async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(new CredentialsProviderError("Could not load credentials from any providers", { tryNextLink: false }));
    const error = await new AwsAccount().callerIdentity("us-east-1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsUnusable);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).toMatch(/^no AWS credentials found/);
  });
});
