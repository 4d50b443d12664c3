import { ServiceException } from "@smithy/core/client";
import { Observed } from "../../tools/preflight/aws";
import { PreflightJson, PreflightStack, preflightStack, StackKind } from "../../tools/preflight/stacks";
import { Tier } from "../../lib/config/schema";

/** The caller's account in these tests: not one of AWS's documentation ids, which preflight refuses. */
export const ACCOUNT = "210987654321";
export const CALLER = { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/alice` };
export const OTHER_ACCOUNT = "345678901234";

/** The default tags a stack's provider gives every resource (how preflight knows what a stack created). */
export function tagsOf(stack: string): Record<string, string> {
  return { Project: "Test", System: stack.replace(/-[a-z0-9]+$/, ""), Environment: stack.replace(/^.*-/, ""), ManagedBy: "terraform" };
}

/** An aws provider block as cdktf writes it. */
export function providerBlock(
  stack: string,
  options: { region?: string; alias?: string; allowed?: string[] } = {},
): Record<string, unknown> {
  return {
    ...(options.alias ? { alias: options.alias } : {}),
    ...(options.allowed ? { allowed_account_ids: options.allowed } : {}),
    default_tags: [{ tags: tagsOf(stack) }],
    region: options.region ?? "us-east-1",
  };
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface FixtureOptions {
  readonly kind?: StackKind;
  readonly tier?: Tier;
  readonly config?: unknown;
  /** @default [the default provider in us-east-1, any account] */
  readonly providers?: Record<string, unknown>[];
  readonly allowed?: string[];
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly backend?: Record<string, Record<string, unknown>>;
  readonly imports?: { to: string; id: string }[];
}

/** A small hand-made stack, as preflight reads a synthesized one. */
export function fixtureStack(name: string, options: FixtureOptions = {}): PreflightStack {
  const json: PreflightJson = {
    provider: { aws: options.providers ?? [providerBlock(name, { allowed: options.allowed })] },
    resource: options.resource ?? {},
    data: options.data,
    terraform: options.backend ? { backend: options.backend } : undefined,
    import: options.imports,
  };
  const kind =
    options.kind ?? (name.startsWith("coherent") ? "coherent" : name.startsWith("treasury-plane") ? "treasuryPlane" : "stateBackend");
  return preflightStack({ name, file: `config/${name}.json`, kind, tier: options.tier, config: options.config ?? {}, json });
}

export const ok = <T>(value: T): Observed<T> => ({ ok: true, value });
export const cannot = (reason = "DescribeThings in us-east-1 was denied: the credentials need ec2:DescribeThings"): Observed<never> => ({
  ok: false,
  cannotRun: reason,
});

/**
 * An error as the SDK throws it for a service answer it has no class for (EC2's UnauthorizedOperation,
 * S3's bodiless 403 on HEAD, Beanstalk's AccessDenied): the client's ServiceException with the error code
 * as `name`, `$fault` and `$metadata`.
 */
export function serviceError(name: string, httpStatusCode: number, message = name): ServiceException {
  return new ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode, attempts: 3 },
    message,
  });
}

/** Registers the stubs' reset before each test and their restore after the file, so no answer leaks between tests. */
export function resetBetweenTests(...stubs: readonly { reset(): unknown; restore(): void }[]): void {
  beforeEach(() => stubs.forEach((stub) => stub.reset()));
  afterAll(() => stubs.forEach((stub) => stub.restore()));
}

/** DescribeTable's answer for a Terraform lock table, as the DynamoDB API reference shapes it. */
export function lockTableAnswer(name: string) {
  return {
    Table: {
      TableName: name,
      TableStatus: "ACTIVE" as const,
      KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" as const }],
      AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" as const }],
    },
  };
}

/** GetBucketEncryption's answer for a bucket whose default encryption is SSE-KMS with `key`. */
export function kmsEncryptionAnswer(key: string) {
  return {
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" as const, KMSMasterKeyID: key }, BucketKeyEnabled: true }],
    },
  };
}
