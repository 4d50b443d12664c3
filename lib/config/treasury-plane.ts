/**
 * config/treasury-plane-<env>.json: the Treasury Plane (seed 004). Defaults are the seed document's
 * values; a file holds only what differs. `tier: "production"` turns on the safer defaults (deletion
 * protection) and the production cross-checks.
 */
import { z } from "zod";
import {
  ALB_TRUST_STORE_QUOTAS,
  CLOUDFRONT_ORIGIN_HTTPS_PORT,
  AURORA_MAX_ACU,
  AURORA_MIN_ACU,
  AURORA_POSTGRES_VERSION,
  POSTGRES_ROLE_NAME,
  BEANSTALK_HEALTH_LEVELS,
  BEANSTALK_START_TIME,
  CACHE_NODE_TYPE,
  EC2_INSTANCE_TYPE,
  RDS_BACKUP_RETENTION_DAYS,
  RDS_BACKUP_WINDOW,
  RDS_SNAPSHOT_IDENTIFIER,
  REDIS_IAM_VERSION,
  VIEWER_SECURITY_POLICIES,
} from "../aws-formats";
import { MAX_REQUEST_BODY_MB } from "../sign-in-paths";
import { MAX_ENVIRONMENT_NAME, SystemConfigDefinition } from "./index";
import { isPlaceholderText, placeholder } from "./placeholders";
import {
  NetworkDefaults,
  acmCertificateArn,
  awsRegion,
  checkAlarmSubscribers,
  checkRange,
  domainName,
  formatted,
  hostedZoneId,
  logRetentionDays,
  monitoringAlarmSettings,
  postgresRoleName,
  ranged,
  resolveZones,
  s3BucketName,
  webAclRuleSettings,
} from "./schema";
import { StateBackendConfig } from "./state-backend";
import { checkSystemBase, systemConfigShape } from "./system";

/** The document's secrets (names carry the environment: dev and prod may share an account). */
const TREASURY_PLANE_SECRETS: Record<string, string> = {
  "django-secret-key": "Django SECRET_KEY, a random 50-character string; set by the operator",
  "oidc-credentials": "JSON {client_id, client_secret, issuer, endpoints...} of the Login.gov OIDC client; set by the operator",
  "app-config": "JSON {ENVIRONMENT, DEBUG, ALLOWED_HOSTS, CORS_ORIGINS...}; set by the operator",
};
const REDIS_CONFIG_SECRET = {
  "redis-config":
    "JSON {primary_endpoint, reader_endpoint, port}; set by the operator from the redis_* outputs (no password: IAM authentication)",
};

export const TREASURY_PLANE_NETWORK: NetworkDefaults = {
  vpcCidr: "10.0.0.0/16",
  publicSubnets: [
    { name: "public-subnet-1", cidr: "10.0.1.0/24" },
    { name: "public-subnet-2", cidr: "10.0.2.0/24" },
  ],
  privateSubnets: [
    { name: "private-subnet-1", cidr: "10.0.10.0/24" },
    { name: "private-subnet-2", cidr: "10.0.11.0/24" },
  ],
  // The document's picture: a NAT gateway in each AZ ("use 1 NAT Gateway for dev" is its saving).
  natGateways: "per-az",
  flowLogRetentionDays: 90,
};

/**
 * The longest bucket name the stack builds, `<prefix>-space-replica-<environment>-<12-digit account id>`,
 * must fit S3's 63 characters (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const MAX_BUCKET_NAME_PREFIX = 63 - "-space-replica-".length - MAX_ENVIRONMENT_NAME - "-111122223333".length;

/** The document's scaling ceiling for Beanstalk instances ("Up to 100"). */
const MAX_BEANSTALK_INSTANCES = 100;
/** The ALB listener behind the Login.gov distribution; 8443 is the customary alternative HTTPS port. */
const DEFAULT_NO_CLIENT_CERTIFICATE_PORT = 8443;

/** An S3 object version the trust store pins (placeholders in the committed template are named by preflight). */
const objectVersion = (what: string) =>
  placeholder(z.string().min(1), {
    test: isPlaceholderText,
    fix: `the VersionId of ${what} (aws s3api head-object --bucket <bucket> --key <key> --query VersionId), so the trust store changes only when you pin a new one`,
  });
