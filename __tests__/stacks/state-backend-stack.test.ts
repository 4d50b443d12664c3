import { Testing } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { parseConfig } from "../../lib/config/load";
import { stateBackendConfig } from "../../lib/config/state-backend";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { expectPinnedAddresses, resource, synthesize } from "../support/synth";

function build(input: Record<string, unknown> = {}) {
  const config = parseConfig("state-backend.json", { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", ...input }, stateBackendConfig);
  return synthesize(new StateBackendStack(Testing.app(), "state-backend", { config }));
}

describe("state-backend stack", () => {
  test("GIVEN the state-backend stack THEN it keeps its own state locally (it creates the remote backend) and outputs what system stacks need", () => {
    const json = build();
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.state-backend.tfstate" } });
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["lock_table", "state_bucket", "state_kms_key_arn"]);
  });

  test("GIVEN the state-backend stack THEN bucket and lock table come from config and both survive terraform destroy", () => {
    const json = build({ noncurrentVersionRetentionDays: 30 });
    expect(resource(json, "aws_s3_bucket.state_bucket")).toMatchObject({ bucket: "org-tf-state", lifecycle: { prevent_destroy: true } });
    expect(resource(json, "aws_dynamodb_table.state_lock-table")).toMatchObject({
      name: "org-tf-locks",
      lifecycle: { prevent_destroy: true },
    });
    const [rule] = resource(json, "aws_s3_bucket_lifecycle_configuration.state_bucket_lifecycle").rule as Record<string, unknown>[];
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test("GIVEN cdktf's matchers THEN the lock table is keyed on LockID with point-in-time recovery", () => {
    const text = JSON.stringify(build());
    expect(text).toHaveResourceWithProperties(DynamodbTable, {
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
    });
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("GIVEN the state-backend stack THEN its terraform addresses are pinned", () => {
    expectPinnedAddresses(build(), "state-backend");
  });
});
