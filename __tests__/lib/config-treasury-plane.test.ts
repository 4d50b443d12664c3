import * as fs from "fs";
import * as path from "path";
import { ConfigInput, systemConfigParser } from "../support/system-config";
import { treasuryPlaneConfigDefinition } from "../../lib/config/treasury-plane";

const FILE = "config/treasury-plane-dev.json";
const { parse, problemsFor } = systemConfigParser(treasuryPlaneConfigDefinition, FILE);

/** The smallest valid file: a tier, a domain with a zone, and a CA bundle. */
const minimal = {
  tier: "development",
  domain: { name: "dev.plane.example.gov", hostedZoneId: "Z0123456789ABC" },
  mutualTls: { caBundle: { bucket: "pki-bundles", key: "ca.pem" } },
};
type Input = ConfigInput;

/** Production pins the CA bundle's version and names a CRL the ALB checks revocation with. */
const PRODUCTION_TRUST = {
  caBundle: { bucket: "pki-bundles", key: "ca.pem", objectVersion: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" },
  revocationLists: [{ bucket: "pki-bundles", key: "crl/common-policy.crl", objectVersion: "2Zq8pVp5vZkq0Hn1Ew7iPqcW.SdDsbNr" }],
};
/** Production also names who its alarms reach. */
const SUBSCRIBED = { alarmSubscribers: [{ email: "oncall@agency.gov" }] };
const production = (extra: Input = {}): Input => ({
  ...minimal,
  tier: "production",
  allowedAccountIds: ["210987654321"],
  mutualTls: PRODUCTION_TRUST,
  monitoring: SUBSCRIBED,
  ...extra,
});

describe("treasury-plane config", () => {
  test("GIVEN no secrets THEN the document's, but for db-credentials (Django logs in with IAM tokens); GIVEN Redis THEN redis-config joins them", () => {
    expect(Object.keys(parse(minimal).secrets)).toEqual(["django-secret-key", "oidc-credentials", "app-config"]);
    expect(Object.keys(parse({ ...minimal, redis: { enabled: true } }).secrets)).toContain("redis-config");
  });

  test("GIVEN a secret key that is not lowercase letters, digits and hyphens THEN the file is refused naming it", () => {
    expect(problemsFor({ ...minimal, secrets: { Django_Key: "the key" } }).join("\n")).toMatch(
      /secrets\.Django_Key = .*: keys must be lowercase letters, digits and hyphens/,
    );
  });

  test("GIVEN only the required fields THEN every default is the seed document's value", () => {
    const config = parse(minimal);
    expect(config.network).toMatchObject({
      vpcCidr: "10.0.0.0/16",
      publicSubnets: [{ cidr: "10.0.1.0/24" }, { cidr: "10.0.2.0/24" }],
      privateSubnets: [{ cidr: "10.0.10.0/24" }, { cidr: "10.0.11.0/24" }],
      natGateways: "per-az",
      availabilityZones: ["us-east-1a", "us-east-1b"],
      flowLogRetentionDays: 90,
    });
    expect(config.beanstalk).toMatchObject({ instanceType: "t3.small", minInstances: 2, maxInstances: 4, deregistrationDelaySeconds: 30 });
    expect(config.beanstalk.solutionStackRegex).toBe("^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.11$");
    expect(config.database).toMatchObject({
      engineVersion: "15",
      minCapacity: 0.5,
      maxCapacity: 4,
      backupRetentionDays: 7,
      connectionsAlarmPercent: 90,
    });
    expect(config.redis.enabled).toBe(false);
    expect(config.mutualTls.mode).toBe("verify");
    expect(config.mutualTls.noClientCertificatePort).toBe(8443);
    expect(config.frontends.viewerSecurityPolicy).toBe("TLSv1.3_2025");
    expect(config.domain.apiHostName).toBe("api.dev.plane.example.gov");
    expect(config.domain.loginHostName).toBe("login.dev.plane.example.gov");
    expect(config.mutualTls.revocationLists).toEqual([]);
  });

  test("GIVEN no explicit log retention THEN both tiers keep the document's 90 days", () => {
    expect(parse(minimal).logRetentionDays).toBe(90);
    expect(parse(production()).logRetentionDays).toBe(90);
    expect(parse(production({ logRetentionDays: 731 })).logRetentionDays).toBe(731);
  });

  test("GIVEN no explicit deletion protection THEN production protects the database and ALB and development does not", () => {
    expect(parse(minimal).database.deletionProtection).toBe(false);
    expect(parse(minimal).loadBalancer.deletionProtection).toBe(false);
    expect(parse(production()).database.deletionProtection).toBe(true);
    expect(parse(production()).loadBalancer.deletionProtection).toBe(true);
  });

  test("GIVEN the document's ceiling THEN 100 Beanstalk instances and 128 ACU are reachable by config alone", () => {
    const config = parse({ ...minimal, beanstalk: { maxInstances: 100 }, database: { maxCapacity: 128 } });
    expect(config.beanstalk.maxInstances).toBe(100);
    expect(config.database.maxCapacity).toBe(128);
  });

  test("GIVEN a PEM file path instead of an S3 object THEN the bundle is accepted as a file to upload", () => {
    const config = parse({ ...minimal, mutualTls: { caBundle: { pemFile: "certs/fpki.pem" } } });
    expect(config.mutualTls.caBundle).toEqual({ pemFile: "certs/fpki.pem" });
  });

  test("GIVEN passthrough mode THEN the file is refused, saying why: a client without a certificate could send the certificate header itself", () => {
    expect(problemsFor({ ...minimal, mutualTls: { ...minimal.mutualTls, mode: "passthrough" } }).join("\n")).toMatch(
      /mutualTls\.mode = "passthrough": must be "verify": passthrough is no longer offered\. .*AWS documents no stripping of an X-Amzn-Mtls-Clientcert header/,
    );
  });

  test("GIVEN another port for the listener behind CloudFront THEN it is used; the default is 8443", () => {
    expect(
      parse({ ...minimal, mutualTls: { ...minimal.mutualTls, noClientCertificatePort: 9443 } }).mutualTls.noClientCertificatePort,
    ).toBe(9443);
  });

  test.each([
    ...[443, 80, 1023, 65536].map((port): [Input, RegExp] => [
      { mutualTls: { noClientCertificatePort: port, caBundle: { bucket: "pki", key: "ca.pem" } } },
      new RegExp(
        `mutualTls\\.noClientCertificatePort = ${port}: must be a port from 1024 to 65535 \\(CloudFront's custom-origin HTTPS ports`,
      ),
    ]),
    [
      { mutualTls: { caBundle: { bucket: "pki", key: "ca.pem" }, revocationLists: [{ bucket: "pki", key: "a.crl" }] } },
      /mutualTls\.revocationLists\[0\]\.objectVersion = \(missing\)/,
    ],
    [
      { mutualTls: { caBundle: { bucket: "pki", key: "ca.pem" }, revocationCheckedByApplication: { reason: "OCSP" } } },
      /mutualTls\.revocationCheckedByApplication\.reason = "OCSP": must say how and where the application checks revocation/,
    ],
    [
      {
        mutualTls: {
          caBundle: { bucket: "pki", key: "ca.pem" },
          revocationLists: Array.from({ length: 31 }, (_, index) => ({ bucket: "pki", key: `${index}.crl`, objectVersion: "v" })),
        },
      },
      /mutualTls\.revocationLists = .*: must list at most 30 revocation files \(the ALB's trust store quota\)/,
    ],
    [{ frontends: { viewerSecurityPolicy: "TLSv1.1_2016" } }, /frontends\.viewerSecurityPolicy = "TLSv1\.1_2016"/],
    [{ beanstalk: { minInstances: 5, maxInstances: 4 } }, /beanstalk\.maxInstances = 4: must be >= beanstalk\.minInstances \(5\)/],
    [{ beanstalk: { minInstances: 5 } }, /beanstalk\.maxInstances = 4 \(default\): must be >= beanstalk\.minInstances \(5\)/],
    [{ beanstalk: { maxInstances: 101 } }, /beanstalk\.maxInstances = 101: must be at most 100/],
    [{ beanstalk: { minInstances: 0 } }, /beanstalk\.minInstances = 0: must be at least 1/],
    [{ database: { minCapacity: 8 } }, /database\.maxCapacity = 4 \(default\): must be >= database\.minCapacity \(8\)/],
    [{ database: { maxCapacity: 4.25 } }, /database\.maxCapacity = 4\.25: must be a multiple of 0\.5 ACU/],
    [{ database: { minCapacity: 0.25 } }, /database\.minCapacity = 0\.25: must be at least 0\.5 ACU/],
    [{ database: { maxCapacity: 256 } }, /database\.maxCapacity = 256: must be at most 128 ACU/],
    [{ database: { maxCapacity: 0.5 } }, /database\.maxCapacity = 0\.5: must be at least 1 ACU \(AWS refuses a 0\.5 ACU maximum\)/],
    [{ database: { connectionsAlarmPercent: 0 } }, /database\.connectionsAlarmPercent = 0: /],
    [{ database: { connectionsAlarmThreshold: 4500 } }, /database\.connectionsAlarmThreshold: unknown field/],
    [{ database: { engineVersion: "15.x" } }, /database\.engineVersion = "15\.x": must be an Aurora PostgreSQL major version like "15"/],
    [{ redis: { engineVersion: "6.2" } }, /redis\.engineVersion = "6\.2": must be Redis 7\.x or newer/],
    [{ logRetentionDays: 45 }, /logRetentionDays = 45: must be one of CloudWatch's retention periods/],
    [{ beanstalk: { managedUpdateWindow: "Sunday 6am" } }, /beanstalk\.managedUpdateWindow = "Sunday 6am": must be "Day:HH:MM"/],
    [{ loadBalancer: { idleTimeoutSeconds: 30 } }, /loadBalancer\.idleTimeoutSeconds = 30: must be at least 60 for WebSockets/],
    [
      { frontends: { replicaRegion: "us-east-1" } },
      /frontends\.replicaRegion = "us-east-1": must differ from the stack's region us-east-1/,
    ],
    [{ domain: { name: "plane.example.gov" } }, /domain = .*needs hostedZoneId .* or apiCertificateArn/],
    [{ mutualTls: { caBundle: { pemFile: "ca.txt" } } }, /mutualTls\.caBundle\.pemFile = "ca\.txt": must be a \.pem or \.crt file path/],
    [
      { mutualTls: { caBundle: { bucket: "pki", key: "ca.pem", pemFile: "ca.pem" } } },
      /mutualTls\.caBundle = .*: must be either \{bucket, key/,
    ],
    [{ bucketNamePrefix: "Treasury" }, /bucketNamePrefix = "Treasury": must be 2-19 lowercase/],
    [{ surprise: true }, /surprise: unknown field/],
    [{ alarmEmails: ["ops@agency.gov"] }, /alarmEmails: unknown field/],
    [
      { monitoring: { alarmSubscribers: [{ sms: "+15555550100" }] } },
      /monitoring\.alarmSubscribers\[0\] = .*must be \{"email": "<address>"\} or \{"https": "https:\/\/<endpoint>"\}/,
    ],
    [
      { monitoring: { alarmSubscribers: [{ https: "https://user:pass@pager.agency.gov/sns" }] } },
      /monitoring\.alarmSubscribers\[0\]\.https = .*must be an https:\/\/ URL with no user:password@/,
    ],
    [
      { monitoring: { alarmSubscribers: [{ https: "http://pager.agency.gov/sns" }] } },
      /alarmSubscribers\[0\]\.https = "http:\/\/pager\.agency\.gov\/sns"/,
    ],
    [{ monitoring: { responseTimeP95Seconds: 0 } }, /monitoring\.responseTimeP95Seconds = 0: /],
    [{ monitoring: { environmentHealthAtLeast: "Unknown" } }, /monitoring\.environmentHealthAtLeast = "Unknown"/],
    [
      { webAclRules: { maxRequestBodyMb: 26 } },
      /webAclRules\.maxRequestBodyMb = 26: must be at most 25: nginx on the instances refuses larger bodies/,
    ],
    [
      { webAclRules: { rateLimitPerFiveMinutes: 500, signInRateLimitPerFiveMinutes: 500 } },
      /webAclRules\.signInRateLimitPerFiveMinutes = 500: must be below rateLimitPerFiveMinutes \(500\): it is the stricter limit/,
    ],
    [
      { webAclRules: { rateLimitExemptCidrs: ["0.0.0.0/4"] } },
      /webAclRules\.rateLimitExemptCidrs\[0\] = "0\.0\.0\.0\/4": must not exempt a range wider than \/8/,
    ],
    [{ webAclRules: { bodyPaths: ["api/"] } }, /webAclRules\.bodyPaths\[0\] = "api\/": must be a URL path prefix starting with \//],
    [{ database: { appUsername: "treasury_admin" } }, /database\.appUsername = "treasury_admin": must differ from masterUsername/],
    [{ database: { appUsername: "pg_monitor" } }, /database\.appUsername = "pg_monitor": is reserved by PostgreSQL or RDS/],
    [{ database: { masterUsername: "rdsadmin" } }, /database\.masterUsername = "rdsadmin": is reserved by PostgreSQL or RDS/],
    [
      { database: { masterUsername: "treasury_administrator" } },
      /database\.masterUsername = "treasury_administrator": must be at most 16 characters/,
    ],
    [{ database: { databaseName: "Treasury" } }, /database\.databaseName = "Treasury": must be a PostgreSQL role name/],
    [
      { database: { restoreFromSnapshot: "2026 snapshot" } },
      /database\.restoreFromSnapshot = "2026 snapshot": must be a snapshot identifier/,
    ],
    [{ beanstalk: { minInstances: "2" } }, /beanstalk\.minInstances = "2": Invalid input: expected number/],
    [{ network: { vpcCidr: "10.0.0/16" } }, /network\.vpcCidr = "10\.0\.0\/16": must be an IPv4 CIDR/],
    [
      { network: { vpcCidr: "172.16.0.0/16" } },
      /network\.privateSubnets\[0\]\.cidr = "10\.0\.10\.0\/24" \(default\): must lie inside network\.vpcCidr/,
    ],
    [
      {
        network: {
          publicSubnets: [
            { name: "public-subnet-1", cidr: "10.0.10.0/25" },
            { name: "public-subnet-2", cidr: "10.0.2.0/24" },
          ],
        },
      },
      /network\.privateSubnets\[0\]\.cidr = "10\.0\.10\.0\/24" \(default\): overlaps public-subnet-1/,
    ],
  ] as [Input, RegExp][])("GIVEN %j THEN the file is refused naming field, value and rule", (override, message) => {
    const problems = problemsFor({ ...minimal, ...override });
    expect(problems.join("\n")).toMatch(message);
    expect(problems.every((problem) => problem.startsWith(`${FILE}: `))).toBe(true);
  });

  test("GIVEN custom frontend names without a zone or a us-east-1 certificate THEN the file is refused; turning them off is accepted in dev", () => {
    const domain = {
      name: "plane.example.gov",
      apiCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555",
    };
    expect(problemsFor({ ...minimal, domain }).join("\n")).toMatch(/needs hostedZoneId or frontendCertificateArn/);
    const login = { ...domain, loginCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/66666666-2222-3333-4444-555555555555" };
    expect(problemsFor({ ...minimal, domain: login, frontends: { customDomain: false } })).toEqual([]);
  });

  test("GIVEN no zone THEN the Login.gov host needs its own us-east-1 certificate", () => {
    const domain = {
      name: "plane.example.gov",
      apiCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555",
    };
    expect(problemsFor({ ...minimal, domain, frontends: { customDomain: false } }).join("\n")).toMatch(
      /domain = .*: needs hostedZoneId or loginCertificateArn \(in us-east-1\): the Login\.gov distribution serves its own host name/,
    );
  });

  test.each([
    [
      { mutualTls: { caBundle: { bucket: "pki-bundles", key: "ca.pem" }, revocationLists: PRODUCTION_TRUST.revocationLists } },
      /mutualTls\.caBundle\.objectVersion = \(missing\): must be set in production: pin the bundle's S3 version/,
    ],
    [
      { mutualTls: { caBundle: PRODUCTION_TRUST.caBundle } },
      /mutualTls\.revocationLists = \[\] \(default\): must list at least one CRL in production, or set revocationCheckedByApplication\.reason/,
    ],
  ])("GIVEN production trust settings %j THEN they are refused: an unpinned bundle, or no revocation check", (override, message) => {
    expect(problemsFor(production(override)).join("\n")).toMatch(message);
  });

  test("GIVEN production that states the application checks revocation itself (OCSP) with a reason THEN no CRL is required; a PEM bundle pins itself", () => {
    const ocsp = {
      caBundle: { pemFile: "certs/fpki.pem" },
      revocationCheckedByApplication: {
        reason: "Django checks OCSP at the issuing CA for each sign-in and refuses when the responder is down",
      },
    };
    expect(problemsFor(production({ mutualTls: ocsp }))).toEqual([]);
  });

  test.each([
    [{ database: { deletionProtection: false } }, /database\.deletionProtection = false: must not be false in production/],
    [{ loadBalancer: { deletionProtection: false } }, /loadBalancer\.deletionProtection = false: must not be false in production/],
    [{ network: { natGateways: "single" } }, /network\.natGateways = "single": must be "per-az" in production/],
    [{ network: { flowLogRetentionDays: 60 } }, /network\.flowLogRetentionDays = 60: must be at least 90 in production/],
    [{ beanstalk: { minInstances: 1 } }, /beanstalk\.minInstances = 1: must be at least 2 in production/],
    [{ frontends: { customDomain: false } }, /frontends\.customDomain = false: must be true in production/],
    [{ logRetentionDays: 60 }, /logRetentionDays = 60: must be at least 90 in production/],
    [{ database: { finalSnapshot: false } }, /database\.finalSnapshot = false: must not be false in production/],
    [
      { monitoring: { alarmSubscribers: [] } },
      /monitoring\.alarmSubscribers = \[\]: must name at least one subscriber in production, e\.g\. \[\{"email": "oncall@agency\.gov"\}\]: without one, alarms reach nobody/,
    ],
  ])("GIVEN production with %j THEN the unsafe setting is refused (development accepts it)", (override, message) => {
    expect(problemsFor(production(override)).join("\n")).toMatch(message);
    expect(problemsFor({ ...minimal, ...override })).toEqual([]);
  });

  test.each(["dev", "prod"])("GIVEN the shipped config/treasury-plane-%s.json THEN it is valid", (environment) => {
    const file = path.join(__dirname, "..", "..", "config", `treasury-plane-${environment}.json`);
    const config = parse(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(config.tier).toBe(environment === "prod" ? "production" : "development");
  });

  test("GIVEN the shipped files THEN prod uses the document's plane.treasury.gov names, NAT per AZ and deletion protection; dev saves one NAT", () => {
    const read = (environment: string) =>
      parse(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "config", `treasury-plane-${environment}.json`), "utf8")));
    const prod = read("prod");
    expect(prod.domain.name).toBe("plane.treasury.gov");
    expect(prod.network.natGateways).toBe("per-az");
    expect(prod.database.deletionProtection).toBe(true);
    expect(read("dev").network.natGateways).toBe("single");
  });
});
