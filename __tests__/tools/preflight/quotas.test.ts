import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
  TooManyRequestsException,
} from "@aws-sdk/client-service-quotas";
import { CloudTrailClient, DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { AwsAccount, Observed, QuotaValue } from "../../../tools/preflight/aws";
import {
  Demand,
  demandsOf,
  prefixListKey,
  prefixListsReferenced,
  QuotaFacts,
  QuotaId,
  quotaChecks,
  quotaLiveChecks,
  UsageItem,
} from "../../../tools/preflight/quotas";
import { preflightStacks } from "../../../tools/preflight/runner";
import { PreflightStack, targetsAccount } from "../../../tools/preflight/stacks";
import { configCopy, FILLED_IN } from "../../support/config-dir";
import { ACCOUNT, cannot, fixtureStack, ok, resetBetweenTests, serviceError, tagsOf } from "../../support/preflight";

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** `count` Elastic IPs, addressed eip-1..n. */
const eips = (count: number): Blocks => ({
  aws_eip: Object.fromEntries(Array.from({ length: count }, (_, i) => [`eip-${i + 1}`, { domain: "vpc" }])),
});

/** The five stacks of one account, in apply order, with the Elastic IPs the committed stacks allocate. */
const FIVE: PreflightStack[] = [
  fixtureStack("state-backend"),
  fixtureStack("coherent-dev", { resource: eips(2) }),
  fixtureStack("coherent-prod", { resource: eips(2) }),
  fixtureStack("treasury-plane-dev", { resource: eips(1) }),
  fixtureStack("treasury-plane-prod", { resource: eips(2) }),
];

const QUOTA_5: QuotaValue = { value: 5, adjustable: true, source: "applied" };

function facts(
  quota: Partial<Record<QuotaId, Observed<QuotaValue>>> = {},
  usage: Partial<Record<QuotaId, Observed<UsageItem[]>>> = {},
): QuotaFacts {
  return { quota: (id) => quota[id] ?? ok(QUOTA_5), usage: (id) => usage[id] ?? ok([]) };
}

function demandsFor(stacks: readonly PreflightStack[], weights = new Map<string, Observed<number | undefined>>()): Map<string, Demand[]> {
  return new Map(stacks.map((stack) => [stack.name, demandsOf(stack, ["us-east-1"], weights)]));
}

const rowOf = (rows: ReturnType<typeof quotaChecks>, stack: string, check = "quota: Elastic IPs") =>
  rows.find((row) => row.stack === stack && row.check === check);

describe("quotas across the stacks of one account", () => {
  test("GIVEN all five stacks in one account allocating 7 Elastic IPs against a quota of 5 THEN the stack whose allocation is the 6th fails, with the exact increase command", () => {
    const rows = quotaChecks(FIVE, ACCOUNT, facts(), demandsFor(FIVE));
    expect(
      ["coherent-dev", "coherent-prod", "treasury-plane-dev", "treasury-plane-prod"].map((stack) => rowOf(rows, stack)?.verdict),
    ).toEqual(["pass", "pass", "warn", "fail"]);
    expect(rowOf(rows, "state-backend")).toBeUndefined();
    const failed = rowOf(rows, "treasury-plane-prod")!;
    expect(failed.detail).toBe(
      "us-east-1: takes 2 (aws_eip.eip-1, aws_eip.eip-2): the 6th to 7th of 5 (applied quota; 0 in use; 5 more for stacks applied before it)",
    );
    expect(failed.fix).toBe(
      "request 7:\naws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-0263D0A3 --desired-value 7 --region us-east-1",
    );
    expect(rowOf(rows, "treasury-plane-dev")!.detail).toMatch(/5 of 5 after it .*: none left$/);
  });

  test("GIVEN Elastic IPs already in use by someone else THEN an earlier stack fails and the request covers them", () => {
    const inUse = ok([1, 2, 3].map((n) => ({ id: `eipalloc-0${n}`, tags: { Name: "legacy" } })));
    const rows = quotaChecks(FIVE, ACCOUNT, facts({}, { elasticIps: inUse }), demandsFor(FIVE));
    expect(rowOf(rows, "coherent-dev")!.verdict).toBe("warn");
    expect(rowOf(rows, "coherent-prod")!).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("the 6th to 7th of 5 (applied quota; 3 in use; 2 more"),
    });
    expect(rowOf(rows, "coherent-prod")!.fix).toContain("--desired-value 10 ");
  });

  test("GIVEN Elastic IPs an earlier apply of coherent-dev created (its default tags) THEN they count once, not again as its demand", () => {
    const applied = ok([1, 2].map((n) => ({ id: `eipalloc-1${n}`, tags: tagsOf("coherent-dev") })));
    const rows = quotaChecks(FIVE, ACCOUNT, facts({ elasticIps: ok({ ...QUOTA_5, value: 7 }) }, { elasticIps: applied }), demandsFor(FIVE));
    expect(rowOf(rows, "coherent-dev")!.detail).toContain("2 in use, 2 of them this stack's");
    expect(rowOf(rows, "treasury-plane-prod")!).toMatchObject({ verdict: "warn", detail: expect.stringContaining("7 of 7 after it") });
  });

  test("GIVEN Service Quotas without an applied value THEN the row says it used AWS's default", () => {
    const defaulted = quotaChecks(
      FIVE.slice(0, 2),
      ACCOUNT,
      facts({ elasticIps: ok({ ...QUOTA_5, source: "default" }) }),
      demandsFor(FIVE),
    );
    expect(rowOf(defaulted, "coherent-dev")!.detail).toContain("(AWS default, no applied value; 0 in use)");
  });

  test.each([
    [
      "the quota",
      { elasticIps: cannot("GetServiceQuota in us-east-1 was denied: the credentials need servicequotas:GetServiceQuota") },
      {},
    ],
    ["the usage", {}, { elasticIps: cannot("DescribeAddresses in us-east-1 was denied: the credentials need ec2:DescribeAddresses") }],
  ] as const)("GIVEN %s could not be read THEN every stack's row could not run, with the reason; never a pass", (_case, quota, usage) => {
    const rows = quotaChecks(FIVE, ACCOUNT, facts(quota, usage), demandsFor(FIVE));
    expect(rowOf(rows, "coherent-dev")).toMatchObject({
      verdict: "cannot run",
      detail: expect.stringMatching(
        /^us-east-1: .* was denied: the credentials need (servicequotas:GetServiceQuota|ec2:DescribeAddresses)$/,
      ),
    });
  });

  test("GIVEN NAT gateways THEN the quota is per Availability Zone: a zone already holding 5 fails, the other zone passes", () => {
    const subnets = { aws_subnet: { "a-1": { availability_zone: "us-east-1a" }, "b-1": { availability_zone: "us-east-1b" } } };
    const nat = (subnet: string) => ({ allocation_id: "${aws_eip.eip-1.allocation_id}", subnet_id: `\${aws_subnet.${subnet}.id}` });
    const stack = fixtureStack("treasury-plane-prod", {
      resource: { ...subnets, aws_nat_gateway: { "nat-1": nat("a-1"), "nat-2": nat("b-1") } },
    });
    const full = ok([1, 2, 3, 4, 5].map((n) => ({ id: `nat-0${n}`, tags: {}, scope: "us-east-1a" })));
    const [row] = quotaChecks([stack], ACCOUNT, facts({}, { natGateways: full }), demandsFor([stack])).filter(
      (r) => r.check === "quota: NAT gateways",
    );
    expect(row.verdict).toBe("fail");
    expect(row.detail.split("\n")).toEqual([
      "us-east-1a: takes 1 (aws_nat_gateway.nat-1): the 6th of 5 (applied quota; 5 in use)",
      "us-east-1b: takes 1 (aws_nat_gateway.nat-2); 1 of 5 after it (applied quota; 0 in use)",
    ]);
    expect(row.fix).toContain("--quota-code L-FE5A380F --desired-value 6");
  });

  test("GIVEN a VPC, two security groups and a Beanstalk environment that makes its own THEN VPC security groups count the VPC's default group and Beanstalk's", () => {
    const environment = (settings: Record<string, string>) => ({
      name: "treasury-plane-dev",
      cname_prefix: "treasury-plane-dev",
      setting: Object.entries(settings).map(([key, value]) => ({ namespace: key.split(" ")[0], name: key.split(" ")[1], value })),
    });
    const stack = fixtureStack("treasury-plane-dev", {
      resource: {
        aws_vpc: { vpc: { cidr_block: "10.0.0.0/16" } },
        aws_security_group: { alb: {}, app: {} },
        aws_elastic_beanstalk_environment: { env: environment({ "aws:elasticbeanstalk:environment EnvironmentType": "SingleInstance" }) },
      },
    });
    const byQuota = Object.fromEntries(demandsOf(stack, ["us-east-1"]).map((demand) => [demand.quota, demand.count]));
    expect(byQuota).toMatchObject({ securityGroups: 4, vpcs: 1, elasticIps: 1 });
    const quiet = fixtureStack("treasury-plane-dev", {
      resource: {
        aws_elastic_beanstalk_environment: {
          env: environment({
            "aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup": "true",
            "aws:elasticbeanstalk:environment EnvironmentType": "LoadBalanced",
          }),
        },
      },
    });
    expect(demandsOf(quiet, ["us-east-1"])).toEqual([]);
  });

  test("GIVEN a multi-Region trail and a trail quota AWS will not raise THEN the trail counts in each Region, and the fix says it cannot be raised", () => {
    const trail = { aws_cloudtrail: { audit: { name: "coherent-prod-audit", is_multi_region_trail: true } } };
    const stack = fixtureStack("coherent-prod", { resource: trail });
    expect(demandsOf(stack, ["us-east-1", "us-west-2"]).map((demand) => `${demand.quota} ${demand.region}`)).toEqual([
      "trails us-east-1",
      "trails us-west-2",
    ]);
    const others = ok([1, 2, 3, 4, 5].map((n) => ({ id: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t${n}`, name: `t${n}`, tags: {} })));
    const [row] = quotaChecks(
      [stack],
      ACCOUNT,
      facts({ trails: ok({ value: 5, adjustable: false, source: "documented" }) }, { trails: others }),
      demandsFor([stack]),
    );
    expect(row).toMatchObject({
      check: "quota: CloudTrail trails",
      verdict: "fail",
      detail: expect.stringContaining("the 6th of 5 (fixed by AWS; 5 in use)"),
    });
    expect(row.fix).toBe(
      'this quota cannot be raised, or free 1 of the 5 in use; an organization trail can replace the stacks\' own (the cloudTrail switch, "organization")',
    );
    const ownTrail = ok([
      { id: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/coherent-prod-audit`, name: "coherent-prod-audit", tags: {} },
    ]);
    const [again] = quotaChecks(
      [stack],
      ACCOUNT,
      facts({ trails: ok({ value: 5, adjustable: false, source: "documented" }) }, { trails: ownTrail }),
      demandsFor([stack]),
    );
    expect(again.detail).toContain("1 in use, 1 of them this stack's");
  });

  test("GIVEN an ALB group with the CloudFront origin-facing prefix list and six CIDR rules THEN the list weighs its 55 entries and the group exceeds 60 inbound rules", () => {
    const rule = (extra: Record<string, unknown>) => ({
      security_group_id: "${aws_security_group.alb.id}",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      ...extra,
    });
    const stack = fixtureStack("coherent-prod", {
      data: { aws_ec2_managed_prefix_list: { cloudfront: { name: "com.amazonaws.global.cloudfront.origin-facing" } } },
      resource: {
        aws_security_group: { alb: { name: "alb" } },
        aws_vpc_security_group_ingress_rule: {
          "from-cloudfront": rule({ prefix_list_id: "${data.aws_ec2_managed_prefix_list.cloudfront.id}" }),
          ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`office-${i}`, rule({ cidr_ipv4: `10.${i}.0.0/16` })])),
        },
        aws_vpc_security_group_egress_rule: {
          out: { security_group_id: "${aws_security_group.alb.id}", cidr_ipv4: "10.0.0.0/16", ip_protocol: "-1" },
        },
      },
    });
    const [ref] = prefixListsReferenced(stack);
    expect(ref).toEqual({ region: "us-east-1", id: undefined, name: "com.amazonaws.global.cloudfront.origin-facing" });
    const weights = new Map([[prefixListKey(ref), ok(55)]]);
    const rows = quotaChecks(
      [stack],
      ACCOUNT,
      facts({ rulesPerSecurityGroup: ok({ value: 60, adjustable: true, source: "default" }) }),
      demandsFor([stack], weights),
    );
    const row = rowOf(rows, "coherent-prod", "quota: rules per security group")!;
    expect(row).toMatchObject({
      verdict: "fail",
      detail: "aws_security_group.alb (us-east-1): 61 inbound IPv4 rules of 60 (AWS default, no applied value)",
    });
    expect(row.fix).toContain("--service-code vpc --quota-code L-0EA8095F --desired-value 61 --region us-east-1");
    const unknown = quotaChecks(
      [stack],
      ACCOUNT,
      facts(),
      demandsFor([stack], new Map([[prefixListKey(ref), cannot("DescribeManagedPrefixLists in us-east-1 was denied")]])),
    );
    expect(rowOf(unknown, "coherent-prod", "quota: rules per security group")!.verdict).toBe("cannot run");
  });
});

