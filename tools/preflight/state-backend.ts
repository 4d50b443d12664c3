/**
 * The S3 backend of each system stack (`terraform.backend.s3`): the state bucket exists in the backend's
 * Region and these credentials reach it, the lock table exists with the key Terraform writes
 * (`LockID`, a string: https://developer.hashicorp.com/terraform/language/backend/s3), and state objects
 * are encrypted with the state KMS key rather than SSE-S3.
 */
import { isMissingStateKey } from "../../lib/config";
import { AccountReader, BucketDefaultEncryption, BucketReach, LockTable, Observed } from "./aws";
import { CheckResult, rowFor } from "./report";
import { PreflightStack, stateBackendFile } from "./stacks";
import { literal } from "../docs/terraform-json";
import { STATE_KEY_OUTPUT } from "../state/bootstrap";

export interface S3BackendBlock {
  readonly bucket: string;
  readonly key?: string;
  readonly region: string;
  readonly dynamodbTable?: string;
  readonly encrypt: boolean;
  readonly kmsKeyId?: string;
}

/** The stack's S3 backend block; undefined for local state (the state-backend stack itself). */
export function s3BackendOf(stack: PreflightStack): S3BackendBlock | undefined {
  const s3 = stack.json.terraform?.backend?.s3;
  if (!s3) return undefined;
  return {
    bucket: String(s3.bucket),
    key: literal(s3.key),
    region: String(s3.region),
    dynamodbTable: literal(s3.dynamodb_table),
    encrypt: s3.encrypt === true,
    kmsKeyId: literal(s3.kms_key_id),
  };
}

/** The bootstrap stack (applied first): where its config is, and what it will create in the account checked. */
export interface Bootstrap {
  readonly stack: string;
  /** Its config file, which sets the state bucket, lock table and key every backend defaults to (`config/state-backend.json`). */
  readonly file: string;
  /** Buckets and tables it creates here: a missing one is then expected. Empty when it is applied to another account. */
  readonly buckets: readonly string[];
  readonly tables: readonly string[];
}

/** `inAccount`: whether the stack is applied to the account checked. @default true */
export function bootstrapOf(stack: PreflightStack | undefined, inAccount = true): Bootstrap | undefined {
  if (!stack) return undefined;
  const names = (type: string, attribute: string) =>
    inAccount ? stack.model.ofType(type).flatMap((resource) => literal(resource.config[attribute]) ?? []) : [];
  return { stack: stack.name, file: stack.file, buckets: names("aws_s3_bucket", "bucket"), tables: names("aws_dynamodb_table", "name") };
}

export interface BackendFacts {
  readonly bucket: Observed<BucketReach>;
  /** Read only when the bucket was found. */
  readonly encryption?: Observed<BucketDefaultEncryption>;
  /** Read only when the backend names a lock table. */
  readonly table?: Observed<LockTable | undefined>;
}

/** The state bucket, lock table and encryption rows of one stack. */
export function stateBackendChecks(
  stack: PreflightStack,
  backend: S3BackendBlock | undefined,
  facts: BackendFacts | undefined,
  bootstrap?: Bootstrap,
): CheckResult[] {
  const bucketRow = rowFor(stack.name, "state bucket");
  if (!backend || !facts) {
    const local = "local state (terraform.state-backend.tfstate at the project root): nothing in AWS to check";
    return [rowFor(stack.name, "state backend")("pass", local)];
  }
  const rows: CheckResult[] = [];
  const config = bootstrap?.file ?? stateBackendFile();

  const bucket = facts.bucket;
  const where = `s3://${backend.bucket}/${backend.key ?? ""}`;
  if (!bucket.ok) rows.push(bucketRow("cannot run", bucket.cannotRun));
  else if (bucket.value.state === "missing") {
    rows.push(
      bootstrap?.buckets.includes(backend.bucket)
        ? bucketRow(
            "warn",
            `${backend.bucket} does not exist yet; ${bootstrap.stack}, applied first, creates it`,
            `apply ${bootstrap.stack} first (npx cdktf deploy ${bootstrap.stack}), then run preflight again`,
          )
        : bucketRow(
            "fail",
            `${backend.bucket} does not exist: terraform init fails`,
            `apply the state-backend stack, or set stateBackend.bucket in ${stack.file} (default: bucket in ${config}) to an existing bucket`,
          ),
    );
  } else if (bucket.value.state === "forbidden") {
    rows.push(
      bucketRow(
        "fail",
        `${backend.bucket} exists, but these credentials may not read it (403)`,
        "grant s3:ListBucket on the bucket and s3:GetObject, s3:PutObject on the state key (https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required)",
      ),
    );
  } else if (bucket.value.region && bucket.value.region !== backend.region) {
    rows.push(
      bucketRow(
        "fail",
        `${backend.bucket} is in ${bucket.value.region}, the backend block says ${backend.region}`,
        `set the state backend's region to ${bucket.value.region} (${config}, or stateBackend.region in ${stack.file})`,
      ),
    );
  } else rows.push(bucketRow("pass", `${where} in ${backend.region}: reachable`));

  if (backend.dynamodbTable) rows.push(lockTableRow(stack, backend, config, facts.table, bootstrap));
  const encryption = facts.encryption && encryptionRow(stack, backend, config, facts.encryption);
  if (encryption) rows.push(encryption);
  return rows;
}

