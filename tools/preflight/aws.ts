/**
 * Every AWS call the live preflight makes, read-only, through the AWS SDK v3 and the default credential
 * chain (environment, SSO, shared config and credentials files, container or instance role). This file is
 * the only one that loads the SDK; the checks are pure functions over what it returns.
 *
 * Each call answers `Observed<T>`: the value, or why it could not run (the IAM action that was denied,
 * throttling after the SDK's retries, or the service's own error), which the checks report as
 * "cannot run", never as passed.
 */
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeAddressesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcs,
  Tag,
} from "@aws-sdk/client-ec2";
import { CheckDNSAvailabilityCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from "@aws-sdk/client-guardduty";
import { GetHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetBucketEncryptionCommand, GetBucketTaggingCommand, HeadBucketCommand, paginateListBuckets, S3Client } from "@aws-sdk/client-s3";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, GetCallerIdentityCommandOutput, STSClient } from "@aws-sdk/client-sts";
import { isThrottlingError } from "@smithy/core/retry";

// The pinned SDK runs on every Node this project supports (20, 22, 24); its notice that SDK releases after
// January 2027 need Node 22 is for whoever upgrades it, not a line in every operator's report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * Every API operation preflight calls and the IAM action it needs: the one list the policy in
 * docs/operations.md is tested against. Only Describe, List, Get, Head and Check operations.
 */
export const READ_ONLY_CALLS = [
  // No permission is needed (and none can deny it); listed so the policy names every call.
  { operation: "GetCallerIdentity", action: "sts:GetCallerIdentity", why: "the credentials' account, for the account guard" },
  { operation: "ListDetectors", action: "guardduty:ListDetectors", why: "GuardDuty detectors in the Region" },
  { operation: "GetDetector", action: "guardduty:GetDetector", why: "a detector's tags: whether a stack created it" },
  { operation: "DescribeConfigurationRecorders", action: "config:DescribeConfigurationRecorders", why: "AWS Config recorders" },
  { operation: "DescribeDeliveryChannels", action: "config:DescribeDeliveryChannels", why: "AWS Config delivery channels" },
  { operation: "DescribeTrails", action: "cloudtrail:DescribeTrails", why: "organization trails and the trails quota" },
  { operation: "GetServiceQuota", action: "servicequotas:GetServiceQuota", why: "applied quota values" },
  {
    operation: "GetAWSDefaultServiceQuota",
    action: "servicequotas:GetAWSDefaultServiceQuota",
    why: "default values where none is applied",
  },
  { operation: "DescribeAddresses", action: "ec2:DescribeAddresses", why: "Elastic IPs in use" },
  { operation: "DescribeVpcs", action: "ec2:DescribeVpcs", why: "VPCs in use" },
  { operation: "DescribeInternetGateways", action: "ec2:DescribeInternetGateways", why: "internet gateways in use" },
  { operation: "DescribeNatGateways", action: "ec2:DescribeNatGateways", why: "NAT gateways in use" },
  { operation: "DescribeSubnets", action: "ec2:DescribeSubnets", why: "the Availability Zone of each NAT gateway" },
  { operation: "DescribeSecurityGroups", action: "ec2:DescribeSecurityGroups", why: "security groups in use" },
  {
    operation: "DescribeManagedPrefixLists",
    action: "ec2:DescribeManagedPrefixLists",
    why: "the weight of a prefix list a rule references",
  },
  { operation: "HeadBucket", action: "s3:ListBucket", why: "whether a bucket name exists, where, and whether it is this account's" },
  { operation: "ListBuckets", action: "s3:ListAllMyBuckets", why: "whether a bucket that refuses HeadBucket is this account's" },
  { operation: "GetBucketTagging", action: "s3:GetBucketTagging", why: "whether a stack created an existing bucket" },
  { operation: "GetBucketEncryption", action: "s3:GetEncryptionConfiguration", why: "the state bucket's default KMS key" },
  { operation: "CheckDNSAvailability", action: "elasticbeanstalk:CheckDNSAvailability", why: "whether a Beanstalk CNAME prefix is free" },
  {
    operation: "DescribeEnvironments",
    action: "elasticbeanstalk:DescribeEnvironments",
    why: "whether a taken CNAME prefix is this stack's",
  },
  { operation: "GetHostedZone", action: "route53:GetHostedZone", why: "hosted zones the records go into" },
  { operation: "DescribeTable", action: "dynamodb:DescribeTable", why: "the state lock table" },
] as const;

