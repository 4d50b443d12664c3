import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { DescribeAddressesCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { GetBucketEncryptionCommand, HeadBucketCommand, NotFound, S3Client } from "@aws-sdk/client-s3";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AwsAccount } from "../../../tools/preflight/aws";
import { checkLive } from "../../../tools/preflight/runner";
import {
  ACCOUNT,
  CALLER,
  fixtureStack,
  kmsEncryptionAnswer,
  lockTableAnswer,
  OTHER_ACCOUNT,
  resetBetweenTests,
  serviceError,
} from "../../support/preflight";

const KEY = "arn:aws:kms:us-east-1:210987654321:key/0b7c1f9e-5d1a-4c7e-9a51-6f2d8e3b4a10";
const backend = {
  s3: {
    bucket: "acme-terraform-state",
    key: "coherent/prod/terraform.tfstate",
    region: "us-east-1",
    dynamodb_table: "acme-locks",
    encrypt: true,
    kms_key_id: KEY,
  },
};
const stateBackend = fixtureStack("state-backend", { allowed: [ACCOUNT], backend: { local: { path: "terraform.state-backend.tfstate" } } });
const coherentProd = (allowed: string[]) =>
  fixtureStack("coherent-prod", {
    tier: "production",
    allowed,
    backend,
    resource: { aws_eip: { nat: { domain: "vpc" } }, aws_guardduty_detector: { guardduty: { enable: true } } },
  });

