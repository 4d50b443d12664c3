import { ConfigRecorder, ConfigRecorderProps } from "../../modules/config-recorder";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";

function recorder(stack: PlatformStack, overrides: Partial<ConfigRecorderProps> = {}): ConfigRecorder {
  return new ConfigRecorder(stack, "config-recorder", {
    namePrefix: "coherent-prod",
    account: stack.account,
    bucketName: "coherent-prod-config",
    ...overrides,
  });
}

describe("ConfigRecorder", () => {
  test("GIVEN the recorder THEN it records every supported type including global ones, with the AWS_ConfigRole", () => {
    const { json } = synthModule((stack) => recorder(stack));
    expect(resource(json, "aws_config_configuration_recorder.config-recorder")).toEqual({
      name: "coherent-prod",
      role_arn: "${aws_iam_role.config-recorder_role.arn}",
      recording_group: { all_supported: true, include_global_resource_types: true },
    });
    expect(policy(resource(json, "aws_iam_role.config-recorder_role").assume_role_policy).Statement[0].Principal).toEqual({
      Service: "config.amazonaws.com",
    });
    expect(resource(json, "aws_iam_role_policy_attachment.config-recorder_role-policy").policy_arn).toBe(
      "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/service-role/AWS_ConfigRole",
    );
  });

  test("GIVEN the delivery channel THEN it writes daily snapshots to its own bucket after the bucket policy exists, and recording starts after it", () => {
    const { json } = synthModule((stack) => recorder(stack));
    expect(resource(json, "aws_config_delivery_channel.config-recorder_delivery-channel")).toMatchObject({
      s3_bucket_name: "${aws_s3_bucket.config-recorder_bucket.bucket}",
      snapshot_delivery_properties: { delivery_frequency: "TwentyFour_Hours" },
      depends_on: ["aws_config_configuration_recorder.config-recorder", "aws_s3_bucket_policy.config-recorder_bucket_policy"],
    });
    expect(resource(json, "aws_config_configuration_recorder_status.config-recorder_status")).toMatchObject({
      name: "${aws_config_configuration_recorder.config-recorder.name}",
      is_enabled: true,
      depends_on: ["aws_config_delivery_channel.config-recorder_delivery-channel"],
    });
  });

  test("GIVEN a production stack THEN the bucket refuses destroy", () => {
    // The construct's resource, not synthesized JSON: a bare production stack would fail the guardrails.
    expect(recorder(moduleTestStack("test", "production")).bucket.bucket.lifecycle).toEqual({ preventDestroy: true });
  });

  test("GIVEN the bucket THEN only AWS Config of this account may write, only under AWSLogs/<account>/Config, and plain HTTP is refused", () => {
    const { json } = synthModule((stack) => recorder(stack));
    const statements = policy(resource(json, "aws_s3_bucket_policy.config-recorder_bucket_policy").policy).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(["DenyInsecureTransport", "ConfigBucketCheck", "ConfigDelivery"]);
    expect(statements[2]).toMatchObject({
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "${aws_s3_bucket.config-recorder_bucket.arn}/AWSLogs/${data.aws_caller_identity.current-account.account_id}/Config/*",
      Condition: { StringEquals: { "AWS:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" } },
    });
  });

  test("GIVEN a second region THEN global resources can be left to the first", () => {
    const { json } = synthModule((stack) => recorder(stack, { includeGlobalResources: false, preventDestroy: false }));
    expect(resource(json, "aws_config_configuration_recorder.config-recorder")).toMatchObject({
      recording_group: { include_global_resource_types: false },
    });
    expect(resource(json, "aws_s3_bucket.config-recorder_bucket").lifecycle).toBeUndefined();
  });

  test("GIVEN a retention of zero days THEN it is refused", () => {
    expect(() => recorder(moduleTestStack(), { retentionDays: 0 })).toThrow(
      /ConfigRecorder "test\/config-recorder": retentionDays = 0: must be a whole number >= 1/,
    );
  });
});
