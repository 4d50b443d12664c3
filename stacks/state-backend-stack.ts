import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { StateBackendConfig } from "../lib/config/state-backend";
import { PlatformStack } from "../lib/platform-stack";
import { StateBackend } from "../modules/state-backend";

export interface StateBackendStackProps {
  /** config/state-backend.json, validated. */
  readonly config: StateBackendConfig;
  /**
   * The DynamoDB lock table any config still names (this file's, or a system stack's in this bucket).
   * @default - the table of config/state-backend.json
   */
  readonly lockTable?: string;
}

/**
 * Bootstrap stack, applied once per account by `npm run bootstrap`: creates the bucket, key and lock table
 * that every system stack's S3 backend points at. Its own state starts local and moves into its own bucket
 * (`ownState: "bucket"`, key `state-backend/shared/terraform.tfstate`), so no state file is left on a laptop.
 */
export class StateBackendStack extends PlatformStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, { config, lockTable = config.dynamodbTable }: StateBackendStackProps) {
    super(scope, id, {
      system: "state-backend",
      project: "Terraform state",
      environment: "shared",
      // Every stack's state depends on it: the strictest guardrails apply.
      tier: "production",
      region: config.region,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
      stateBackend:
        config.ownState === "bucket"
          ? {
              bucket: config.bucket,
              dynamodbTable: config.dynamodbTable,
              region: config.region,
              useLockfile: config.useLockfile,
              kmsKeyId: config.kmsKeyId,
            }
          : undefined,
    });
    this.backend = new StateBackend(this, "state", {
      bucketName: config.bucket,
      lockTableName: lockTable,
      noncurrentVersionRetentionDays: config.noncurrentVersionRetentionDays,
      account: this.account,
    });
    if (lockTable === undefined) {
      // No config locks with DynamoDB any more: Terraform forgets the table instead of destroying it (it keeps
      // prevent_destroy and deletion protection); it is deleted by hand once nobody runs an old checkout
      // (https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources, Terraform >= 1.7).
      this.addOverride("removed", [{ from: "aws_dynamodb_table.state_lock-table", lifecycle: { destroy: false } }]);
    }
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    output("state_bucket", this.backend.bucket.bucketName, "Bucket every system stack's S3 backend stores its state in (`bucket`)");
    if (this.backend.lockTable) {
      output("lock_table", this.backend.lockTable.name, "DynamoDB table the backends lock state with (`dynamodbTable`)");
    }
    output(
      "state_kms_key_arn",
      this.backend.key.arn,
      "Key encrypting the state bucket and every stack's state objects; `npm run bootstrap` writes it into config/state-backend.json as `kmsKeyId`",
    );
  }
}