export type Operation = (typeof READ_ONLY_CALLS)[number]["operation"];

/** The IAM action an operation needs. */
function actionOf(operation: Operation): string {
  return READ_ONLY_CALLS.find((call) => call.operation === operation)!.action;
}

/** What a call returned, or why it could not run. */
export type Observed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly cannotRun: string };

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

/** A resource in the account with its tags (EC2 `Tags`, GuardDuty `Tags`, S3 `TagSet`). */
export interface TaggedResource {
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface NatGatewayInUse extends TaggedResource {
  /** From its subnet. @default - the subnet could not be found */
  readonly availabilityZone?: string;
}

export interface ConfigRecorder {
  readonly name: string;
  /** Service-linked recorders (`servicePrincipal` set) do not take the account's one customer managed recorder. */
  readonly serviceLinked: boolean;
}

export interface TrailInRegion {
  readonly name: string;
  readonly arn: string;
  readonly multiRegion: boolean;
  readonly organization: boolean;
}

export interface QuotaValue {
  readonly value: number;
  readonly adjustable: boolean;
  /**
   * `default`: Service Quotas had no applied value (GetServiceQuota said NoSuchResourceException);
   * `documented`: a fixed value AWS publishes, not asked for.
   */
  readonly source: "applied" | "default" | "documented";
}

/** Whether a bucket name can be created by this account. */
export type BucketOwnership =
  { readonly state: "free" } | { readonly state: "taken" } | { readonly state: "ours"; readonly tags: Readonly<Record<string, string>> };

/** A bucket as the Terraform backend reaches it. */
export type BucketReach =
  { readonly state: "missing" } | { readonly state: "forbidden" } | { readonly state: "found"; readonly region?: string };

export interface BucketDefaultEncryption {
  readonly algorithm?: string;
  readonly kmsKeyId?: string;
}

export interface HostedZone {
  /** With the trailing dot, as Route 53 returns it (`example.com.`). */
  readonly name: string;
  readonly privateZone: boolean;
}

export interface LockTable {
  readonly status?: string;
  /** The partition key and its attribute type (`S`). */
  readonly hashKey?: { readonly name: string; readonly type?: string };
}

/** The account's answers that the checks read; AwsAccount asks AWS, tests may hand-make one. */
export interface AccountReader {
  callerIdentity(region: string): Promise<Observed<CallerIdentity>>;
  guardDutyDetectors(region: string): Promise<Observed<TaggedResource[]>>;
  configRecorders(region: string): Promise<Observed<ConfigRecorder[]>>;
  deliveryChannels(region: string): Promise<Observed<string[]>>;
  trails(region: string): Promise<Observed<TrailInRegion[]>>;
  quota(region: string, serviceCode: string, quotaCode: string): Promise<Observed<QuotaValue>>;
  elasticIps(region: string): Promise<Observed<TaggedResource[]>>;
  vpcs(region: string): Promise<Observed<TaggedResource[]>>;
  internetGateways(region: string): Promise<Observed<TaggedResource[]>>;
  natGateways(region: string): Promise<Observed<NatGatewayInUse[]>>;
  securityGroups(region: string): Promise<Observed<TaggedResource[]>>;
  prefixListMaxEntries(region: string, list: { readonly name?: string; readonly id?: string }): Promise<Observed<number | undefined>>;
  bucketOwnership(bucket: string, region: string, account: string): Promise<Observed<BucketOwnership>>;
  bucketReach(bucket: string, region: string): Promise<Observed<BucketReach>>;
  bucketEncryption(bucket: string, region: string): Promise<Observed<BucketDefaultEncryption>>;
  cnameAvailable(prefix: string, region: string): Promise<Observed<boolean>>;
  environmentCnames(environment: string, region: string): Promise<Observed<string[]>>;
  hostedZone(id: string): Promise<Observed<HostedZone | undefined>>;
  lockTable(table: string, region: string): Promise<Observed<LockTable | undefined>>;
}

/** No credentials in the default chain, or the caller cannot be identified: the run stops with one line. */
export class CredentialsUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsUnusable";
  }
}

