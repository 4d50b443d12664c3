import * as path from "path";
import { Construct } from "constructs";
import { TreasuryPlaneConfig } from "../lib/config/treasury-plane";
import { PlatformStack, systemStackProps } from "../lib/platform-stack";
import { AlarmTopic } from "../modules/alarm-topic";
import { AppSecrets, secretArnVariable, secretsUnder } from "../modules/app-secrets";
import { AuditTrail } from "../modules/audit-trail";
import { AuroraServerless } from "../modules/aurora-serverless";
import { BeanstalkEnvironment } from "../modules/beanstalk-environment";
import { FrontendSites } from "../modules/frontend-sites";
import { KmsKey } from "../modules/kms-key";
import { Network } from "../modules/network";
import type { RedisCache } from "../modules/redis-cache";
import { RuntimeParameters } from "../modules/runtime-parameters";
import { accountUniqueBucketName, SecureBucket } from "../modules/secure-bucket";
import { POSTGRES_PORT } from "../modules/service-ports";
import { SignInEdge } from "../modules/sign-in-edge";
import { CLIENT_CERT_HEADER, ORIGIN_SECRET } from "../lib/sign-in-paths";
import { TreasuryPlaneOutputs } from "../modules/treasury-plane-outputs";
import { TreasuryPlaneSecurityGroups } from "../modules/treasury-plane-security-groups";
import { cloudFrontWebAcl } from "../modules/web-acl";

/** The document's three React frontends, each `<site>.<domain>` behind its own distribution. */
const FRONTEND_SITES = ["web", "admin", "space"] as const;
/** The document's PostgreSQL-first extensions (pg_cron jobs, pg_trgm search), created by the master user; Django gets pg_cron's schema. */
const AURORA_EXTENSIONS = [{ name: "pg_trgm" }, { name: "pg_cron", schema: "cron" }];
/** Where a relative `mutualTls.caBundle.pemFile` is resolved from. */
const PROJECT_ROOT = path.join(__dirname, "..");

export interface TreasuryPlaneStackProps {
  /** Environment name from the config file name (`treasury-plane-<environment>.json`). */
  readonly environment: string;
  readonly config: TreasuryPlaneConfig;
}

/**
 * The Treasury Plane (seed 004): React frontends on S3 + CloudFront, a Django API on Elastic Beanstalk behind an
 * ALB with PIV/CAC mutual TLS, Aurora PostgreSQL Serverless v2, optional Redis, Secrets Manager, the document's
 * alarms, CloudTrail and flow logs. Code ships with `eb deploy` and `aws s3 sync`, untracked by Terraform.
 */
