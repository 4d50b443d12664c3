import { GuardDuty } from "../../modules/guardduty";
import { moduleTestStack, resource, resources, synthesize, synthModule } from "../support/synth";

describe("GuardDuty", () => {
  test("GIVEN the defaults THEN the detector is on, publishes every 15 minutes, and protects S3, EBS and RDS logins", () => {
    const { json } = synthModule((stack) => new GuardDuty(stack, "guardduty"));
    expect(resource(json, "aws_guardduty_detector.guardduty")).toEqual({ enable: true, finding_publishing_frequency: "FIFTEEN_MINUTES" });
    const features = Object.values(resources(json, "aws_guardduty_detector_feature"));
    expect(features.map((feature) => feature.name).sort()).toEqual(["EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"]);
    for (const feature of features)
      expect(feature).toMatchObject({ detector_id: "${aws_guardduty_detector.guardduty.id}", status: "ENABLED" });
  });

  test("GIVEN chosen features and frequency THEN exactly those are enabled", () => {
    const { json } = synthModule(
      (stack) => new GuardDuty(stack, "guardduty", { features: ["RUNTIME_MONITORING"], findingPublishingFrequency: "ONE_HOUR" }),
    );
    expect(resource(json, "aws_guardduty_detector.guardduty").finding_publishing_frequency).toBe("ONE_HOUR");
    expect(Object.keys(resources(json, "aws_guardduty_detector_feature"))).toEqual(["guardduty_runtime-monitoring"]);
  });

  test("GIVEN a feature listed twice THEN it is refused", () => {
    expect(() => new GuardDuty(moduleTestStack(), "guardduty", { features: ["S3_DATA_EVENTS", "S3_DATA_EVENTS"] })).toThrow(
      /GuardDuty "test\/guardduty": features = "S3_DATA_EVENTS": is listed twice; each feature once/,
    );
  });

  test("GIVEN the account's own detector THEN it is read by a data source, and nothing of GuardDuty is created or changed", () => {
    const stack = moduleTestStack();
    const existing = GuardDuty.fromAccount(stack, "guardduty");
    const json = synthesize(stack);
    expect(json.data?.aws_guardduty_detector).toEqual({ guardduty: {} });
    expect(resources(json, "aws_guardduty_detector")).toEqual({});
    expect(resources(json, "aws_guardduty_detector_feature")).toEqual({});
    expect(existing.detectorId).toMatch(/TfToken/);
  });
});
