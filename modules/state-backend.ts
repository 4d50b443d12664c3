import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { propChecks } from "../lib/construct-validation";
import { MAX_STATE_BUCKET_NAME, STATE_ACCESS_LOG_SUFFIX } from "../lib/aws-formats";
import { AccountContext } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

export interface StateBackendProps {
  /** Bucket for every stack's state file. */
  readonly bucketName: string;
  /** DynamoDB lock table (hash key `LockID`). @default - none: every backend locks with the S3 lock file alone */
  readonly lockTableName?: string;
  readonly account: AccountContext;
  /** Old state versions are kept this long after being superseded. @default 90 */
  readonly noncurrentVersionRetentionDays?: number;
  /** Days the state bucket's S3 server access logs (who read or wrote state) are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The S3 bucket and DynamoDB table behind Terraform's S3 backend, and a bucket recording every access
 * to the state (`<bucket>-access-logs`). All are protected from `terraform destroy`: losing them loses
 * every stack's record of what it manages.
 */
export class StateBackend extends Construct {
  readonly bucket: SecureBucket;
  readonly accessLogs: SecureBucket;
  /** Undefined once no backend locks with DynamoDB. */
  readonly lockTable?: DynamodbTable;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const retention = props.noncurrentVersionRetentionDays ?? 90;
    const check = propChecks(this);
    check.expect(
      Number.isInteger(retention) && retention >= 1,
      "noncurrentVersionRetentionDays",
      retention,
      "must be a positive whole number",
    );
    check.expect(
      props.bucketName.length <= MAX_STATE_BUCKET_NAME,
      "bucketName",
      props.bucketName,
      `must be at most ${MAX_STATE_BUCKET_NAME} characters (its access-log bucket adds "${STATE_ACCESS_LOG_SUFFIX}")`,
    );
    this.key = new KmsKey(this, "kms-key", {
      alias: `${props.bucketName}`,
      description: "Encrypts Terraform state and its lock table",
      account: props.account,
      preventDestroy: true,
    });
    // SSE-S3: the only default encryption S3 server access log delivery supports.
    this.accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: `${props.bucketName}${STATE_ACCESS_LOG_SUFFIX}`,
      preventDestroy: true,
      lifecycleRules: [{ id: "expire-access-logs", expirationDays: props.accessLogRetentionDays ?? 365, noncurrentExpirationDays: 30 }],
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { kmsKey: this.key },
      accessLogBucket: this.accessLogs,
      preventDestroy: true,
      lifecycleRules: [{ id: "expire-old-state-versions", noncurrentExpirationDays: retention }],
    });
    if (props.lockTableName === undefined) return;
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