export class TreasuryPlaneStack extends PlatformStack {
  readonly network: Network;
  readonly securityGroups: TreasuryPlaneSecurityGroups;
  readonly database: AuroraServerless;
  readonly secrets: AppSecrets<string>;
  readonly redis?: RedisCache;
  /** The API's edge: the ALB and its trust store (PIV/CAC), the Login.gov distribution. */
  readonly edge: SignInEdge;
  readonly app: BeanstalkEnvironment;
  readonly frontends: FrontendSites;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, { environment, config }: TreasuryPlaneStackProps) {
    super(scope, id, systemStackProps({ system: "treasury-plane", project: "Treasury Plane" }, environment, config));
    const prefix = this.namePrefix;
    // Bucket names are global: `<bucketNamePrefix>-<purpose>-<environment>-<account id>`.
    const bucketName = (purpose: string) => accountUniqueBucketName(`${config.bucketNamePrefix}-${purpose}-${environment}`, this.account);
    const { domain, mutualTls } = config;
    const key = (id: string, alias: string, description: string) => new KmsKey(this, id, { alias, description, account: this.account });

    // Operations key first: flow logs, alarms, CloudTrail and WAF logs are encrypted with it.
    const opsKey = key("ops-key", `${prefix}-ops`, "Treasury Plane operations: flow logs, alarm topic, CloudTrail, WAF logs");

    // Network: VPC 10.0.0.0/16, public (ALB, NAT) and private (Beanstalk, Aurora, Redis) subnets, flow logs.
    this.network = new Network(this, "network", { ...config.network, namePrefix: prefix, region: config.region, flowLogKmsKey: opsKey });

    // Security groups: the document's chain ALB -> Beanstalk -> Aurora / Redis.
    const groups = (this.securityGroups = new TreasuryPlaneSecurityGroups(this, "security-groups", {
      network: this.network,
      namePrefix: prefix,
      redis: config.redis.enabled,
      cloudFrontOriginPort: mutualTls.noClientCertificatePort,
    }));

    // Data: KMS, Aurora, the document's secrets, optional Redis.
    const dataKey = key("data-key", `${prefix}-data`, "Treasury Plane data: Aurora, Redis, Secrets Manager");
    this.database = new AuroraServerless(this, "aurora", {
      ...config.database,
      clusterIdentifier: `${prefix}-aurora`,
      network: this.network,
      securityGroup: groups.database,
      kmsKey: dataKey,
      logRetentionDays: config.logRetentionDays,
      account: this.account,
    });
    this.secrets = new AppSecrets(this, "secrets", {
      kmsKey: dataKey,
      secrets: secretsUnder(`treasury-plane/${environment}`, { ...config.secrets, [ORIGIN_SECRET.key]: ORIGIN_SECRET.description }),
    });
    if (groups.redis) {
      // Loaded only when Redis is on: its ElastiCache classes are 0.35 MB of JavaScript to load otherwise.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see above
      const { RedisCache } = require("../modules/redis-cache") as typeof import("../modules/redis-cache");
      this.redis = new RedisCache(this, "redis", {
        ...config.redis,
        replicationGroupId: `${prefix}-redis`,
        network: this.network,
        securityGroup: groups.redis,
        kmsKey: dataKey,
      });
    }

    const logBucket = new SecureBucket(this, "log-bucket", {
      bucketName: bucketName("logs"),
      lifecycleRules: [{ id: "expire-logs", expirationDays: config.logRetentionDays, noncurrentExpirationDays: 30 }],
    });
    // One CloudFront web ACL for the frontends and the Login.gov distribution: rate limits by the viewer's address.
    const cloudFrontWaf = config.webAcl
      ? cloudFrontWebAcl(this, "cloudfront-waf", {
          name: `${prefix}-cloudfront`,
          usEast1Provider: this.usEast1Provider,
          logRetentionDays: config.logRetentionDays,
          logKmsKey: opsKey,
          ...config.webAclRules,
        })
      : undefined;

    // The API's edge, two sign-in paths decided by the path (seed: PIV/CAC and Login.gov): PIV/CAC on the ALB's
    // 443 in mutual TLS verify mode; Login.gov on 443 through CloudFront to a listener only CloudFront reaches.
    const bundle = mutualTls.caBundle;
    this.edge = new SignInEdge(this, "sign-in", {
      namePrefix: prefix,
      network: this.network,
      securityGroups: groups,
      ...domain,
      caBundle:
        "pemFile" in bundle ? { pemFile: path.resolve(PROJECT_ROOT, bundle.pemFile), bucketName: bucketName("trust-store") } : bundle,
      revocationLists: mutualTls.revocationLists,
      noClientCertificatePort: mutualTls.noClientCertificatePort,
      ...config.loadBalancer,
      logBucket,
      albWebAcl: config.webAcl ? { logRetentionDays: config.logRetentionDays, logKmsKey: opsKey, rules: config.webAclRules } : undefined,
      cloudFrontWebAcl: cloudFrontWaf,
      viewerSecurityPolicy: config.frontends.viewerSecurityPolicy,
      priceClass: config.frontends.priceClass,
      usEast1Provider: this.usEast1Provider,
      account: this.account,
    });

    // What Django reads at run time (endpoints, its database role, secret ARNs), kept current by Terraform.
    const parameters = new RuntimeParameters(this, "runtime-parameters", {
      path: `/treasury-plane/${environment}`,
      account: this.account,
      values: {
        DB_HOST: this.database.endpoint,
        DB_READER_HOST: this.database.readerEndpoint,
        DB_PORT: String(POSTGRES_PORT),
        DB_NAME: config.database.databaseName,
        DB_USER: config.database.appUsername,
        ...this.secrets.arnsByName(secretArnVariable),
        ...this.redis?.connectionVariables(),
      },
    });

    // Compute: the Beanstalk environment on the shared ALB, granted exactly what the app reads.
    const beanstalk = config.beanstalk;
    this.app = new BeanstalkEnvironment(this, "beanstalk", {
      ...beanstalk,
      applicationName: prefix,
      environmentName: prefix,
      network: this.network,
      instanceSecurityGroup: groups.app,
      loadBalancer: this.edge.loadBalancer,
      loadBalancerSecurityGroup: groups.loadBalancer,
      processes: this.edge.processes,
      routes: this.edge.routes,
      dnsNames: [domain.apiHostName],
      hostedZoneId: domain.hostedZoneId,
      managedUpdates: { preferredStartTime: beanstalk.managedUpdateWindow, updateLevel: beanstalk.managedUpdateLevel },
      logRetentionDays: config.logRetentionDays,
      environmentVariables: {
        APP_ENVIRONMENT: environment,
        AWS_REGION: config.region,
        // Endpoints, DB_USER and the *_SECRET_ARN are SSM parameters under this path, read when Django starts.
        APP_PARAMETERS_PATH: parameters.path,
        // The one identity header Django reads; nginx sets it on the PIV path only (platform/treasury-plane).
        PIV_CLIENT_CERT_HEADER: CLIENT_CERT_HEADER,
        // Each audience's base URL: Django builds absolute URLs (the OIDC redirect) from them, never from headers.
        API_URL_PIV: this.edge.urls.piv,
        API_URL_LOGIN_GOV: this.edge.urls.loginGov,
        // The platform's prebuild hook reads it before Django runs (Terraform re-applies it with every change).
        [ORIGIN_SECRET.environmentVariable]: this.secrets.secret(ORIGIN_SECRET.key).arn,
      },
      account: this.account,
    });
    // Exactly the document's secrets, the origin secret (its hook), the parameters, and an IAM login as its own
    // database role: never the master user's secret.
    this.secrets.grantRead(this.app.instancePolicy);
    parameters.grantRead(this.app.instancePolicy);
    this.database.logins.grantConnect(this.app.instancePolicy, [config.database.appUsername]);
    this.redis?.grantConnect(this.app.instancePolicy);

    // Frontends: three private buckets behind CloudFront.
    this.frontends = new FrontendSites(this, "frontends", {
      ...config.frontends,
      namePrefix: prefix,
      sites: FRONTEND_SITES,
      domainName: domain.name,
      keyDescription: "Treasury Plane frontend buckets",
      bucketName,
      customDomain: config.frontends.customDomain ? { existingCertificateArn: domain.frontendCertificateArn } : undefined,
      hostedZoneId: domain.hostedZoneId,
      accessLogBucket: logBucket,
      webAcl: cloudFrontWaf,
      logRetentionDays: config.logRetentionDays,
      usEast1Provider: this.usEast1Provider,
      replicaProvider: config.frontends.replicaRegion ? this.providerFor(config.frontends.replicaRegion) : undefined,
      account: this.account,
    });

    // Monitoring and audit: the document's alarms and what users feel, to the topic's subscribers; CloudTrail
    // (flow logs are in the network).
    const monitoring = config.monitoring;
    const topic = (this.alarmTopic = AlarmTopic.forStack(this, prefix, opsKey, monitoring.alarmSubscribers));
    this.app.addAlarms(topic, monitoring);
    this.edge.loadBalancer.addAlarms(topic, { ...monitoring, targetGroups: this.app.processTargetGroups() });
    this.edge.loadBalancer.addClientTlsAlarm(topic, monitoring.clientTlsErrorsPerFiveMinutes);
    this.database.addAlarms(topic, { connectionsPercent: config.database.connectionsAlarmPercent });
    if (config.cloudTrail === "create") {
      const trail = { namePrefix: prefix, account: this.account, bucketName: bucketName("cloudtrail"), kmsKey: opsKey };
      new AuditTrail(this, "audit-trail", { ...trail, accessLogBucket: logBucket, logRetentionDays: config.logRetentionDays });
    }
    new TreasuryPlaneOutputs(this, "outputs", {
      frontends: this.frontends,
      app: this.app,
      edge: this.edge,
      database: this.database,
      secrets: this.secrets,
      redis: this.redis,
      alarmTopic: topic,
      apiHostName: domain.apiHostName,
      parameters,
      databaseBootstrapStatements: this.database.logins.bootstrapStatements({
        app: { role: config.database.appUsername, schema: "public" },
        extensions: AURORA_EXTENSIONS,
      }),
    });
  }
}
