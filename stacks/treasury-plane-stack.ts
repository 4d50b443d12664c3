import * as path from "path";
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { TreasuryPlaneConfig } from "../lib/config/treasury-plane";
import { PlatformStack, systemStackProps } from "../lib/platform-stack";
import { AlarmTopic } from "../modules/alarm-topic";
import { AppSecrets, secretsUnder } from "../modules/app-secrets";
import { AuditTrail } from "../modules/audit-trail";
import { AuroraServerless } from "../modules/aurora-serverless";
import { BeanstalkEnvironment } from "../modules/beanstalk-environment";
import { FrontendSites } from "../modules/frontend-sites";
import { KmsKey } from "../modules/kms-key";
import { Network } from "../modules/network";
import type { RedisCache } from "../modules/redis-cache";
import { accountUniqueBucketName, SecureBucket } from "../modules/secure-bucket";
import { POSTGRES_PORT } from "../modules/service-ports";
import { SignInEdge } from "../modules/sign-in-edge";
import { CLIENT_CERT_HEADER, ORIGIN_SECRET } from "../modules/sign-in-paths";
import { TreasuryPlaneSecurityGroups } from "../modules/treasury-plane-security-groups";
import { cloudFrontWebAcl } from "../modules/web-acl";

/** The document's three React frontends, each `<site>.<domain>` behind its own distribution. */
const FRONTEND_SITES = ["web", "admin", "space"] as const;
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
          logKmsKeyRegion: config.region,
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
      albWebAcl: config.webAcl ? { logRetentionDays: config.logRetentionDays, logKmsKey: opsKey } : undefined,
      cloudFrontWebAcl: cloudFrontWaf,
      viewerSecurityPolicy: config.frontends.viewerSecurityPolicy,
      priceClass: config.frontends.priceClass,
      usEast1Provider: this.usEast1Provider,
      account: this.account,
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
        DB_HOST: this.database.endpoint,
        DB_READER_HOST: this.database.readerEndpoint,
        DB_PORT: String(POSTGRES_PORT),
        DB_NAME: config.database.databaseName,
        // The one identity header Django reads; nginx sets it on the PIV path only (platform/treasury-plane).
        PIV_CLIENT_CERT_HEADER: CLIENT_CERT_HEADER,
        // Each audience's base URL: Django builds absolute URLs (the OIDC redirect) from them, never from headers.
        API_URL_PIV: this.edge.urls.piv,
        API_URL_LOGIN_GOV: this.edge.urls.loginGov,
        ...this.secrets.arnsByName((key) => `${key.toUpperCase().replace(/-/g, "_")}_SECRET_ARN`),
        ...this.redis?.connectionVariables(),
      },
      account: this.account,
    });
    // Exactly the document's secrets and the origin secret (its hook): the app logs in with db-credentials, never as the master user.
    this.secrets.grantRead(this.app.instancePolicy);
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

    // Monitoring and audit: the document's four alarms, CloudTrail (flow logs are in the network).
    this.alarmTopic = new AlarmTopic(this, "alarms", { topicName: `${prefix}-alarms`, kmsKey: opsKey, emailAddresses: config.alarmEmails });
    this.app.addAlarms(this.alarmTopic);
    this.database.addAlarms(this.alarmTopic, { connectionsPercent: config.database.connectionsAlarmPercent });
    if (config.cloudTrail === "create") {
      const trail = { namePrefix: prefix, account: this.account, bucketName: bucketName("cloudtrail"), kmsKey: opsKey };
      new AuditTrail(this, "audit-trail", { ...trail, accessLogBucket: logBucket, logRetentionDays: config.logRetentionDays });
    }
    this.addOutputs(config);
  }

  /** Outputs for the deploy workflow (eb deploy, aws s3 sync, CloudFront invalidation). */
  private addOutputs({ domain }: TreasuryPlaneConfig): void {
    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    output(
      "frontend_buckets",
      this.frontends.bySite((site) => site.bucket.bucketName),
      "aws s3 sync targets",
    );
    output(
      "frontend_distribution_ids",
      this.frontends.bySite((site) => site.distributionId),
      "aws cloudfront create-invalidation --distribution-id",
    );
    output(
      "frontend_domain_names",
      this.frontends.bySite((site) => site.distributionDomainName),
      "CloudFront host names",
    );
    output("beanstalk_application_name", this.app.applicationName, "eb init application");
    output("beanstalk_environment_name", this.app.environmentName, "eb deploy environment");
    output(
      "api_urls",
      {
        piv: this.edge.urls.piv,
        login_gov: this.edge.urls.loginGov,
        piv_websocket: this.edge.urls.pivWebSocket,
        login_gov_websocket: this.edge.urls.loginGovWebSocket,
      },
      "API base URLs for the React apps: piv (PIV/CAC, client certificate, ALB 443) and login_gov (Login.gov, through CloudFront), each with its WebSocket base",
    );
    output("login_distribution_id", this.edge.loginDistribution.distributionId, "CloudFront distribution of the Login.gov host");
    output(
      "login_origin_secret_store_arn",
      this.edge.loginDistribution.keyValueStoreArn,
      "Key value store holding the Login.gov origin secret (aws cloudfront-keyvaluestore put-key, docs/operations.md)",
    );
    output("api_host_name", domain.apiHostName, "Host the API answers on");
    output("alb_dns_name", this.edge.loadBalancer.dnsName, "ALB host name (alias target of the API host)");
    output("aurora_endpoint", this.database.endpoint, "Writer endpoint");
    output("aurora_reader_endpoint", this.database.readerEndpoint, "Reader endpoint");
    output("aurora_master_secret_arn", this.database.masterUserSecretArn, "RDS-managed master user secret");
    output("secret_arns", this.secrets.arnsByName(), "Secrets operators fill (aws secretsmanager put-secret-value)");
    output("alarm_topic_arn", this.alarmTopic.arn, "SNS topic of the alarms");
    if (this.redis) {
      output("redis_primary_endpoint", this.redis.primaryEndpoint, "Redis primary (TLS, IAM authentication)");
      output("redis_reader_endpoint", this.redis.readerEndpoint, "Redis readers");
    }
  }
}
