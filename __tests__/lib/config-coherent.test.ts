import * as fs from "fs";
import * as path from "path";
import { windowsOverlap } from "../../lib/aws-formats";
import { CoherentConfig, coherentConfigDefinition } from "../../lib/config/coherent";
import { ConfigInput, systemConfigParser } from "../support/system-config";

const FILE = "config/coherent-dev.json";
const { parse, problemsFor } = systemConfigParser(coherentConfigDefinition, FILE);
type Input = ConfigInput;

const development: Input = { tier: "development" };
/** The smallest valid production file: the load balancer's certificate needs a zone or an ARN, the alarms a subscriber. */
const production: Input = {
  tier: "production",
  allowedAccountIds: ["210987654321"],
  domain: { name: "example.com", hostedZoneId: "Z0123456789ABC" },
  monitoring: { alarmSubscribers: [{ email: "oncall@agency.gov" }] },
};

describe("coherent config", () => {
  test("GIVEN only a tier THEN every default is the seed document's value", () => {
    const config = parse(development);
    expect(config.region).toBe("us-east-1");
    expect(config.network).toMatchObject({
      vpcCidr: "10.0.0.0/16",
      publicSubnets: [
        { name: "app-subnet-1", cidr: "10.0.1.0/24" },
        { name: "app-subnet-2", cidr: "10.0.2.0/24" },
      ],
      privateSubnets: [
        { name: "data-subnet-1", cidr: "10.0.11.0/24" },
        { name: "data-subnet-2", cidr: "10.0.12.0/24" },
      ],
      natGateways: "single",
    });
    expect(config.appServer).toMatchObject({
      instanceType: "t3.medium",
      rootVolumeGb: 30,
      nodeMajorVersion: 20,
      amiSsmParameter: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
    });
    expect(config.database).toMatchObject({
      engineVersion: "14",
      instanceClass: "db.t3.micro",
      databaseName: "coherent",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      backupRetentionDays: 7,
      backupWindow: "03:00-04:00",
      maxConnections: 87,
      finalSnapshot: true,
    });
    expect(config.artifacts).toMatchObject({
      prefixes: ["uploads/", "artifacts/", "documents/", "backups/"],
      infrequentAccessAfterDays: 30,
      glacierAfterDays: 90,
      expireAfterDays: 365,
      noncurrentVersionGlacierAfterDays: 30,
      noncurrentVersionExpireDays: 120,
    });
    expect(config.backup).toEqual({ dumpHourUtc: 2, localRetentionDays: 7 });
    expect(config.horizontalScaling).toEqual({ enabled: false, minInstances: 2, maxInstances: 4, targetCpuPercent: 70 });
    expect(config.sshAllowedCidr).toBeUndefined();
  });

  test("GIVEN no explicit switches THEN production turns on every safeguard and development none", () => {
    const dev = parse(development);
    const prod = parse(production);
    const safeguards = (config: CoherentConfig) => ({
      multiAz: config.database.multiAz,
      deletionProtection: config.database.deletionProtection,
      loadBalancer: config.loadBalancer.enabled,
      terminationProtection: config.appServer.terminationProtection,
      ...config.security,
    });
    expect(safeguards(dev)).toEqual({
      multiAz: false,
      deletionProtection: false,
      loadBalancer: false,
      terminationProtection: false,
      waf: false,
      guardDuty: "off",
      cloudTrail: "off",
      configRecorder: "off",
      appSecrets: false,
    });
    expect(safeguards(prod)).toEqual({
      multiAz: true,
      deletionProtection: true,
      loadBalancer: true,
      terminationProtection: true,
      waf: true,
      guardDuty: "create",
      cloudTrail: "create",
      configRecorder: "create",
      appSecrets: true,
    });
    expect(dev.monitoring.logRetentionDays).toBe(30);
    expect(prod.monitoring.logRetentionDays).toBe(90);
  });

  test("GIVEN an account whose organization runs GuardDuty, AWS Config and CloudTrail THEN production adopts them and keeps the rest", () => {
    const config = parse({ ...production, security: { guardDuty: "adopt", configRecorder: "adopt", cloudTrail: "organization" } });
    expect(config.security).toEqual({
      waf: true,
      guardDuty: "adopt",
      cloudTrail: "organization",
      configRecorder: "adopt",
      appSecrets: true,
    });
  });

  test("GIVEN the earlier true/false switches or a mode another switch has THEN the file is refused naming the allowed modes", () => {
    expect(problemsFor({ ...production, security: { guardDuty: false, cloudTrail: "adopt" } })).toEqual([
      expect.stringMatching(/security\.guardDuty = false: Invalid option: expected one of "create"\|"adopt"\|"off"$/),
      expect.stringMatching(/security\.cloudTrail = "adopt": Invalid option: expected one of "create"\|"organization"\|"off"$/),
    ]);
  });

  test("GIVEN production without an account guard THEN it is refused naming the field; development may leave it out", () => {
    expect(problemsFor({ ...production, allowedAccountIds: [] })).toEqual([
      expect.stringMatching(/^config\/coherent-dev\.json: allowedAccountIds = \[\]: must name the account\(s\) production is applied to: /),
    ]);
    expect(parse(development).allowedAccountIds).toEqual([]);
  });

  test("GIVEN a known instance class THEN the connections limit comes from the table; otherwise it must be given", () => {
    expect(parse({ ...development, database: { instanceClass: "db.t3.small" } }).database.maxConnections).toBe(198);
    expect(parse({ ...development, database: { instanceClass: "db.m6g.large", maxConnections: 1600 } }).database.maxConnections).toBe(1600);
    expect(problemsFor({ ...development, database: { instanceClass: "db.m6g.large" } })).toEqual([
      expect.stringMatching(
        /^config\/coherent-dev\.json: database\.instanceClass = "db\.m6g\.large": has no known max_connections: set database\.maxConnections/,
      ),
    ]);
  });

  test("GIVEN the checked-in files THEN both parse, prod is production with larger sizes, and SSH is never world-open", () => {
    const read = (env: string) =>
      parse(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "config", `coherent-${env}.json`), "utf8")));
    const dev = read("dev");
    const prod = read("prod");
    expect(dev.tier).toBe("development");
    expect(prod.tier).toBe("production");
    expect(prod.appServer.instanceType).toBe("t3.large");
    expect(prod.database.instanceClass).toBe("db.t3.small");
    for (const config of [dev, prod]) expect(config.sshAllowedCidr).not.toMatch(/\/0$/);
  });

  test.each<[string, Input, RegExp]>([
    [
      "SSH open to the world",
      { ...development, sshAllowedCidr: "0.0.0.0/0" },
      /sshAllowedCidr = "0\.0\.0\.0\/0": must not open SSH to the whole internet/,
    ],
    ["a malformed SSH range", { ...development, sshAllowedCidr: "10.0.0.1/8" }, /sshAllowedCidr = "10\.0\.0\.1\/8": must be an IPv4 CIDR/],
    [
      "production without deletion protection",
      { ...production, database: { deletionProtection: false } },
      /database\.deletionProtection = false: must be true in production/,
    ],
    [
      "production without Multi-AZ",
      { ...production, database: { multiAz: false } },
      /database\.multiAz = false: must be true in production/,
    ],
    [
      "production without a final snapshot",
      { ...production, database: { finalSnapshot: false } },
      /database\.finalSnapshot = false: must be true in production/,
    ],
    [
      "production without the load balancer",
      { ...production, loadBalancer: { enabled: false }, security: { waf: false } },
      /loadBalancer\.enabled = false: must be true in production: ports 4000\/5173/,
    ],
    [
      "a load balancer without a certificate source",
      { ...development, loadBalancer: { enabled: true } },
      /loadBalancer\.enabled = true: needs domain\.hostedZoneId or domain\.certificateArn/,
    ],
    [
      "scaling without a load balancer",
      { ...development, horizontalScaling: { enabled: true } },
      /horizontalScaling\.enabled = true: needs loadBalancer\.enabled/,
    ],
    ["WAF without a load balancer", { ...development, security: { waf: true } }, /security\.waf = true: needs loadBalancer\.enabled/],
    [
      "min instances above max",
      { ...development, horizontalScaling: { minInstances: 5 } },
      /horizontalScaling\.maxInstances = 4 \(default\): must be >= horizontalScaling\.minInstances \(5\)/,
    ],
    [
      "storage ceiling below the start size",
      { ...development, database: { allocatedStorageGb: 200 } },
      /database\.maxAllocatedStorageGb = 100 \(default\): must be >= database\.allocatedStorageGb \(200\)/,
    ],
    [
      "storage below the gp3 minimum",
      { ...development, database: { allocatedStorageGb: 10 } },
      /database\.allocatedStorageGb = 10: .*>=20/,
    ],
    ["backups turned off", { ...development, database: { backupRetentionDays: 0 } }, /database\.backupRetentionDays = 0/],
    [
      "maintenance during the backup window",
      { ...development, database: { maintenanceWindow: "tue:03:30-tue:04:30" } },
      /database\.maintenanceWindow = "tue:03:30-tue:04:30": must not overlap the backup window 03:00-04:00/,
    ],
    [
      "a malformed backup window",
      { ...development, database: { backupWindow: "3-4" } },
      /database\.backupWindow = "3-4": must be hh:mm-hh:mm/,
    ],
    [
      "a reserved master user",
      { ...development, database: { masterUsername: "rdsadmin" } },
      /database\.masterUsername = "rdsadmin": is reserved/,
    ],
    [
      "an unknown engine version format",
      { ...development, database: { engineVersion: "fourteen" } },
      /database\.engineVersion = "fourteen": must be a PostgreSQL version/,
    ],
    [
      "Standard-IA before 30 days",
      { ...development, artifacts: { infrequentAccessAfterDays: 7 } },
      /artifacts\.infrequentAccessAfterDays = 7/,
    ],
    [
      "Glacier too soon after Standard-IA",
      { ...development, artifacts: { glacierAfterDays: 45 } },
      /artifacts\.glacierAfterDays = 45: must be at least 30 days after infrequentAccessAfterDays \(30\)/,
    ],
    [
      "expiry before Glacier",
      { ...development, artifacts: { expireAfterDays: 60 } },
      /artifacts\.expireAfterDays = 60: must be at least 90 days after glacierAfterDays \(90\)/,
    ],
    [
      "expiry inside Glacier's 90-day minimum (an early-deletion charge)",
      { ...development, artifacts: { expireAfterDays: 150 } },
      /artifacts\.expireAfterDays = 150: must be at least 90 days after glacierAfterDays \(90\): S3 bills GLACIER for 90 days at least/,
    ],
    [
      "old versions deleted inside Glacier's 90-day minimum",
      { ...development, artifacts: { noncurrentVersionExpireDays: 30 } },
      /artifacts\.noncurrentVersionExpireDays = 30: must be at least 90 days after noncurrentVersionGlacierAfterDays \(30\)/,
    ],
    [
      "a prefix without its slash",
      { ...development, artifacts: { prefixes: ["uploads"] } },
      /artifacts\.prefixes\[0\] = "uploads": must be a folder key like uploads\//,
    ],
    [
      "a retention CloudWatch does not offer",
      { ...development, monitoring: { logRetentionDays: 10 } },
      /monitoring\.logRetentionDays = 10: must be one of CloudWatch's retention periods/,
    ],
    [
      "a malformed alarm e-mail",
      { ...development, monitoring: { alarmSubscribers: [{ email: "ops" }] } },
      /monitoring\.alarmSubscribers\[0\]\.email = "ops": must be an e-mail address/,
    ],
    [
      "the old single alarm e-mail",
      { ...development, monitoring: { alarmEmail: "ops@agency.gov" } },
      /monitoring\.alarmEmail: unknown field/,
    ],
    [
      "production whose alarms reach nobody",
      { ...production, monitoring: { ec2CpuAlarmPercent: 90 } },
      /monitoring\.alarmSubscribers = \[\] \(default\): must name at least one subscriber in production/,
    ],
    [
      "a backup heartbeat shorter than the daily backup",
      { ...development, monitoring: { backupHeartbeatHours: 24 } },
      /monitoring\.backupHeartbeatHours = 24: must be at least 25: the backup runs once a day/,
    ],
    [
      "a sign-in limit as high as the general one",
      { ...development, webAclRules: { signInRateLimitPerFiveMinutes: 2000 } },
      /webAclRules\.signInRateLimitPerFiveMinutes = 2000: must be below rateLimitPerFiveMinutes \(2000\)/,
    ],
    [
      "a rate limit below WAF's minimum",
      { ...development, webAclRules: { signInRateLimitPerFiveMinutes: 5 } },
      /webAclRules\.signInRateLimitPerFiveMinutes = 5: must be a whole number from 10 to 2000000000/,
    ],
    [
      "the backup connecting as the app",
      { ...development, database: { backupUsername: "coherent_app" } },
      /database\.backupUsername = "coherent_app": must differ from masterUsername and appUsername/,
    ],
    ["a backup hour past midnight", { ...development, backup: { dumpHourUtc: 24 } }, /backup\.dumpHourUtc = 24/],
    ["a misspelled field", { ...development, databse: {} }, /databse: unknown field/],
    [
      "SSH open to half the internet",
      { ...development, sshAllowedCidr: "0.0.0.0/1" },
      /sshAllowedCidr = "0\.0\.0\.0\/1": must not open SSH/,
    ],
    [
      "a wrong type",
      { ...development, appServer: { rootVolumeGb: "30" } },
      /appServer\.rootVolumeGb = "30": Invalid input: expected number/,
    ],
    [
      "a malformed VPC range",
      { ...development, network: { vpcCidr: "10.0.0.0/40" } },
      /network\.vpcCidr = "10\.0\.0\.0\/40": must be an IPv4 CIDR/,
    ],
    [
      "a subnet outside the VPC",
      { ...development, network: { vpcCidr: "10.1.0.0/16" } },
      /network\.publicSubnets\[0\]\.cidr = "10\.0\.1\.0\/24" \(default\): must lie inside network\.vpcCidr 10\.1\.0\.0\/16/,
    ],
    [
      "overlapping subnets",
      {
        ...development,
        network: {
          privateSubnets: [
            { name: "data-subnet-1", cidr: "10.0.2.0/24" },
            { name: "data-subnet-2", cidr: "10.0.12.0/24" },
          ],
        },
      },
      /network\.privateSubnets\[0\]\.cidr = "10\.0\.2\.0\/24": overlaps app-subnet-2/,
    ],
    [
      "more subnets than the default zones",
      {
        ...development,
        network: {
          publicSubnets: [
            { name: "app-subnet-1", cidr: "10.0.1.0/24" },
            { name: "app-subnet-2", cidr: "10.0.2.0/24" },
            { name: "app-subnet-3", cidr: "10.0.3.0/24" },
          ],
        },
      },
      /network\.publicSubnets = .*has 3 subnets but only 2 availability zones \(us-east-1a, us-east-1b\)/,
    ],
    ["a missing tier", {}, /tier = \(missing\)/],
  ])("GIVEN %s THEN the file is refused with the field, value and rule", (_, input, message) => {
    const problems = problemsFor(input);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.join("\n")).toMatch(message);
    for (const problem of problems) expect(problem.startsWith(`${FILE}: `)).toBe(true);
  });

  test.each([
    ["03:00-04:00", "sun:04:30-sun:05:30", false],
    ["03:00-04:00", "sun:03:59-sun:05:00", true],
    ["23:30-00:30", "mon:00:00-mon:01:00", true],
    ["03:00-04:00", "sun:23:00-mon:03:30", true],
    ["03:00-04:00", "sat:23:00-sun:01:00", false],
    ["23:00-00:30", "sun:23:45-mon:00:15", true],
  ])("GIVEN backup window %s and maintenance window %s THEN their overlap is %s", (backup, maintenance, overlap) => {
    expect(windowsOverlap(backup, maintenance)).toBe(overlap);
  });
});