function lockTableRow(
  stack: PreflightStack,
  backend: S3BackendBlock,
  config: string,
  table: Observed<LockTable | undefined> | undefined,
  bootstrap?: Bootstrap,
): CheckResult {
  const row = rowFor(stack.name, "lock table");
  const name = backend.dynamodbTable!;
  if (!table) return row("cannot run", `${name} was not read`);
  if (!table.ok) return row("cannot run", table.cannotRun);
  if (!table.value) {
    return bootstrap?.tables.includes(name)
      ? row(
          "warn",
          `${name} does not exist yet; ${bootstrap.stack}, applied first, creates it`,
          `apply ${bootstrap.stack} first, then run preflight again`,
        )
      : row(
          "fail",
          `${name} does not exist in ${backend.region}: every plan and apply fails to lock`,
          `create it with the state-backend stack, or set dynamodbTable in ${config}`,
        );
  }
  const key = table.value.hashKey;
  if (key?.name !== "LockID" || key.type !== "S") {
    return row(
      "fail",
      `${name} has partition key ${key ? `${key.name} (${key.type ?? "?"})` : "none"}; Terraform locks with LockID (String)`,
      `point dynamodbTable in ${config} at a table keyed on LockID (String), such as the state-backend stack's`,
    );
  }
  if (table.value.status !== "ACTIVE") return row("warn", `${name} is ${table.value.status ?? "in an unknown state"}, not ACTIVE yet`);
  return row("pass", `${name} in ${backend.region}: partition key LockID (String), ACTIVE`);
}

/** Undefined when the backend has no kms_key_id because the config has none: the config placeholders row says so. */
function encryptionRow(
  stack: PreflightStack,
  backend: S3BackendBlock,
  config: string,
  encryption: Observed<BucketDefaultEncryption>,
): CheckResult | undefined {
  const row = rowFor(stack.name, "state encryption");
  if (!encryption.ok) return row("cannot run", encryption.cannotRun);
  const bucketKey = encryption.value.algorithm === "aws:kms" ? encryption.value.kmsKeyId : undefined;
  const useKey = `set kmsKeyId in ${config} to ${bucketKey ?? `the state-backend stack's ${STATE_KEY_OUTPUT} output`}`;
  if (!backend.kmsKeyId) {
    if (stack.placeholders.some(isMissingStateKey)) return undefined;
    return row(
      "warn",
      backend.encrypt
        ? `the backend has no kms_key_id: Terraform's encrypt asks for SSE-S3, overriding the bucket's default${bucketKey ? ` (${bucketKey})` : ""}`
        : "the backend has neither encrypt nor kms_key_id: state objects get the bucket's default encryption only",
      useKey,
    );
  }
  const keyRegion = backend.kmsKeyId.split(":")[3];
  if (keyRegion && keyRegion !== backend.region) {
    // S3 encrypts with a KMS key in the bucket's own Region only.
    return row(
      "fail",
      `kms_key_id ${backend.kmsKeyId} is in ${keyRegion}, the state bucket in ${backend.region}: every state write fails`,
      useKey,
    );
  }
  if (bucketKey && bucketKey !== backend.kmsKeyId) {
    return row("warn", `kms_key_id ${backend.kmsKeyId} is not the bucket's default key ${bucketKey}`, useKey);
  }
  return row("pass", `state objects encrypted with ${backend.kmsKeyId}`);
}

/** The state backend rows of one stack, asking the account what they need. */
export async function stateBackendLiveChecks(stack: PreflightStack, reader: AccountReader, bootstrap?: Bootstrap): Promise<CheckResult[]> {
  const backend = s3BackendOf(stack);
  if (!backend) return stateBackendChecks(stack, undefined, undefined);
  const [bucket, table] = await Promise.all([
    reader.bucketReach(backend.bucket, backend.region),
    backend.dynamodbTable ? reader.lockTable(backend.dynamodbTable, backend.region) : undefined,
  ]);
  const encryption =
    bucket.ok && bucket.value.state === "found" ? await reader.bucketEncryption(backend.bucket, backend.region) : undefined;
  return stateBackendChecks(stack, backend, { bucket, table, encryption }, bootstrap);
}