describe("npm run preflight -- --live, end to end over hand-made stacks (every client mocked)", () => {
  const sts = mockClient(STSClient);
  const guardDuty = mockClient(GuardDutyClient);
  const ec2 = mockClient(EC2Client);
  const quotas = mockClient(ServiceQuotasClient);
  const s3 = mockClient(S3Client);
  const dynamodb = mockClient(DynamoDBClient);
  resetBetweenTests(sts, guardDuty, ec2, quotas, s3, dynamodb);
  beforeEach(() => {
    sts.on(GetCallerIdentityCommand).resolves({ UserId: "AROAEXAMPLE:alice", Account: ACCOUNT, Arn: CALLER.arn });
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    quotas
      .on(GetServiceQuotaCommand)
      .resolves({ Quota: { ServiceCode: "ec2", QuotaCode: "L-0263D0A3", QuotaName: "EC2-VPC Elastic IPs", Value: 5, Adjustable: true } });
    s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1" });
    s3.on(GetBucketEncryptionCommand).resolves(kmsEncryptionAnswer(KEY));
    dynamodb.on(DescribeTableCommand).resolves(lockTableAnswer("acme-locks"));
  });

  test("GIVEN an account where everything checks out THEN exit 0 and each stack's table lists its rows in a fixed order", async () => {
    const result = await checkLive([stateBackend, coherentProd([ACCOUNT])], [], new AwsAccount());
    expect(result.exitCode).toBe(0);
    const rows = result.report.split("\n");
    expect(rows[0]).toBe(`preflight --live: account ${ACCOUNT} (${CALLER.arn}), read-only`);
    const prodRows = rows
      .slice(rows.indexOf("coherent-prod (config/coherent-prod.json, us-east-1)") + 2)
      .map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(prodRows.slice(0, 8)).toEqual([
      "account: aws",
      "config placeholders",
      "GuardDuty detector",
      "quota: Elastic IPs",
      "state bucket",
      "lock table",
      "state encryption",
      "",
    ]);
  });

  test("GIVEN a stack that does not allow the caller's account THEN its account row fails, the rest could not run, and exit 1", async () => {
    const result = await checkLive([stateBackend, coherentProd([OTHER_ACCOUNT])], ["coherent-prod"], new AwsAccount());
    expect(result.exitCode).toBe(1);
    expect(result.report).toMatch(/account: aws +fail +these credentials are for account 210987654321/);
    expect(result.report).toMatch(
      /other checks +cannot run +these credentials are for account 210987654321, which coherent-prod does not allow/,
    );
    expect(guardDuty).not.toHaveReceivedCommand(ListDetectorsCommand);
    expect(s3).not.toHaveReceivedCommand(HeadBucketCommand);
  });

  test("GIVEN only a check that could not run THEN exit 3, never 0", async () => {
    guardDuty.on(ListDetectorsCommand).rejects(serviceError("AccessDeniedException", 403, "not authorized"));
    const result = await checkLive([stateBackend, coherentProd([ACCOUNT])], [], new AwsAccount());
    expect(result.report).toMatch(/GuardDuty detector +cannot run +ListDetectors in us-east-1 was denied/);
    expect(result.exitCode).toBe(3);
  });

  test("GIVEN an unknown stack name THEN exit 2 before any AWS call", async () => {
    const result = await checkLive([stateBackend], ["coherent-staging"], new AwsAccount());
    expect(result).toEqual({ exitCode: 2, report: "unknown stack(s): coherent-staging; stacks: state-backend" });
    expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
  });

  test("GIVEN the caller cannot be identified (STS throttled) THEN the run stops with one line and exit 3: nothing else can be judged", async () => {
    sts.on(GetCallerIdentityCommand).rejects(serviceError("Throttling", 400, "Rate exceeded"));
    await expect(checkLive([stateBackend], [], new AwsAccount())).resolves.toEqual({
      exitCode: 3,
      report:
        "preflight --live: cannot tell whose credentials these are: GetCallerIdentity in us-east-1 was throttled (Throttling) after the SDK's retries; run preflight again in a minute",
    });
  });

  test("GIVEN a development stack without allowedAccountIds THEN its account row warns, the config row notes it, and the run does not fail", async () => {
    const coherentDev = {
      ...fixtureStack("coherent-dev", { tier: "development", backend }),
      placeholders: [
        {
          file: "config/coherent-dev.json",
          field: "allowedAccountIds",
          value: "",
          fix: "the account id(s) this stack is applied to",
          missing: true,
          advisory: true,
        },
      ],
    };
    const result = await checkLive([stateBackend, coherentDev], ["coherent-dev"], new AwsAccount());
    expect(result.report).toMatch(/account: aws +warn +account 210987654321 in us-east-1; no allowed_account_ids/);
    expect(result.report).toMatch(/config placeholders +pass +/);
    expect(result.report).toContain("worth setting: config/coherent-dev.json: allowedAccountIds is not set");
    expect(result.report).not.toContain('= ""');
    expect(result.exitCode).toBe(0);
  });

  test("GIVEN a config without the state KMS key THEN one row reports it, as not set, and the run fails", async () => {
    const { kms_key_id: _key, ...keyless } = backend.s3;
    const withoutKey = {
      ...fixtureStack("coherent-prod", { tier: "production", allowed: [ACCOUNT], backend: { s3: keyless } }),
      placeholders: [{ file: "config/state-backend.json", field: "kmsKeyId", value: "", fix: "the state KMS key's ARN", missing: true }],
    };
    const result = await checkLive([stateBackend, withoutKey], ["coherent-prod"], new AwsAccount());
    const rows = result.report.split("\n").filter((line) => /kmsKeyId|kms_key_id/.test(line) && !line.trimStart().startsWith("fix:"));
    expect(rows).toEqual([expect.stringMatching(/^ {2}config placeholders +fail +config\/state-backend\.json: kmsKeyId is not set$/)]);
    expect(result.report).not.toMatch(/^ {2}state encryption /m);
    expect(result.exitCode).toBe(1);
  });

  test("GIVEN no state bucket yet THEN the system stack's state rows warn that state-backend, applied first, creates it", async () => {
    s3.on(HeadBucketCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: "UnknownError" }));
    const withBucket = fixtureStack("state-backend", {
      allowed: [ACCOUNT],
      resource: { aws_s3_bucket: { state_bucket: { bucket: "acme-terraform-state" } } },
    });
    const result = await checkLive([withBucket, coherentProd([ACCOUNT])], ["coherent-prod"], new AwsAccount());
    expect(result.report).toMatch(/state bucket +warn +acme-terraform-state does not exist yet; state-backend, applied first, creates it/);
    expect(result.exitCode).toBe(0);
  });

  test("GIVEN no state bucket and a state-backend stack, configured outside config/, for another account THEN the bucket row fails and its fix names that stack's config file", async () => {
    s3.on(HeadBucketCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: "UnknownError" }));
    const central = {
      ...fixtureStack("state-backend", {
        allowed: [OTHER_ACCOUNT],
        resource: { aws_s3_bucket: { state_bucket: { bucket: "acme-terraform-state" } } },
      }),
      file: "forks/acme/state-backend.json",
    };
    const result = await checkLive([central, coherentProd([ACCOUNT])], ["coherent-prod"], new AwsAccount());
    expect(result.report).toMatch(/state bucket +fail +acme-terraform-state does not exist: terraform init fails/);
    expect(result.report).toContain("(default: bucket in forks/acme/state-backend.json)");
    expect(result.exitCode).toBe(1);
  });
});
