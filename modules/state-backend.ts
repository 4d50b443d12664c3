import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AccountContext } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

export interface StateBackendProps {
  /** Bucket for every stack's state file. */
  readonly bucketName: string;
  /** DynamoDB lock table (hash key `LockID`). */
  readonly lockTableName: string;
  readonly account: AccountContext;
  /** Old state versions are kept this long after being superseded. @default 90 */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * The S3 bucket and DynamoDB table behind Terraform's S3 backend. Both are protected from
 * `terraform destroy`: losing them loses every stack's record of what it manages.
 */
export class StateBackend extends Construct {
  readonly bucket: SecureBucket;
  readonly lockTable: DynamodbTable;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const retention = props.noncurrentVersionRetentionDays ?? 90;
    if (!Number.isInteger(retention) || retention < 1) {
      throw new Error(`StateBackend "${id}": noncurrentVersionRetentionDays must be a positive whole number, got ${retention}`);
    }
    this.key = new KmsKey(this, "kms-key", {
      alias: `${props.bucketName}`,
      description: "Encrypts Terraform state and its lock table",
      account: props.account,
      preventDestroy: true,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      preventDestroy: true,
      lifecycleRules: [{ id: "expire-old-state-versions", noncurrentExpirationDays: retention }],
    });
    this.lockTable = new DynamodbTable(this, "lock-table", {
      name: props.lockTableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
