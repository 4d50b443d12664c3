import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { AccessDeniedException, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import { CloudTrailClient, DescribeTrailsCommand, ThrottlingException } from "@aws-sdk/client-cloudtrail";
import { AwsAccount, TrailInRegion } from "../../../tools/preflight/aws";
import {
  AccountServices,
  ExistingItem,
  existingServiceChecks,
  existingServiceLiveChecks,
  OnePerRegion,
  serviceMode,
} from "../../../tools/preflight/existing-services";
import { Observed } from "../../../tools/preflight/aws";
import { cannot, fixtureStack, ok, resetBetweenTests, tagsOf } from "../../support/preflight";

const DETECTOR = { aws_guardduty_detector: { guardduty: { enable: true } } };
const RECORDER = {
  aws_config_configuration_recorder: { "config-recorder": { name: "coherent-prod", role_arn: "${aws_iam_role.config.arn}" } },
  aws_config_delivery_channel: {
    "config-recorder_delivery-channel": { name: "coherent-prod", s3_bucket_name: "${aws_s3_bucket.config.bucket}" },
  },
};
const TRAIL = { aws_cloudtrail: { "audit-trail": { name: "coherent-prod-audit", is_multi_region_trail: true } } };
const ORGANIZATION_TRAIL: TrailInRegion = {
  name: "aws-controltower-BaselineCloudTrail",
  arn: "arn:aws:cloudtrail:us-east-1:999988887777:trail/aws-controltower-BaselineCloudTrail",
  multiRegion: true,
  organization: true,
};

function account(
  existing: Partial<Record<OnePerRegion, Observed<ExistingItem[]>>>,
  trails: Observed<TrailInRegion[]> = ok([]),
): AccountServices {
  return { existing: (concern) => existing[concern] ?? ok([]), trails: () => trails };
}

const coherentProd = (resource: Record<string, Record<string, Record<string, unknown>>>, security?: Record<string, string>) =>
  fixtureStack("coherent-prod", { tier: "production", resource, config: security ? { security } : {} });

describe("GuardDuty, Config and organization trails that already exist", () => {
  test.each([
    ["no detector", "pass", ok([]), /none yet; this stack creates the GuardDuty detector in us-east-1/],
    [
      "another detector",
      "fail",
      ok([{ id: "12abc34def567890", tags: {} }]),
      /already exists \(12abc34def567890\); one per account and Region/,
    ],
    [
      "this stack's detector from an earlier apply",
      "pass",
      ok([{ id: "9f0e", tags: tagsOf("coherent-prod") }]),
      /exists, created by this stack: 9f0e/,
    ],
    [
      "ListDetectors denied",
      "cannot run",
      cannot("ListDetectors in us-east-1 was denied: the credentials need guardduty:ListDetectors"),
      /guardduty:ListDetectors/,
    ],
  ] as const)("GIVEN a stack that creates a detector and %s THEN the GuardDuty row is %s", (_case, verdict, detectors, detail) => {
    const [row] = existingServiceChecks(coherentProd(DETECTOR), [], account({ guardDuty: detectors }));
    expect(row).toMatchObject({ check: "GuardDuty detector", verdict, detail: expect.stringMatching(detail) });
    if (verdict === "fail") {
      expect(row.fix).toBe('set security.guardDuty to "adopt" in config/coherent-prod.json (allowed: "create", "adopt", "off")');
    }
  });

  test("GIVEN an earlier stack in the same account creating the Region's detector THEN a second creator fails, naming the first", () => {
    const earlier = fixtureStack("coherent-staging", { resource: DETECTOR });
    const [row] = existingServiceChecks(coherentProd(DETECTOR), [earlier], account({}));
    expect(row).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("coherent-staging, applied before this stack, creates the GuardDuty detector in us-east-1"),
    });
  });

  test("GIVEN the adopt switch THEN an existing detector passes and none at all fails with the create fix", () => {
    const adopting = coherentProd({}, { guardDuty: "adopt" });
    expect(serviceMode(adopting, "guardDuty").mode).toBe("adopt");
    expect(existingServiceChecks(adopting, [], account({ guardDuty: ok([{ id: "12abc", tags: {} }]) }))[0]).toMatchObject({
      verdict: "pass",
    });
    expect(existingServiceChecks(adopting, [], account({ guardDuty: ok([]) }))[0]).toMatchObject({
      verdict: "fail",
      detail: "adopts the GuardDuty detector in us-east-1, but the account has none there",
      fix: 'set security.guardDuty to "create" in config/coherent-prod.json (allowed: "create", "adopt", "off")',
    });
  });

  test("GIVEN a detector taken over by an import block THEN the stack adopts it rather than creates one", () => {
    const stack = fixtureStack("coherent-prod", { resource: DETECTOR, imports: [{ to: "aws_guardduty_detector.guardduty", id: "12abc" }] });
    expect(serviceMode(stack, "guardDuty").mode).toBe("adopt");
  });

  test("GIVEN a stack without detector, recorder or trail THEN it gets no existing-services rows (not applicable)", () => {
    expect(existingServiceChecks(fixtureStack("coherent-dev", { resource: { aws_vpc: { vpc: {} } } }), [], account({}))).toEqual([]);
  });

  test.each([
    ["another recorder", "Config recorder", "fail", { configRecorder: ok([{ id: "default" }]) }],
    ["this stack's recorder, by name", "Config recorder", "pass", { configRecorder: ok([{ id: "coherent-prod" }]) }],
    [
      "another delivery channel",
      "Config delivery channel",
      "fail",
      { deliveryChannel: ok([{ id: "aws-controltower-BaselineConfigDeliveryChannel" }]) },
    ],
    ["DescribeDeliveryChannels throttled", "Config delivery channel", "cannot run", { deliveryChannel: cannot("throttled") }],
  ] as const)(
    "GIVEN a stack that creates a Config recorder and channel and %s THEN the %s row is %s",
    (_case, check, verdict, existing) => {
      const rows = existingServiceChecks(coherentProd(RECORDER), [], account(existing));
      const row = rows.find((entry) => entry.check === check)!;
      expect(row.verdict).toBe(verdict);
      if (verdict === "fail") expect(row.fix).toContain('set security.configRecorder to "adopt" in config/coherent-prod.json');
    },
  );

  test("GIVEN an organization trail and a stack with its own trail THEN a warning names the switch; GIVEN none THEN it passes", () => {
    const [warned] = existingServiceChecks(coherentProd(TRAIL), [], account({}, ok([ORGANIZATION_TRAIL])));
    expect(warned).toMatchObject({
      check: "organization trail",
      verdict: "warn",
      fix: 'set security.cloudTrail to "organization" in config/coherent-prod.json (allowed: "create", "organization", "off")',
    });
    expect(warned.detail).toContain(ORGANIZATION_TRAIL.arn);
    const regional = { ...ORGANIZATION_TRAIL, organization: false };
    expect(existingServiceChecks(coherentProd(TRAIL), [], account({}, ok([regional])))[0].verdict).toBe("pass");
  });

  test("GIVEN a Treasury Plane stack THEN the fix names its own switch, cloudTrail", () => {
    const [row] = existingServiceChecks(
      fixtureStack("treasury-plane-prod", { resource: TRAIL }),
      [],
      account({}, ok([ORGANIZATION_TRAIL])),
    );
    expect(row.fix).toBe('set cloudTrail to "organization" in config/treasury-plane-prod.json (allowed: "create", "organization")');
  });

  test("GIVEN cloudTrail set to organization THEN an organization trail passes, and none fails: nothing would log the account", () => {
    const relying = fixtureStack("treasury-plane-prod", { config: { cloudTrail: "organization" } });
    expect(existingServiceChecks(relying, [], account({}, ok([ORGANIZATION_TRAIL])))[0].verdict).toBe("pass");
    expect(existingServiceChecks(relying, [], account({}, ok([])))[0]).toMatchObject({
      verdict: "fail",
      fix: 'set cloudTrail to "create" in config/treasury-plane-prod.json (allowed: "create", "organization")',
    });
    expect(existingServiceChecks(relying, [], account({}, cannot()))[0].verdict).toBe("cannot run");
  });
});