const pkiBucket = (what: string) =>
  placeholder(s3BucketName, { fix: `the bucket holding ${what} (e.g. your PKI team's bucket for the Federal PKI files)` });

const acu = z
  .number()
  .min(AURORA_MIN_ACU, `must be at least ${AURORA_MIN_ACU} ACU`)
  .max(AURORA_MAX_ACU, `must be at most ${AURORA_MAX_ACU} ACU`)
  .refine((value) => Number.isInteger(value * 2), "must be a multiple of 0.5 ACU");
const instanceCount = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(MAX_BEANSTALK_INSTANCES, `must be at most ${MAX_BEANSTALK_INSTANCES} (the document's ceiling)`);

const caBundle = z.union(
  [
    z.strictObject({
      bucket: pkiBucket("your CA bundle, or use {pemFile} of a bundle in this repository").describe(
        "Bucket already holding the CA bundle (e.g. the Federal PKI roots and intermediates).",
      ),
      key: z.string().min(1).describe("Object key of the PEM bundle."),
      objectVersion: objectVersion("the CA bundle object")
        .optional()
        .describe(
          "Pinned version of the object; the trust store re-reads the bundle only when this changes, so a PKI update is a reviewed config change. Required in production. @default - latest (development only)",
        ),
    }),
    z.strictObject({
      pemFile: z
        .string()
        .regex(/\.(pem|crt)$/, "must be a .pem or .crt file path")
        .describe(
          "PEM bundle in this repository (path relative to the project root); uploaded to a trust-store bucket, and the trust store pins the uploaded version.",
        ),
    }),
  ],
  { error: "must be either {bucket, key, objectVersion} of an object in S3 or {pemFile} of a PEM bundle in this repository" },
);

const revocationList = z.strictObject({
  bucket: pkiBucket("the certificate revocation lists").describe("Bucket holding the CRL (DER or PEM)."),
  key: z.string().min(1).describe("Object key of the CRL."),
  objectVersion: objectVersion("the CRL object").describe(
    "Pinned version: the ALB reads the list when the version changes. `npm run trust-store -- crl <files>` checks a CRL and prints these lines.",
  ),
});

