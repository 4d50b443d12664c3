import { Construct } from "constructs";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { DataAwsGuarddutyDetector } from "@cdktf/provider-aws/lib/data-aws-guardduty-detector";
import { propChecks } from "../lib/construct-validation";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";

/** Protection plans worth having for an EC2 + RDS + S3 application, at no agent cost. */
export const DEFAULT_GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"] as const;

export type GuardDutyFeature =
  "S3_DATA_EVENTS" | "EKS_AUDIT_LOGS" | "EBS_MALWARE_PROTECTION" | "RDS_LOGIN_EVENTS" | "LAMBDA_NETWORK_LOGS" | "RUNTIME_MONITORING";

export interface GuardDutyProps {
  /** How soon updated findings reach EventBridge and Security Hub. @default "FIFTEEN_MINUTES" */
  readonly findingPublishingFrequency?: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
  /** Protection plans turned on besides the foundational data sources. @default DEFAULT_GUARDDUTY_FEATURES */
  readonly features?: readonly GuardDutyFeature[];
}

/**
 * The account's GuardDuty detector in this region (threat detection from CloudTrail, VPC flow and DNS
 * logs) with extra protection plans. There is one detector per account and region: where an
 * organization already manages GuardDuty centrally, do not create this.
 */
export class GuardDuty extends Construct {
  /**
   * The detector the account already has in this Region, read and never changed: in an organization
   * whose delegated administrator auto-enables GuardDuty, CreateDetector fails ("a detector already
   * exists", hashicorp/terraform-provider-aws#11780) and the administrator owns the protection plans.
   * Planning fails if the Region has no detector, before anything is applied.
   */
  static fromAccount(scope: Construct, id: string): Pick<GuardDuty, "detectorId"> {
    const existing = new DataAwsGuarddutyDetector(new Construct(scope, id), DEFAULT_CHILD_ID, {});
    return { detectorId: existing.id };
  }

  readonly detector: GuarddutyDetector;
  readonly detectorId: string;

  constructor(scope: Construct, id: string, props: GuardDutyProps = {}) {
    super(scope, id);
    const features = props.features ?? DEFAULT_GUARDDUTY_FEATURES;
    const duplicate = features.find((feature, index) => features.indexOf(feature) !== index);
    if (duplicate) propChecks(this).fail("features", duplicate, "is listed twice; each feature once");
    this.detector = new GuarddutyDetector(this, DEFAULT_CHILD_ID, {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
    });
    this.detectorId = this.detector.id;
    for (const feature of features) {
      new GuarddutyDetectorFeature(this, feature.toLowerCase().replace(/_/g, "-"), {
        detectorId: this.detector.id,
        name: feature,
        status: "ENABLED",
      });
    }
  }
}
