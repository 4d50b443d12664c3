import { z } from "zod";
import { MAX_STATE_BUCKET_NAME } from "../aws-formats";
import { placeholder } from "./placeholders";
import {
  awsAccountId,
  awsRegion,
  checkStateLock,
  isPlaceholderBucketName,
  s3BucketName,
  schemaReferenceField,
  stateBackendSettings,
  tagMap,
} from "./schema";

/** config/state-backend.json: the bootstrap stack that creates the remote state bucket and lock table. */
export const stateBackendConfig = z
  .strictObject({
    $schema: schemaReferenceField,
    region: awsRegion.default("us-east-1").describe('@default "us-east-1"'),
    bucket: placeholder(
      s3BucketName.refine((name) => name.length <= MAX_STATE_BUCKET_NAME, {
        message: `must be at most ${MAX_STATE_BUCKET_NAME} characters: the access-log bucket is named <bucket>-access-logs`,
      }),
      {
        test: isPlaceholderBucketName,
        fix: `a globally unique name for the state bucket the state-backend stack creates, e.g. <org>-terraform-state-<account id> (at most ${MAX_STATE_BUCKET_NAME} characters)`,
      },
    ).describe(
      "Bucket for all stacks' state; globally unique, so every organization sets its own. It stays a literal name (no account id added): a Terraform backend block cannot interpolate.",
    ),
    dynamodbTable: stateBackendSettings.shape.dynamodbTable.describe(
      "DynamoDB lock table: this stack creates it, and every system stack locks with it unless its own `stateBackend` says otherwise. Leave it out (with `useLockfile: true`) once every stack locks with the S3 lock file alone: this stack then forgets the table, which is deleted by hand (docs/operations.md, lock migration). @default - no lock table",
    ),
    noncurrentVersionRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe("Days superseded state versions are kept. @default 90"),
    useLockfile: z
      .boolean()
      .default(false)
      .describe("Default for every system stack's backend: also use Terraform's native S3 lock file. @default false"),
    kmsKeyId: stateBackendSettings.shape.kmsKeyId.describe(
      "Default for every system stack's backend: the state key's ARN (this stack's `state_kms_key_arn` output, known after the bootstrap apply). @default - SSE-S3 state objects",
    ),
    ownState: z
      .enum(["local", "bucket"])
      .default("local")
      .describe(
        'Where this stack keeps its own state: `local` (terraform.state-backend.tfstate at the project root, until the backend exists) or `bucket` (key state-backend/shared/terraform.tfstate in the bucket it creates). `npm run bootstrap` moves the state and sets `bucket`. @default "local"',
      ),
    allowedAccountIds: z
      .array(awsAccountId)
      .min(1, "must name the account(s) the state backend is applied to: it holds every stack's state")
      .describe(
        "Accounts the state backend may be applied to (its provider's `allowed_account_ids`). Required: the bucket and table hold every stack's state.",
      ),
    tags: tagMap.default({}).describe("Extra default tags. @default {}"),
  })
  .superRefine((config, ctx) => checkStateLock(config, ctx, "the state backend"));
export type StateBackendConfig = z.output<typeof stateBackendConfig>;
