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
import { Certificate } from "../modules/certificate";
import { FrontendSites } from "../modules/frontend-sites";
import { KmsKey } from "../modules/kms-key";
import { allowPublicWebIngress, LoadBalancer } from "../modules/load-balancer";
import { apiUrlsByAudience, clientCertificateVariables, MtlsTrustStore } from "../modules/mtls-trust-store";
import { Network } from "../modules/network";
import type { RedisCache } from "../modules/redis-cache";
import { accountUniqueBucketName, SecureBucket } from "../modules/secure-bucket";
import { POSTGRES_PORT } from "../modules/service-ports";
import { TreasuryPlaneSecurityGroups } from "../modules/treasury-plane-security-groups";
import { WebAcl } from "../modules/web-acl";

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
 * The Treasury Plane (seed 004): React frontends on S3 + CloudFront, a Django API on Elastic Beanstalk
 * behind an ALB with PIV/CAC mutual TLS, Aurora PostgreSQL Serverless v2, optional Redis, secrets in
 * Secrets Manager, the document's alarms, CloudTrail and flow logs. Infrastructure is applied here;
 * code ships with `eb deploy` and `aws s3 sync`, so neither is tracked by Terraform.
 */
export class TreasuryPlaneStack extends PlatformStack {
  readonly network: Network;
  readonly securityGroups: TreasuryPlaneSecurityGroups;
  readonly database: AuroraServerless;
  readonly secrets: AppSecrets<string>;
  readonly redis?: RedisCache;
  readonly trustStore: MtlsTrustStore;
  readonly loadBalancer: LoadBalancer;
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
      secrets: secretsUnder(`treasury-plane/${environment}`, config.secrets),
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

    // The API's edge: certificate, PIV/CAC trust store, the ALB Beanstalk attaches to.
    const apiCertificate = new Certificate(this, "api-certificate", {
      domainName: domain.apiHostName,
      ...(domain.apiCertificateArn ? { existingCertificateArn: domain.apiCertificateArn } : { hostedZoneId: domain.hostedZoneId }),
    });
    const bundle = mutualTls.caBundle;
    this.trustStore = new MtlsTrustStore(this, "mtls-trust-store", {
      name: `${prefix}-piv`,
      caBundle:
        "pemFile" in bundle ? { pemFile: path.resolve(PROJECT_ROOT, bundle.pemFile), bucketName: bucketName("trust-store") } : bundle,
      account: this.account,
    });
    const logBucket = new SecureBucket(this, "log-bucket", {
      bucketName: bucketName("logs"),
      lifecycleRules: [{ id: "expire-logs", expirationDays: config.logRetentionDays, noncurrentExpirationDays: 30 }],
    });
    // Two ways in (seed: PIV/CAC and Login.gov). In verify mode the ALB validates PIV certificates on 443 and
    // refuses clients without one, so Login.gov users get a second HTTPS listener that asks for none; in
    // passthrough mode 443 admits both and the app validates presented chains against the same bundle.
    this.loadBalancer = new LoadBalancer(this, "alb", {
      network: this.network,
      name: `${prefix}-alb`,
      securityGroup: groups.loadBalancer,
      certificateArn: apiCertificate.arn,
      idleTimeoutSeconds: config.loadBalancer.idleTimeoutSeconds,
      accessLogBucket: logBucket,
      deletionProtection: config.loadBalancer.deletionProtection,
      mutualTls: mutualTls.mode === "verify" ? { mode: "verify", trustStoreArn: this.trustStore.arn } : { mode: "passthrough" },
      noClientCertificatePort: mutualTls.noClientCertificatePort,
    });
    allowPublicWebIngress(groups.loadBalancer, `HTTPS (mutual TLS ${mutualTls.mode} for PIV/CAC) from anywhere`, this.loadBalancer);
    if (config.webAcl) {
      new WebAcl(this, "alb-waf", {
        name: `${prefix}-alb`,
        scope: "REGIONAL",
        logRetentionDays: config.logRetentionDays,
        logKmsKey: opsKey,
      }).associate("alb", this.loadBalancer.arn);
    }

    // Compute: the Beanstalk environment on the shared ALB, granted exactly what the app reads.
    const beanstalk = config.beanstalk;
    this.app = new BeanstalkEnvironment(this, "beanstalk", {
      ...beanstalk,
      applicationName: prefix,
      environmentName: prefix,
      network: this.network,
      instanceSecurityGroup: groups.app,
      loadBalancer: this.loadBalancer,
      loadBalancerSecurityGroup: groups.loadBalancer,
      hostNames: [domain.apiHostName],
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
        ...clientCertificateVariables(mutualTls.mode, this.loadBalancer, this.trustStore),
        ...this.secrets.arnsByName((key) => `${key.toUpperCase().replace(/-/g, "_")}_SECRET_ARN`),
        ...this.redis?.connectionVariables(),
      },
      account: this.account,
    });
    // Exactly the document's secrets: the app logs in with db-credentials, never as the master user.
    this.secrets.grantRead(this.app.instancePolicy);
    this.redis?.grantConnect(this.app.instancePolicy);
    if (mutualTls.mode === "passthrough") this.trustStore.grantReadBundle(this.app.instancePolicy);

    // Frontends: three private buckets behind CloudFront.
    const replicaRegion = config.frontends.replicaRegion;
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
      webAcl: config.webAcl,
      logRetentionDays: config.logRetentionDays,
      logKmsKey: opsKey,
      usEast1Provider: this.usEast1Provider,
      replicaProvider: replicaRegion ? this.providerFor(replicaRegion) : undefined,
      account: this.account,
    });

    // Monitoring and audit: the document's four alarms, CloudTrail (flow logs are in the network).
    this.alarmTopic = new AlarmTopic(this, "alarms", { topicName: `${prefix}-alarms`, kmsKey: opsKey, emailAddresses: config.alarmEmails });
    this.app.addAlarms(this.alarmTopic);
    this.database.addAlarms(this.alarmTopic, { connectionsPercent: config.database.connectionsAlarmPercent });
    const trail = { namePrefix: prefix, account: this.account, bucketName: bucketName("cloudtrail"), kmsKey: opsKey };
    new AuditTrail(this, "audit-trail", { ...trail, accessLogBucket: logBucket, logRetentionDays: config.logRetentionDays });
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
      apiUrlsByAudience(this.loadBalancer, domain.apiHostName),
      "API base URLs: piv (client certificate on 443) and, in verify mode, login_gov (no client certificate)",
    );
    output("api_host_name", domain.apiHostName, "Host the API answers on");
    output("alb_dns_name", this.loadBalancer.dnsName, "ALB host name (alias target of the API host)");
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