function schema(stateBackend: StateBackendConfig) {
  return z
    .strictObject({
      ...systemConfigShape(TREASURY_PLANE_NETWORK, stateBackend),
      bucketNamePrefix: z
        .string()
        .regex(
          new RegExp(`^[a-z0-9][a-z0-9-]{1,${MAX_BUCKET_NAME_PREFIX - 1}}$`),
          `must be 2-${MAX_BUCKET_NAME_PREFIX} lowercase letters, digits and hyphens, so the longest bucket name (<prefix>-space-replica-<environment>-<account id>) fits S3's 63 characters`,
        )
        .default("treasury-plane")
        .describe(
          'Prefix of every bucket name, `<prefix>-<purpose>-<env>-<account id>` (e.g. `treasury-plane-web-dev-111122223333`). @default "treasury-plane"',
        ),
      domain: z.strictObject({
        name: domainName.describe(
          "Base domain: the frontends are `web.`, `admin.` and `space.<name>`, the API `api.<name>`. Prod uses the document's `plane.treasury.gov`.",
        ),
        hostedZoneId: hostedZoneId
          .optional()
          .describe("Route 53 zone for DNS-validated certificates and alias records. @default - none (give certificate ARNs)"),
        apiCertificateArn: acmCertificateArn
          .optional()
          .describe("Existing certificate for the API host in the stack's region, used when no zone is given. @default - none"),
        frontendCertificateArn: acmCertificateArn
          .optional()
          .describe("Existing us-east-1 certificate for the three frontend names, used when no zone is given. @default - none"),
        apiHostName: domainName
          .optional()
          .describe('Host name of the API for PIV/CAC users (mutual TLS on the ALB\'s 443). @default "api.<name>"'),
        loginHostName: domainName
          .optional()
          .describe(
            'Host name of the API for Login.gov users: a CloudFront distribution in front of the ALB\'s listener without client certificates. @default "login.<name>"',
          ),
        loginCertificateArn: acmCertificateArn
          .optional()
          .describe(
            "Existing us-east-1 certificate for the Login.gov host name, used when no zone is given (the API certificate must then cover it too). @default - none",
          ),
      }),
      loadBalancer: z
        .strictObject({
          idleTimeoutSeconds: z
            .number()
            .int()
            .min(60, "must be at least 60 for WebSockets")
            .max(4000)
            .default(300)
            .describe("Seconds an idle connection stays open; WebSocket clients (Daphne/Channels) must ping more often. @default 300"),
          deletionProtection: z.boolean().optional().describe("Refuse deletion of the ALB. @default - true in production, false otherwise"),
        })
        .prefault({}),
      mutualTls: z.strictObject({
        mode: z
          .literal("verify", {
            error:
              'must be "verify": passthrough is no longer offered. In passthrough the ALB lets a client without a certificate through, and AWS documents no stripping of an X-Amzn-Mtls-Clientcert header that client sends itself, so anyone could claim a PIV identity; Login.gov users come in through CloudFront instead (docs/systems.md)',
          })
          .default("verify")
          .describe(
            'How the API\'s HTTPS listener (443) treats client certificates: `verify`, the ALB checks PIV/CAC chains, expiry, the trust store and its revocation lists in the handshake, and forwards `X-Amzn-Mtls-Clientcert-*` headers. Login.gov users come in through CloudFront on `domain.loginHostName`. @default "verify"',
          ),
        noClientCertificatePort: ranged(CLOUDFRONT_ORIGIN_HTTPS_PORT)
          .default(DEFAULT_NO_CLIENT_CERTIFICATE_PORT)
          .describe(
            "The ALB's HTTPS listener without client certificates: the origin of the Login.gov distribution, reachable from CloudFront's origin-facing servers only (never opened to the internet). @default 8443",
          ),
        caBundle: caBundle.describe("The CA bundle of the trust store: an object already in S3, or a PEM file to upload."),
        revocationLists: z
          .array(revocationList)
          .max(
            ALB_TRUST_STORE_QUOTAS.revocationFiles,
            `must list at most ${ALB_TRUST_STORE_QUOTAS.revocationFiles} revocation files (the ALB's trust store quota)`,
          )
          .default([])
          .describe(
            "CRLs the ALB checks client certificates against, so a lost or revoked card is refused. Required in production unless `revocationCheckedByApplication` says why not. The refresh routine is in docs/operations.md. @default []",
          ),
        revocationCheckedByApplication: z
          .strictObject({
            reason: z
              .string()
              .min(20, "must say how and where the application checks revocation (at least 20 characters)")
              .describe(
                "How the application checks revocation itself (e.g. OCSP against the issuing CA's responder, and what it does when the responder is down).",
              ),
          })
          .optional()
          .describe(
            "States that the application checks revocation itself (OCSP), with the reason: production may then run without `revocationLists`. @default - the ALB must check CRLs in production",
          ),
      }),
      beanstalk: z
        .strictObject({
          instanceType: formatted(EC2_INSTANCE_TYPE).default("t3.small").describe('@default "t3.small" (the document\'s cost table)'),
          minInstances: instanceCount.default(2).describe("@default 2"),
          maxInstances: instanceCount.default(4).describe("@default 4"),
          solutionStackRegex: z
            .string()
            .min(1)
            .default("^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.11$")
            .describe("Chooses the newest matching platform; never a hard-coded stack name. @default Amazon Linux 2023 Python 3.11"),
          deregistrationDelaySeconds: z
            .number()
            .int()
            .min(0)
            .max(3600)
            .default(30)
            .describe("The document's 30 s target group deregistration delay during deploys. @default 30"),
          deploymentPolicy: z
            .enum(["AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable"])
            .default("Rolling")
            .describe('How `eb deploy` replaces code; Rolling keeps capacity serving. @default "Rolling"'),
          managedUpdateWindow: formatted(BEANSTALK_START_TIME)
            .default("Sun:06:00")
            .describe('Weekly window (UTC) for managed platform updates. @default "Sun:06:00"'),
          managedUpdateLevel: z
            .enum(["patch", "minor"])
            .default("minor")
            .describe('Highest platform update level applied automatically. @default "minor"'),
          sshKeyName: z
            .string()
            .min(1)
            .optional()
            .describe("EC2 key pair for SSH from inside the VPC (port 22 is open to the VPC CIDR only). @default - none"),
        })
        .prefault({}),
      database: z
        .strictObject({
          engineVersion: formatted(AURORA_POSTGRES_VERSION)
            .default("15")
            .describe(
              "Aurora PostgreSQL version. The document's 15.4 is retired by AWS for new clusters, so the default is the major version: the newest 15.x at creation, then AWS's minor upgrades. A full version pins it. @default \"15\"",
            ),
          minCapacity: acu.default(0.5).describe("@default 0.5"),
          maxCapacity: acu
            .min(1, "must be at least 1 ACU (AWS refuses a 0.5 ACU maximum)")
            .default(4)
            .describe("At least 1: AWS refuses a 0.5 ACU maximum. @default 4"),
          databaseName: formatted(POSTGRES_ROLE_NAME).default("treasury_plane").describe('@default "treasury_plane"'),
          masterUsername: postgresRoleName
            .max(16, "must be at most 16 characters")
            .default("treasury_admin")
            .describe(
              'Master user; its password is generated and rotated by RDS in Secrets Manager, readable by operators only (never by the instances). @default "treasury_admin"',
            ),
          appUsername: postgresRoleName
            .default("treasury_app")
            .describe(
              'Database role Django connects as, with IAM database authentication (no password, no secret): not a superuser. Created by the bootstrap step (docs/operations.md). @default "treasury_app"',
            ),
          restoreFromSnapshot: formatted(RDS_SNAPSHOT_IDENTIFIER)
            .optional()
            .describe(
              "Replace the cluster with one restored from this cluster snapshot (docs/operations.md, restoring the database). Keep it set afterwards: removing it replaces the cluster again. @default - a new, empty cluster",
            ),
          backupRetentionDays: ranged(RDS_BACKUP_RETENTION_DAYS).default(7).describe("@default 7 (the document's backup strategy)"),
          backupWindow: formatted(RDS_BACKUP_WINDOW).default("03:00-04:00").describe('UTC. @default "03:00-04:00"'),
          deletionProtection: z
            .boolean()
            .optional()
            .describe("Refuse deletion; a final snapshot is kept whenever this is on. @default - true in production, false otherwise"),
          finalSnapshot: z
            .boolean()
            .default(true)
            .describe("Keep a final snapshot when the cluster is deleted or replaced, in every tier. @default true"),
          connectionsAlarmPercent: z
            .number()
            .gt(0)
            .max(100)
            .default(90)
            .describe(
              "The connections alarm fires above this share of max_connections, which Aurora derives from the capacity range (823 at the document's 0.5-4 ACU, not its \"~5000\"). @default 90 (the document's 4500 of 5000)",
            ),
        })
        .prefault({}),
      redis: z
        .strictObject({
          enabled: z.boolean().default(false).describe('The document\'s "Optional - disabled; use PostgreSQL first". @default false'),
          nodeType: formatted(CACHE_NODE_TYPE).default("cache.t4g.micro").describe('@default "cache.t4g.micro"'),
          nodes: z
            .number()
            .int()
            .min(1)
            .max(6)
            .default(2)
            .describe("Primary plus replicas; 2 or more gives automatic failover across the two AZs. @default 2"),
          engineVersion: formatted(REDIS_IAM_VERSION).default("7.1").describe('Redis 7 or newer (IAM authentication). @default "7.1"'),
        })
        .prefault({}),
      frontends: z
        .strictObject({
          customDomain: z
            .boolean()
            .default(true)
            .describe("Serve `web.`, `admin.`, `space.<domain.name>` with an ACM certificate and `viewerSecurityPolicy`. @default true"),
          replicaRegion: awsRegion.optional().describe("Replicate the site buckets to this region for DR. @default - no replication"),
          viewerSecurityPolicy: z
            .enum(VIEWER_SECURITY_POLICIES)
            .default("TLSv1.3_2025")
            .describe(
              'CloudFront viewer security policy. `TLSv1.3_2025` is the document\'s "TLS 1.3" and refuses clients without TLS 1.3; `TLSv1.2_2025` also admits TLS 1.2 with ECDHE-GCM ciphers only. @default "TLSv1.3_2025"',
            ),
          priceClass: z
            .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
            .default("PriceClass_100")
            .describe('@default "PriceClass_100"'),
        })
        .prefault({}),
      secrets: z
        .record(z.string(), z.string().min(1).max(2048))
        .default(TREASURY_PLANE_SECRETS)
        .describe(
          "Secrets Manager secrets the app reads, by key with what each holds: created empty as `treasury-plane/<environment>/<key>` and set by operators; the app finds each ARN in `<KEY>_SECRET_ARN`. `redis-config` is added while `redis.enabled`. @default - the document's four",
        ),
      webAcl: z
        .boolean()
        .optional()
        .describe(
          "AWS WAF on the ALB and the CloudFront distributions (not in the document). @default - on in production, off in development",
        ),
      cloudTrail: z
        .enum(["create", "organization"])
        .default("create")
        .describe(
          'The document\'s CloudTrail: `create` a multi-region trail to its own encrypted bucket, or rely on the `organization` trail that already records this account (no trail of its own; `npm run preflight -- --live` checks that one exists). @default "create"',
        ),
      webAclRules: webAclRuleSettings({
        bodyPaths: ["/api/"],
        maxRequestBodyMb: MAX_REQUEST_BODY_MB,
        signInPaths: ["/oidc/", "/admin/login/"],
      })
        .refine((rules) => rules.maxRequestBodyMb <= MAX_REQUEST_BODY_MB, {
          path: ["maxRequestBodyMb"],
          message: `must be at most ${MAX_REQUEST_BODY_MB}: nginx on the instances refuses larger bodies (MAX_REQUEST_BODY_MB, lib/sign-in-paths.ts)`,
        })
        .describe("Rules of the WAF web ACLs (with `webAcl`), on the ALB and the CloudFront distributions alike."),
      monitoring: z
        .strictObject({
          ...monitoringAlarmSettings(),
          environmentHealthAtLeast: z
            .enum(Object.keys(BEANSTALK_HEALTH_LEVELS) as [keyof typeof BEANSTALK_HEALTH_LEVELS])
            .default("Degraded")
            .describe('Beanstalk environment health at which (or worse) its alarm fires after 5 minutes. @default "Degraded"'),
          clientTlsErrorsPerFiveMinutes: z
            .number()
            .int()
            .min(0)
            .default(100)
            .describe(
              "Failed TLS handshakes on the ALB per 5 minutes (twice in a row) above which PIV/CAC sign-in is reported failing; scanners and clients without a card add a background, so set it from the first week's numbers. @default 100",
            ),
        })
        .prefault({})
        .describe("Alarms: who they notify and their thresholds (docs/systems.md, Alarms)."),
      logRetentionDays: logRetentionDays
        .optional()
        .describe(
          'Retention of every log group (Beanstalk, Aurora, CloudTrail, WAF) and of the log bucket. @default 90 (the document\'s "CloudWatch Logs (90-day retention)")',
        ),
    })
    .superRefine((config, ctx) => {
      checkSystemBase(config, ctx);
      const production = config.tier === "production";
      checkRange(
        config.beanstalk.minInstances,
        config.beanstalk.maxInstances,
        ["beanstalk", "maxInstances"],
        "beanstalk.minInstances",
        ctx,
      );
      checkRange(config.database.minCapacity, config.database.maxCapacity, ["database", "maxCapacity"], "database.minCapacity", ctx);
      const issue = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
      checkAlarmSubscribers(config.tier, config.monitoring.alarmSubscribers, ctx);
      if (config.database.appUsername === config.database.masterUsername) {
        issue(
          ["database", "appUsername"],
          config.database.appUsername,
          "must differ from masterUsername: Django never connects as the master user",
        );
      }
      if (!config.domain.hostedZoneId && !config.domain.apiCertificateArn) {
        issue(
          ["domain"],
          config.domain,
          "needs hostedZoneId (DNS-validated certificates) or apiCertificateArn: the ALB's HTTPS listener needs a certificate",
        );
      }
      if (config.frontends.customDomain && !config.domain.hostedZoneId && !config.domain.frontendCertificateArn) {
        issue(
          ["domain"],
          config.domain,
          "needs hostedZoneId or frontendCertificateArn (in us-east-1) while frontends.customDomain is true",
        );
      }
      if (!config.domain.hostedZoneId && !config.domain.loginCertificateArn) {
        issue(
          ["domain"],
          config.domain,
          "needs hostedZoneId or loginCertificateArn (in us-east-1): the Login.gov distribution serves its own host name",
        );
      }
      for (const key of Object.keys(config.secrets).filter((key) => !/^[a-z][a-z0-9-]{0,62}$/.test(key))) {
        issue(
          ["secrets", key],
          key,
          "keys must be lowercase letters, digits and hyphens: a key becomes a secret name and <KEY>_SECRET_ARN",
        );
      }
      if (config.frontends.replicaRegion === config.region) {
        issue(
          ["frontends", "replicaRegion"],
          config.frontends.replicaRegion,
          `must differ from the stack's region ${config.region}; replication is for regional DR`,
        );
      }
      if (production) {
        if (config.database.deletionProtection === false) {
          issue(["database", "deletionProtection"], false, "must not be false in production: the cluster holds the system's data");
        }
        if (!config.database.finalSnapshot) {
          issue(["database", "finalSnapshot"], false, "must not be false in production: deleting the cluster must leave a snapshot");
        }
        if (config.loadBalancer.deletionProtection === false) {
          issue(["loadBalancer", "deletionProtection"], false, "must not be false in production");
        }
        if (config.network.natGateways !== "per-az") {
          issue(
            ["network", "natGateways"],
            config.network.natGateways,
            'must be "per-az" in production so one AZ failing leaves the other with outbound access',
          );
        }
        if (config.beanstalk.minInstances < 2) {
          issue(["beanstalk", "minInstances"], config.beanstalk.minInstances, "must be at least 2 in production (one instance per AZ)");
        }
        if (config.logRetentionDays !== undefined && config.logRetentionDays < 90) {
          issue(["logRetentionDays"], config.logRetentionDays, "must be at least 90 in production (the document's audit retention)");
        }
        if (config.network.flowLogRetentionDays < 90) {
          issue(
            ["network", "flowLogRetentionDays"],
            config.network.flowLogRetentionDays,
            "must be at least 90 in production (the document's audit retention)",
          );
        }
        const bundle = config.mutualTls.caBundle;
        if ("bucket" in bundle && bundle.objectVersion === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["mutualTls", "caBundle", "objectVersion"],
            params: { missing: true },
            message:
              "must be set in production: pin the bundle's S3 version, so a PKI update reaches the ALB as a reviewed change and never unreviewed",
          });
        }
        if (config.mutualTls.revocationLists.length === 0 && !config.mutualTls.revocationCheckedByApplication) {
          issue(
            ["mutualTls", "revocationLists"],
            [],
            "must list at least one CRL in production, or set revocationCheckedByApplication.reason: without either a lost or revoked card works until it expires",
          );
        }
        if (!config.frontends.customDomain) {
          issue(["frontends", "customDomain"], false, "must be true in production: the default CloudFront certificate allows TLSv1");
        }
      }
    })
    .transform((config) => {
      const production = config.tier === "production";
      return {
        ...config,
        network: { ...config.network, availabilityZones: resolveZones(config.region, config.network.availabilityZones) },
        domain: {
          ...config.domain,
          apiHostName: config.domain.apiHostName ?? `api.${config.domain.name}`,
          loginHostName: config.domain.loginHostName ?? `login.${config.domain.name}`,
        },
        loadBalancer: { ...config.loadBalancer, deletionProtection: config.loadBalancer.deletionProtection ?? production },
        database: { ...config.database, deletionProtection: config.database.deletionProtection ?? production },
        logRetentionDays: config.logRetentionDays ?? 90,
        secrets: config.redis.enabled ? { ...config.secrets, ...REDIS_CONFIG_SECRET } : config.secrets,
        webAcl: config.webAcl ?? production,
      };
    });
}

export type TreasuryPlaneConfig = z.output<ReturnType<typeof schema>>;

export const treasuryPlaneConfigDefinition: SystemConfigDefinition<TreasuryPlaneConfig> = {
  system: "treasury-plane",
  schema,
};