const NO_CREDENTIALS =
  "no AWS credentials found (environment, AWS_PROFILE and ~/.aws files, SSO, container or instance role); run `aws sso login` or set AWS_PROFILE, then run preflight again";

/** Errors about the credentials themselves (expired, invalid), which a 403 may carry: no missing permission. */
const REJECTED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "InvalidAccessKeyId",
  "AuthFailure",
]);
/** How services name a denied action (S3's HEAD requests carry no body: only the 403 says so). */
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  "AuthorizationError",
  "Forbidden",
]);

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string {
  return (error as SdkError | undefined)?.name ?? "Error";
}

/** One line saying why a call could not run, naming the IAM action where a permission is missing. */
export function cannotRunReason(error: unknown, operation: Operation, region: string): string {
  const { message } = error as SdkError;
  const where = `${operation} in ${region}`;
  if (ACCESS_DENIED.has(nameOf(error)) || (statusOf(error) === 403 && !REJECTED_CREDENTIALS.has(nameOf(error)))) {
    return `${where} was denied: the credentials need ${actionOf(operation)} (docs/operations.md lists the preflight policy)`;
  }
  // The SDK retries throttled calls (standard mode, 3 attempts) before it throws.
  if (isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) {
    return `${where} was throttled (${nameOf(error)}) after the SDK's retries; run preflight again in a minute`;
  }
  return `${where} failed: ${nameOf(error)}${message ? `: ${message}` : ""}`;
}

/** A failed call, remembering which operation failed so the report names its action. */
class CallFailed extends Error {
  constructor(
    readonly operation: Operation,
    readonly error: unknown,
  ) {
    super(`${operation} failed`);
  }
}

function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

type Credentials = STSClient["config"]["credentials"];
type ClientOptions = { followRegionRedirects?: boolean };
type ClientClass<C> = new (config: { region: string; credentials?: Credentials } & ClientOptions) => C;

/**
 * The caller's account, read through the SDK. Answers are cached per call and Region, so stacks that
 * share a Region share one call. Route 53 is global (its API lives in us-east-1).
 */
export class AwsAccount implements AccountReader {
  private readonly clients = new Map<string, unknown>();
  private readonly answers = new Map<string, Promise<Observed<unknown>>>();
  /** The first client's credential chain, shared: the chain (an SSO token, a credential_process) runs once. */
  private credentials?: Credentials;