describe("existing services through the SDK (GuardDuty, Config and CloudTrail mocked)", () => {
  const guardDuty = mockClient(GuardDutyClient);
  const config = mockClient(ConfigServiceClient);
  const cloudTrail = mockClient(CloudTrailClient);
  resetBetweenTests(guardDuty, config, cloudTrail);
  beforeEach(() => {
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  });
  const stack = coherentProd({ ...DETECTOR, ...RECORDER, ...TRAIL });
  const check = async (name: string) =>
    (await existingServiceLiveChecks([stack], [stack], new AwsAccount())).find((row) => row.check === name)!;

  test("GIVEN a detector on two pages of ListDetectors, one tagged by another team THEN both are read and the row fails", async () => {
    guardDuty
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ["a1"], NextToken: "page2" })
      .resolvesOnce({ DetectorIds: ["b2"] });
    guardDuty.on(GetDetectorCommand).resolves({
      Status: "ENABLED",
      ServiceRole: "arn:aws:iam::210987654321:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
      Tags: { team: "security" },
    });
    const row = await check("GuardDuty detector");
    expect(row.verdict).toBe("fail");
    expect(row.detail).toContain("(a1, b2)");
    expect(guardDuty).toHaveReceivedCommandWith(ListDetectorsCommand, { NextToken: "page2" });
    expect(guardDuty).toHaveReceivedCommandWith(GetDetectorCommand, { DetectorId: "b2" });
  });

  test("GIVEN GuardDuty denying ListDetectors THEN the row could not run and names guardduty:ListDetectors", async () => {
    guardDuty.on(ListDetectorsCommand).rejects(
      new AccessDeniedException({
        $metadata: { httpStatusCode: 403 },
        message: "User is not authorized to perform: guardduty:ListDetectors",
      }),
    );
    expect(await check("GuardDuty detector")).toMatchObject({
      verdict: "cannot run",
      detail:
        "ListDetectors in us-east-1 was denied: the credentials need guardduty:ListDetectors (docs/operations.md lists the preflight policy)",
    });
  });

  test("GIVEN only a service-linked recorder (servicePrincipal set) THEN it does not take the Region's one customer managed place", async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        {
          arn: "arn:aws:config:us-east-1:210987654321:configuration-recorder/AWSConfigurationRecorderForSecurityHub/abc",
          name: "AWSConfigurationRecorderForSecurityHub",
          servicePrincipal: "securityhub.amazonaws.com",
          recordingScope: "INTERNAL",
        },
      ],
    });
    expect((await check("Config recorder")).verdict).toBe("pass");
    config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        {
          name: "aws-controltower-BaselineConfigRecorder",
          roleARN: "arn:aws:iam::210987654321:role/aws-controltower-ConfigRecorderRole",
          recordingScope: "PAID",
        },
      ],
    });
    expect(
      (await existingServiceLiveChecks([stack], [stack], new AwsAccount())).find((row) => row.check === "Config recorder")!.verdict,
    ).toBe("fail");
  });

  test("GIVEN DescribeTrails throttled after the SDK's retries THEN the organization trail row could not run; GIVEN an organization trail THEN it warns", async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    cloudTrail
      .on(DescribeTrailsCommand)
      .rejects(new ThrottlingException({ $metadata: { httpStatusCode: 400, attempts: 3 }, message: "Rate exceeded" }));
    expect((await check("organization trail")).detail).toBe(
      "DescribeTrails in us-east-1 was throttled (ThrottlingException) after the SDK's retries; run preflight again in a minute",
    );
    cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        {
          Name: ORGANIZATION_TRAIL.name,
          TrailARN: ORGANIZATION_TRAIL.arn,
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          S3BucketName: "aws-controltower-logs",
        },
      ],
    });
    expect((await check("organization trail")).verdict).toBe("warn");
    expect(cloudTrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
  });
});
