import { z } from "zod";
import {
  NetworkDefaults,
  awsAccountId,
  awsRegion,
  checkNetwork,
  checkStateLock,
  networkSettings,
  schemaReferenceField,
  stateBackendSettings,
  tagMap,
  tier,
} from "./schema";
import { StateBackendConfig } from "./state-backend";

/** What every system stack's config shares; the system schema adds its own fields to it. */
export function systemConfigShape(network: NetworkDefaults, stateBackend: StateBackendConfig) {
  return {
    $schema: schemaReferenceField,
    tier: tier.describe(
      "`production` turns on the safer defaults (deletion protection, Multi-AZ, audit services); `development` the cheaper ones. Required: an environment says what it is.",
    ),
    region: awsRegion.default("us-east-1").describe('@default "us-east-1" (both seed documents)'),
    allowedAccountIds: z
      .array(awsAccountId)
      .default([])
      .describe(
        "Accounts the stack may be applied to: every AWS provider block gets them as `allowed_account_ids`, so credentials of another account fail at plan, before anything changes. Required in production; development may leave it out (synthesis then warns). @default - any account (development only)",
      ),
    tags: tagMap.default({}).describe("Extra default tags. @default {}"),
    stateBackend: stateBackendSettings
      // No defaults here: an unset field takes config/state-backend.json's value.
      .extend({
        useLockfile: z
          .boolean()
          .optional()
          .describe(stateBackendSettings.shape.useLockfile.description ?? ""),
      })
      .partial()
      .transform((override) => ({
        bucket: override.bucket ?? stateBackend.bucket,
        dynamodbTable: override.dynamodbTable ?? stateBackend.dynamodbTable,
        region: override.region ?? stateBackend.region,
        useLockfile: override.useLockfile ?? stateBackend.useLockfile,
        kmsKeyId: override.kmsKeyId ?? stateBackend.kmsKeyId,
      }))
      .superRefine((backend, ctx) => checkStateLock(backend, ctx, "the stack's backend (with config/state-backend.json's defaults)"))
      .prefault({})
      .describe("Remote state location. @default - the bucket and table of config/state-backend.json"),
    network: networkSettings(network),
  };
}

/** The cross-field checks every system shares (network layout against the VPC and zones). */
export function checkSystemBase(
  config: {
    tier: string;
    allowedAccountIds: readonly string[];
    region: string;
    network: {
      vpcCidr: string;
      availabilityZones?: string[];
      publicSubnets: { name: string; cidr: string }[];
      privateSubnets: { name: string; cidr: string }[];
    };
  },
  ctx: z.RefinementCtx,
): void {
  checkNetwork(config.network, config.region, ctx);
  if (config.tier === "production" && config.allowedAccountIds.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["allowedAccountIds"],
      input: [],
      message:
        "must name the account(s) production is applied to: without it, credentials of any account (a developer's dev profile) would apply production there",
    });
  }
}
