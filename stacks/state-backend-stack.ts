import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { StateBackendConfig } from "../lib/config/state-backend";
import { PlatformStack } from "../lib/platform-stack";
import { StateBackend } from "../modules/state-backend";

export interface StateBackendStackProps {
  /** config/state-backend.json, validated. */
  readonly config: StateBackendConfig;
}

/**
 * Bootstrap stack, applied once per account with local state: creates the bucket and lock table
 * that every system stack's S3 backend points at.
 */
export class StateBackendStack extends PlatformStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, { config }: StateBackendStackProps) {
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
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    output("state_bucket", this.backend.bucket.bucketName, "Bucket every system stack's S3 backend stores its state in (`bucket`)");
    output("lock_table", this.backend.lockTable.name, "DynamoDB table the backends lock state with (`dynamodbTable`)");
    output(
      "state_kms_key_arn",
      this.backend.key.arn,
      "Key encrypting the state bucket; set it as `kmsKeyId` in config/state-backend.json after the bootstrap apply",
    );
  }
}
