import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { StateBackendConfig } from "../lib/config/state-backend";
import { PlatformStack } from "../lib/platform-stack";
import { StateBackend } from "../modules/state-backend";

/**
 * Bootstrap stack, applied once per account with local state: creates the bucket and lock table
 * that every system stack's S3 backend points at.
 */
export class StateBackendStack extends PlatformStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, config: StateBackendConfig) {
    super(scope, id, {
      system: "state-backend",
      project: "Terraform state",
      environment: "shared",
      // Every stack's state depends on it: the strictest guardrails apply.
      tier: "production",
      region: config.region,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
    });
    this.backend = new StateBackend(this, "state", {
      bucketName: config.bucket,
      lockTableName: config.dynamodbTable,
      noncurrentVersionRetentionDays: config.noncurrentVersionRetentionDays,
      account: this.account,
    });
    new TerraformOutput(this, "state_bucket", { value: this.backend.bucket.bucketName });
    new TerraformOutput(this, "lock_table", { value: this.backend.lockTable.name });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.backend.key.arn });
  }
}