  private client<C extends { config: { credentials: Credentials } }>(
    Client: ClientClass<C>,
    region: string,
    options: ClientOptions = {},
  ): C {
    const key = `${Client.name} ${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = new Client({ region, credentials: this.credentials, ...options });
      this.credentials ??= client.config.credentials;
      this.clients.set(key, client);
    }
    return client;
  }

  /** Runs `read` once per key; any CallFailed inside becomes "cannot run" naming its operation's action. */
  private observe<T>(key: string, region: string, read: () => Promise<T>): Promise<Observed<T>> {
    const cached = this.answers.get(key) as Promise<Observed<T>> | undefined;
    if (cached) return cached;
    const answer = read().then(
      (value): Observed<T> => ({ ok: true, value }),
      (failure: unknown): Observed<T> => {
        if (!(failure instanceof CallFailed)) throw failure;
        return { ok: false, cannotRun: cannotRunReason(failure.error, failure.operation, region) };
      },
    );
    this.answers.set(key, answer);
    return answer;
  }

  /** One SDK call; `expected` turns the errors that are answers (404, 403 on HEAD) into values. */
  private async call<T, E = never>(
    operation: Operation,
    send: () => Promise<T>,
    expected?: (error: unknown) => E | undefined,
  ): Promise<T | E> {
    try {
      return await send();
    } catch (error) {
      const answer = expected?.(error);
      if (answer !== undefined) return answer;
      throw new CallFailed(operation, error);
    }
  }

  /** S3 answers 301 for a bucket in another Region; following the redirect tells where the bucket is. */
  private s3(region: string): S3Client {
    return this.client(S3Client, region, { followRegionRedirects: true });
  }

  callerIdentity(region: string): Promise<Observed<CallerIdentity>> {
    return this.observe(`identity ${region}`, region, async () => {
      const identity = await this.call<GetCallerIdentityCommandOutput, never>(
        "GetCallerIdentity",
        () => this.client(STSClient, region).send(new GetCallerIdentityCommand({})),
        (error) => {
          // No source in the chain at all: nothing can run, and one line says why.
          if (nameOf(error) === "CredentialsProviderError") throw new CredentialsUnusable(NO_CREDENTIALS);
          return undefined;
        },
      );
      return { account: identity.Account ?? "", arn: identity.Arn ?? "" };
    });
  }

  guardDutyDetectors(region: string): Promise<Observed<TaggedResource[]>> {
    return this.observe(`detectors ${region}`, region, async () => {
      const client = this.client(GuardDutyClient, region);
      const ids = await this.call("ListDetectors", () => collect(paginateListDetectors({ client }, {}), (page) => page.DetectorIds));
      return Promise.all(
        ids.map(async (id) => {
          const detector = await this.call("GetDetector", () => client.send(new GetDetectorCommand({ DetectorId: id })));
          return { id, tags: detector.Tags ?? {} };
        }),
      );
    });
  }

  configRecorders(region: string): Promise<Observed<ConfigRecorder[]>> {
    return this.observe(`recorders ${region}`, region, async () => {
      const answer = await this.call("DescribeConfigurationRecorders", () =>
        this.client(ConfigServiceClient, region).send(new DescribeConfigurationRecordersCommand({})),
      );
      return (answer.ConfigurationRecorders ?? []).map((recorder) => ({
        name: recorder.name ?? "",
        serviceLinked: Boolean(recorder.servicePrincipal),
      }));
    });
  }

  deliveryChannels(region: string): Promise<Observed<string[]>> {
    return this.observe(`channels ${region}`, region, async () => {
      const answer = await this.call("DescribeDeliveryChannels", () =>
        this.client(ConfigServiceClient, region).send(new DescribeDeliveryChannelsCommand({})),
      );
      return (answer.DeliveryChannels ?? []).map((channel) => channel.name ?? "");
    });
  }

  trails(region: string): Promise<Observed<TrailInRegion[]>> {
    return this.observe(`trails ${region}`, region, async () => {
      // Shadow trails (multi-Region and organization trails seen from this Region) count here too.
      const answer = await this.call("DescribeTrails", () =>
        this.client(CloudTrailClient, region).send(new DescribeTrailsCommand({ includeShadowTrails: true })),
      );
      return (answer.trailList ?? []).map((trail) => ({
        name: trail.Name ?? "",
        arn: trail.TrailARN ?? "",
        multiRegion: trail.IsMultiRegionTrail === true,
        organization: trail.IsOrganizationTrail === true,
      }));
    });
  }

  quota(region: string, serviceCode: string, quotaCode: string): Promise<Observed<QuotaValue>> {
    return this.observe(`quota ${region} ${serviceCode} ${quotaCode}`, region, async () => {
      const client = this.client(ServiceQuotasClient, region);
      const request = { ServiceCode: serviceCode, QuotaCode: quotaCode };
      const applied = await this.call(
        "GetServiceQuota",
        () => client.send(new GetServiceQuotaCommand(request)),
        (error) => (nameOf(error) === "NoSuchResourceException" ? ("none" as const) : undefined),
      );
      const quota =
        applied === "none"
          ? (await this.call("GetAWSDefaultServiceQuota", () => client.send(new GetAWSDefaultServiceQuotaCommand(request)))).Quota
          : applied.Quota;
      return { value: quota?.Value ?? 0, adjustable: quota?.Adjustable === true, source: applied === "none" ? "default" : "applied" };
    });
  }

  elasticIps(region: string): Promise<Observed<TaggedResource[]>> {
    return this.observe(`addresses ${region}`, region, async () => {
      const answer = await this.call("DescribeAddresses", () => this.client(EC2Client, region).send(new DescribeAddressesCommand({})));
      return (answer.Addresses ?? []).map((address) => ({
        id: address.AllocationId ?? address.PublicIp ?? "",
        tags: tagsOf(address.Tags),
      }));
    });
  }

  vpcs(region: string): Promise<Observed<TaggedResource[]>> {
    return this.observe(`vpcs ${region}`, region, async () => {
      const client = this.client(EC2Client, region);
      const vpcs = await this.call("DescribeVpcs", () => collect(paginateDescribeVpcs({ client }, {}), (page) => page.Vpcs));
      return vpcs.map((vpc) => ({ id: vpc.VpcId ?? "", tags: tagsOf(vpc.Tags) }));
    });
  }

  internetGateways(region: string): Promise<Observed<TaggedResource[]>> {
    return this.observe(`igws ${region}`, region, async () => {
      const client = this.client(EC2Client, region);
      const gateways = await this.call("DescribeInternetGateways", () =>
        collect(paginateDescribeInternetGateways({ client }, {}), (page) => page.InternetGateways),
      );
      return gateways.map((gateway) => ({ id: gateway.InternetGatewayId ?? "", tags: tagsOf(gateway.Tags) }));
    });
  }

  natGateways(region: string): Promise<Observed<NatGatewayInUse[]>> {
    return this.observe(`nats ${region}`, region, async () => {
      const client = this.client(EC2Client, region);
      // Pending, available and deleting NAT gateways count against the quota (amazon-vpc-limits.html).
      const filter = [{ Name: "state", Values: ["pending", "available", "deleting"] }];
      const gateways = await this.call("DescribeNatGateways", () =>
        collect(paginateDescribeNatGateways({ client }, { Filter: filter }), (page) => page.NatGateways),
      );
      const subnetIds = [...new Set(gateways.map((gateway) => gateway.SubnetId).filter((id): id is string => Boolean(id)))];
      const subnets = subnetIds.length
        ? ((await this.call("DescribeSubnets", () => client.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds })))).Subnets ?? [])
        : [];
      const zoneOf = new Map(subnets.map((subnet) => [subnet.SubnetId, subnet.AvailabilityZone]));
      return gateways.map((gateway) => ({
        id: gateway.NatGatewayId ?? "",
        tags: tagsOf(gateway.Tags),
        availabilityZone: zoneOf.get(gateway.SubnetId),
      }));
    });
  }

  securityGroups(region: string): Promise<Observed<TaggedResource[]>> {
    return this.observe(`sgs ${region}`, region, async () => {
      const client = this.client(EC2Client, region);
      const groups = await this.call("DescribeSecurityGroups", () =>
        collect(paginateDescribeSecurityGroups({ client }, {}), (page) => page.SecurityGroups),
      );
      return groups.map((group) => ({ id: group.GroupId ?? "", tags: tagsOf(group.Tags) }));
    });
  }

  prefixListMaxEntries(region: string, list: { readonly name?: string; readonly id?: string }): Promise<Observed<number | undefined>> {
    return this.observe(`prefix list ${region} ${list.id ?? ""} ${list.name ?? ""}`, region, async () => {
      const request = list.id ? { PrefixListIds: [list.id] } : { Filters: [{ Name: "prefix-list-name", Values: [list.name ?? ""] }] };
      const answer = await this.call("DescribeManagedPrefixLists", () =>
        this.client(EC2Client, region).send(new DescribeManagedPrefixListsCommand(request)),
      );
      return answer.PrefixLists?.[0]?.MaxEntries;
    });
  }

  bucketOwnership(bucket: string, region: string, account: string): Promise<Observed<BucketOwnership>> {
    return this.observe(`bucket owner ${bucket}`, region, async (): Promise<BucketOwnership> => {
      const client = this.s3(region);
      // With ExpectedBucketOwner, S3 answers 200 only for this account's bucket and 403 for anyone else's
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html), or where the
      // caller may not list it; a name nobody holds is 404.
      const head = await this.call(
        "HeadBucket",
        () => client.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account })),
        (error) => (statusOf(error) === 404 ? ("free" as const) : statusOf(error) === 403 ? ("refused" as const) : undefined),
      );
      if (head === "free") return { state: "free" };
      if (head === "refused") {
        const ours = await this.call("ListBuckets", () =>
          collect(paginateListBuckets({ client }, { Prefix: bucket }), (page) => page.Buckets),
        );
        if (!ours.some((entry) => entry.Name === bucket)) return { state: "taken" };
      }
      const tagging = await this.call(
        "GetBucketTagging",
        () => client.send(new GetBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: account })),
        (error) => (nameOf(error) === "NoSuchTagSet" ? { TagSet: [] } : undefined),
      );
      return { state: "ours", tags: tagsOf(tagging.TagSet) };
    });
  }

  bucketReach(bucket: string, region: string): Promise<Observed<BucketReach>> {
    return this.observe(`bucket reach ${bucket}`, region, async (): Promise<BucketReach> => {
      const head = await this.call(
        "HeadBucket",
        () => this.s3(region).send(new HeadBucketCommand({ Bucket: bucket })),
        (error) => (statusOf(error) === 404 ? ("missing" as const) : statusOf(error) === 403 ? ("forbidden" as const) : undefined),
      );
      return typeof head === "string" ? { state: head } : { state: "found", region: head.BucketRegion };
    });
  }

  bucketEncryption(bucket: string, region: string): Promise<Observed<BucketDefaultEncryption>> {
    return this.observe(`bucket encryption ${bucket}`, region, async () => {
      const answer = await this.call("GetBucketEncryption", () => this.s3(region).send(new GetBucketEncryptionCommand({ Bucket: bucket })));
      const rule = answer.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      return { algorithm: rule?.SSEAlgorithm, kmsKeyId: rule?.KMSMasterKeyID };
    });
  }

  cnameAvailable(prefix: string, region: string): Promise<Observed<boolean>> {
    return this.observe(`cname ${region} ${prefix}`, region, async () => {
      const answer = await this.call("CheckDNSAvailability", () =>
        this.client(ElasticBeanstalkClient, region).send(new CheckDNSAvailabilityCommand({ CNAMEPrefix: prefix })),
      );
      return answer.Available === true;
    });
  }

  environmentCnames(environment: string, region: string): Promise<Observed<string[]>> {
    return this.observe(`environment ${region} ${environment}`, region, async () => {
      const answer = await this.call("DescribeEnvironments", () =>
        this.client(ElasticBeanstalkClient, region).send(
          new DescribeEnvironmentsCommand({ EnvironmentNames: [environment], IncludeDeleted: false }),
        ),
      );
      return (answer.Environments ?? []).map((entry) => entry.CNAME ?? "").filter(Boolean);
    });
  }

  hostedZone(id: string): Promise<Observed<HostedZone | undefined>> {
    const region = "us-east-1";
    return this.observe(`zone ${id}`, region, async () => {
      const answer = await this.call(
        "GetHostedZone",
        () => this.client(Route53Client, region).send(new GetHostedZoneCommand({ Id: id })),
        // InvalidInput: an id that cannot be a zone id (a placeholder) is no zone either.
        (error) => (["NoSuchHostedZone", "InvalidInput"].includes(nameOf(error)) ? ("none" as const) : undefined),
      );
      if (answer === "none") return undefined;
      return { name: answer.HostedZone?.Name ?? "", privateZone: answer.HostedZone?.Config?.PrivateZone === true };
    });
  }

  lockTable(table: string, region: string): Promise<Observed<LockTable | undefined>> {
    return this.observe(`table ${region} ${table}`, region, async () => {
      const answer = await this.call(
        "DescribeTable",
        () => this.client(DynamoDBClient, region).send(new DescribeTableCommand({ TableName: table })),
        (error) => (nameOf(error) === "ResourceNotFoundException" ? ("none" as const) : undefined),
      );
      if (answer === "none") return undefined;
      const hash = answer.Table?.KeySchema?.find((key) => key.KeyType === "HASH");
      const type = answer.Table?.AttributeDefinitions?.find((attribute) => attribute.AttributeName === hash?.AttributeName)?.AttributeType;
      return { status: answer.Table?.TableStatus, hashKey: hash?.AttributeName ? { name: hash.AttributeName, type } : undefined };
    });
  }
}