describe("quotas through the SDK (Service Quotas and EC2 mocked)", () => {
  const quotas = mockClient(ServiceQuotasClient);
  const ec2 = mockClient(EC2Client);
  const cloudTrail = mockClient(CloudTrailClient);
  resetBetweenTests(quotas, ec2, cloudTrail);
  beforeEach(() => {
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [] });
    ec2
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: "vpc-0default", IsDefault: true, CidrBlock: "172.31.0.0/16", State: "available", Tags: [] }] });
    ec2
      .on(DescribeInternetGatewaysCommand)
      .resolves({ InternetGateways: [{ InternetGatewayId: "igw-0default", Attachments: [{ VpcId: "vpc-0default" }], Tags: [] }] });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: "sg-0default", GroupName: "default", VpcId: "vpc-0default" }] });
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  });

  test("GIVEN the five committed stacks synthesized, all in one account, and no applied Elastic IP quota THEN the default of 5 is used and treasury-plane-prod's Elastic IPs are the 6th and 7th", async () => {
    const dir = configCopy(FILLED_IN, allowedIn(ACCOUNT));
    const stacks = preflightStacks(dir);
    expect(stacks.every((stack) => targetsAccount(stack, ACCOUNT))).toBe(true);
    quotas.on(GetServiceQuotaCommand).rejects(
      new NoSuchResourceException({
        $metadata: { httpStatusCode: 400 },
        message: "The request failed because the specified quota does not exist.",
      }),
    );
    quotas.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: { ServiceCode: string; QuotaCode: string }) => ({
      Quota: {
        ServiceCode: input.ServiceCode,
        QuotaCode: input.QuotaCode,
        QuotaName: "default",
        Value: input.QuotaCode === "L-E79EC296" ? 2500 : input.QuotaCode === "L-0EA8095F" ? 60 : 5,
        Adjustable: true,
        GlobalQuota: false,
      },
    }));
    // Treasury Plane's Login.gov listener admits CloudFront's origin-facing list, which weighs 55 rules.
    ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [
        { PrefixListName: "com.amazonaws.global.cloudfront.origin-facing", MaxEntries: 55, AddressFamily: "IPv4", OwnerId: "AWS" },
      ],
    });
    const rows = await quotaLiveChecks(stacks, stacks, ACCOUNT, new AwsAccount());
    const ruleRows = rows.filter((row) => row.check === "quota: rules per security group");
    expect(ruleRows.map((row) => row.stack)).toContain("treasury-plane-prod");
    expect(ruleRows.filter((row) => row.verdict !== "pass")).toEqual([]);
    const eip = rows.filter((row) => row.check === "quota: Elastic IPs").map((row) => `${row.stack} ${row.verdict}`);
    expect(eip).toEqual(["coherent-dev pass", "coherent-prod pass", "treasury-plane-dev warn", "treasury-plane-prod fail"]);
    expect(rowOf(rows, "treasury-plane-prod")!.detail).toMatch(
      /^us-east-1: takes 2 \(.*\): the 6th to 7th of 5 \(AWS default, no applied value; 0 in use; 5 more for stacks applied before it\)$/,
    );
    // Four VPCs beside the default one: the last stack takes the fifth and last.
    expect(rowOf(rows, "treasury-plane-prod", "quota: VPCs")).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("5 of 5 after it"),
    });
    expect(quotas).toHaveReceivedCommandWith(GetAWSDefaultServiceQuotaCommand, { ServiceCode: "ec2", QuotaCode: "L-0263D0A3" });
  });

  test("GIVEN EC2 refusing DescribeAddresses and Service Quotas throttling THEN the rows could not run, naming ec2:DescribeAddresses and the throttling", async () => {
    const stacks = FIVE.slice(0, 2);
    ec2
      .on(DescribeAddressesCommand)
      .rejects(serviceError("UnauthorizedOperation", 403, "You are not authorized to perform this operation."));
    quotas.on(GetServiceQuotaCommand).resolves({ Quota: { ServiceCode: "ec2", QuotaCode: "L-0263D0A3", Value: 5, Adjustable: true } });
    expect(rowOf(await quotaLiveChecks(stacks, stacks, ACCOUNT, new AwsAccount()), "coherent-dev")).toMatchObject({
      verdict: "cannot run",
      detail:
        "us-east-1: DescribeAddresses in us-east-1 was denied: the credentials need ec2:DescribeAddresses (docs/operations.md lists the preflight policy)",
    });
    quotas
      .on(GetServiceQuotaCommand)
      .rejects(new TooManyRequestsException({ $metadata: { httpStatusCode: 400, attempts: 3 }, message: "Rate exceeded" }));
    expect(rowOf(await quotaLiveChecks(stacks, stacks, ACCOUNT, new AwsAccount()), "coherent-dev")!.detail).toContain(
      "GetServiceQuota in us-east-1 was throttled (TooManyRequestsException)",
    );
  });

  test("GIVEN NAT gateways in use THEN their zones come from their subnets, and the CloudFront list's weight from DescribeManagedPrefixLists", async () => {
    ec2
      .on(DescribeNatGatewaysCommand)
      .resolves({ NatGateways: [{ NatGatewayId: "nat-0a", SubnetId: "subnet-0a", VpcId: "vpc-0a", State: "available", Tags: [] }] });
    ec2
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [{ SubnetId: "subnet-0a", AvailabilityZone: "us-east-1a", AvailabilityZoneId: "use1-az1", VpcId: "vpc-0a" }] });
    ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [
        {
          PrefixListId: "pl-3b927c52",
          PrefixListName: "com.amazonaws.global.cloudfront.origin-facing",
          MaxEntries: 55,
          AddressFamily: "IPv4",
          OwnerId: "AWS",
          State: "create-complete",
        },
      ],
    });
    quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 5, Adjustable: true } });
    const stack = fixtureStack("coherent-prod", {
      resource: {
        aws_subnet: { a: { availability_zone: "us-east-1a" } },
        aws_nat_gateway: { nat: { subnet_id: "${aws_subnet.a.id}" } },
        aws_security_group: { alb: {} },
        aws_vpc_security_group_ingress_rule: { cf: { security_group_id: "${aws_security_group.alb.id}", prefix_list_id: "pl-3b927c52" } },
      },
    });
    const rows = await quotaLiveChecks([stack], [stack], ACCOUNT, new AwsAccount());
    expect(rowOf(rows, "coherent-prod", "quota: NAT gateways")!.detail).toContain(
      "us-east-1a: takes 1 (aws_nat_gateway.nat); 2 of 5 after it (applied quota; 1 in use)",
    );
    expect(rowOf(rows, "coherent-prod", "quota: rules per security group")!.detail).toBe(
      "aws_security_group.alb (us-east-1): 55 inbound IPv4 rules of 5 (applied quota)",
    );
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { SubnetIds: ["subnet-0a"] });
    expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {
      Filter: [{ Name: "state", Values: ["pending", "available", "deleting"] }],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeManagedPrefixListsCommand, { PrefixListIds: ["pl-3b927c52"] });
  });
});

/** Every config file allows only `account`. */
function allowedIn(account: string) {
  const set = (config: Record<string, unknown>) => Object.assign(config, { allowedAccountIds: [account] });
  return Object.fromEntries(
    ["state-backend.json", "coherent-dev.json", "coherent-prod.json", "treasury-plane-dev.json", "treasury-plane-prod.json"].map((file) => [
      file,
      set,
    ]),
  );
}
