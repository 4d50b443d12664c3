import * as path from "path";
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { TreasuryPlaneConfig } from "../lib/config/treasury-plane";
import { PolicyStatement } from "../lib/iam";
import { PlatformStack } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { AlarmTopic } from "../modules/alarm-topic";
import { AppSecrets, SecretSpec } from "../modules/app-secrets";
import { AuditTrail } from "../modules/audit-trail";
import { AuroraServerless, POSTGRES_PORT } from "../modules/aurora-serverless";
import { BEANSTALK_INSTANCE_PORT, BeanstalkEnvironment } from "../modules/beanstalk-environment";
import { Certificate } from "../modules/certificate";
import { KmsKey } from "../modules/kms-key";
import { allowPublicWebIngress, LoadBalancer } from "../modules/load-balancer";
import { MtlsTrustStore } from "../modules/mtls-trust-store";
import { Network } from "../modules/network";
import { REDIS_PORT, RedisCache } from "../modules/redis-cache";
import { accountUniqueBucketName, SecureBucket } from "../modules/secure-bucket";
import { SecurityGroup } from "../modules/security-group";
import { StaticSite } from "../modules/static-site";
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
  constructor(scope: Construct, id: string, { environment, config }: TreasuryPlaneStackProps) {
    super(scope, id, {
      system: "treasury-plane",
      project: "Treasury Plane",
      environment,
      region: config.region,
      tier: config.tier,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
      stateBackend: config.stateBackend,
    });
    const prefix = this.namePrefix;
    const production = config.tier === "production";
    // Bucket names are global: `<bucketNamePrefix>-<purpose>-<environment>-<account id>`.
    const bucketName = (purpose: string) => accountUniqueBucketName(`${config.bucketNamePrefix}-${purpose}-${environment}`, this.account);
    const domain = config.domain;

    // Operations key first: flow logs, alarms, CloudTrail and WAF logs are encrypted with it.
    const opsKey = new KmsKey(this, "ops-key", {
      alias: `${prefix}-ops`,
      description: "Treasury Plane operations: flow logs, alarm topic, CloudTrail, WAF logs",
      account: this.account,
      preventDestroy: production,
    });

    // Network: VPC 10.0.0.0/16, public (ALB, NAT) and private (Beanstalk, Aurora, Redis) subnets, flow logs.
    const network = new Network(this, "network", {
      ...config.network,
      namePrefix: prefix,
      region: config.region,
      flowLogKmsKey: opsKey,
    });

    // Security groups: the document's chain ALB -> Beanstalk -> Aurora / Redis.
    const albGroup = new SecurityGroup(this, "alb-sg", {
      network,
      name: `${prefix}-alb`,
      description: "Treasury Plane ALB: HTTPS and HTTP from the internet",
      allowAllEgress: true,
    });
    suppress(
      albGroup,
      "sg-world-egress-all",
      "the document's ALB security group table: egress All (targets are the Beanstalk instances, whose group admits only this one)",
    );
    const appGroup = new SecurityGroup(this, "beanstalk-sg", {
      network,
      name: `${prefix}-beanstalk`,
      description: "Treasury Plane Beanstalk instances: nginx from the ALB, SSH from the VPC",
      allowAllEgress: true,
    });
    suppress(
      appGroup,
      "sg-world-egress-all",
      "the document's Beanstalk egress All through the NAT gateways: Login.gov, package mirrors, AWS APIs",
    );
    appGroup.addIngress("http-from-alb", {
      description: "nginx from the ALB only",
      port: BEANSTALK_INSTANCE_PORT,
      from: { securityGroup: albGroup },
    });
    appGroup.addIngress("ssh-from-vpc", {
      description: "SSH for troubleshooting from inside the VPC",
      port: 22,
      from: { cidr: network.vpcCidr },
    });
    const databaseGroup = new SecurityGroup(this, "aurora-sg", {
      network,
      name: `${prefix}-aurora`,
      description: "Treasury Plane Aurora: PostgreSQL from Beanstalk only, no egress",
    });
    databaseGroup.addIngress("postgres-from-beanstalk", {
      description: "PostgreSQL from the Beanstalk instances only",
      port: POSTGRES_PORT,
      from: { securityGroup: appGroup },
    });
    let redisGroup: SecurityGroup | undefined;
    if (config.redis.enabled) {
      redisGroup = new SecurityGroup(this, "redis-sg", {
        network,
        name: `${prefix}-redis`,
        description: "Treasury Plane Redis: from Beanstalk only, no egress",
      });
      redisGroup.addIngress("redis-from-beanstalk", {
        description: "Redis (TLS) from the Beanstalk instances only",
        port: REDIS_PORT,
        from: { securityGroup: appGroup },
      });
    }

    // Data: KMS, Aurora, the document's secrets, optional Redis.
    const dataKey = new KmsKey(this, "data-key", {
      alias: `${prefix}-data`,
      description: "Treasury Plane data: Aurora, Redis, Secrets Manager",
      account: this.account,
      preventDestroy: production,
    });
    const database = new AuroraServerless(this, "aurora", {
      clusterIdentifier: `${prefix}-aurora`,
      network,
      securityGroup: databaseGroup,
      kmsKey: dataKey,
      engineVersion: config.database.engineVersion,
      minCapacity: config.database.minCapacity,
      maxCapacity: config.database.maxCapacity,
      databaseName: config.database.databaseName,
      masterUsername: config.database.masterUsername,
      backupRetentionDays: config.database.backupRetentionDays,
      backupWindow: config.database.backupWindow,
      deletionProtection: config.database.deletionProtection,
      finalSnapshot: config.database.finalSnapshot,
      logRetentionDays: config.logRetentionDays,
    });
    const secretSpecsByKey = secretSpecs(environment, config.redis.enabled);
    const secretKeys = Object.keys(secretSpecsByKey);
    const secrets = new AppSecrets(this, "secrets", {
      kmsKey: dataKey,
      secrets: secretSpecsByKey,
      // Production keeps deleted secrets restorable for 30 days; dev can be torn down and rebuilt at once.
      recoveryWindowDays: production ? 30 : 0,
    });
    const redis =
      redisGroup &&
      new RedisCache(this, "redis", {
        replicationGroupId: `${prefix}-redis`,
        network,
        securityGroup: redisGroup,
        kmsKey: dataKey,
        nodeType: config.redis.nodeType,
        nodes: config.redis.nodes,
        engineVersion: config.redis.engineVersion,
      });

    // The API's edge: certificate, PIV/CAC trust store, the ALB Beanstalk attaches to.
    const apiCertificate = new Certificate(this, "api-certificate", {
      domainName: domain.apiHostName,
      ...(domain.apiCertificateArn ? { existingCertificateArn: domain.apiCertificateArn } : { hostedZoneId: domain.hostedZoneId }),
    });
    const bundle = config.mutualTls.caBundle;
    const trustStore = new MtlsTrustStore(this, "mtls-trust-store", {
      name: `${prefix}-piv`,
      caBundle:
        "pemFile" in bundle
          ? { pemFile: path.resolve(PROJECT_ROOT, bundle.pemFile), bucketName: bucketName("trust-store") }
          : { bucket: bundle.bucket, key: bundle.key, objectVersion: bundle.objectVersion },
    });
    const logLifecycle = [{ id: "expire-logs", expirationDays: config.logRetentionDays, noncurrentExpirationDays: 30 }];
    const logBucket = new SecureBucket(this, "log-bucket", {
      bucketName: bucketName("logs"),
      preventDestroy: production,
      lifecycleRules: logLifecycle,
    });
    // Two ways in (seed: PIV/CAC and Login.gov). In verify mode the ALB validates PIV certificates on 443 and
    // refuses clients without one, so Login.gov users get a second HTTPS listener that asks for none; in
    // passthrough mode 443 admits both and the app validates presented chains against the same bundle.
    const mutualTls = config.mutualTls;
    const loadBalancer = new LoadBalancer(this, "alb", {
      network,
      name: `${prefix}-alb`,
      securityGroup: albGroup,
      certificateArn: apiCertificate.arn,
      idleTimeoutSeconds: config.loadBalancer.idleTimeoutSeconds,
      accessLogBucket: logBucket,
      deletionProtection: config.loadBalancer.deletionProtection,
      mutualTls: mutualTls.mode === "verify" ? { mode: "verify", trustStoreArn: trustStore.arn } : { mode: "passthrough" },
      noClientCertificatePort: mutualTls.noClientCertificatePort,
    });
    allowPublicWebIngress(albGroup, `HTTPS (mutual TLS ${mutualTls.mode} for PIV/CAC) from anywhere`, loadBalancer);
    if (config.webAcl) {
      new WebAcl(this, "alb-waf", {
        name: `${prefix}-alb`,
        scope: "REGIONAL",
        logRetentionDays: config.logRetentionDays,
        logKmsKey: opsKey,
      }).associate("alb", loadBalancer.arn);
    }

    // Compute: the Beanstalk environment on the shared ALB.
    const secretArnVariables = Object.fromEntries(
      secretKeys.map((key) => [`${key.toUpperCase().replace(/-/g, "_")}_SECRET_ARN`, secrets.secret(key).arn]),
    );
    const app = new BeanstalkEnvironment(this, "beanstalk", {
      applicationName: prefix,
      environmentName: prefix,
      solutionStackRegex: config.beanstalk.solutionStackRegex,
      network,
      instanceSecurityGroup: appGroup,
      loadBalancer,
      loadBalancerSecurityGroup: albGroup,
      hostNames: [domain.apiHostName],
      hostedZoneId: domain.hostedZoneId,
      instanceType: config.beanstalk.instanceType,
      minInstances: config.beanstalk.minInstances,
      maxInstances: config.beanstalk.maxInstances,
      healthCheckPath: config.beanstalk.healthCheckPath,
      deregistrationDelaySeconds: config.beanstalk.deregistrationDelaySeconds,
      deploymentPolicy: config.beanstalk.deploymentPolicy,
      managedUpdates: { preferredStartTime: config.beanstalk.managedUpdateWindow, updateLevel: config.beanstalk.managedUpdateLevel },
      logRetentionDays: config.logRetentionDays,
      sshKeyName: config.beanstalk.sshKeyName,
      environmentVariables: {
        APP_ENVIRONMENT: environment,
        AWS_REGION: config.region,
        DB_HOST: database.endpoint,
        DB_READER_HOST: database.readerEndpoint,
        DB_PORT: String(POSTGRES_PORT),
        DB_NAME: config.database.databaseName,
        ...clientCertificateVariables(mutualTls.mode, loadBalancer, trustStore.bundleLocation),
        ...secretArnVariables,
        ...(redis && {
          REDIS_PRIMARY_ENDPOINT: redis.primaryEndpoint,
          REDIS_READER_ENDPOINT: redis.readerEndpoint,
          REDIS_PORT: String(REDIS_PORT),
          REDIS_USERNAME: redis.appUser.userName,
        }),
      },
      // Exactly the document's secrets: the app logs in with db-credentials, never as the master user.
      secretArns: secrets.arns,
      secretKmsKeyArns: [dataKey.arn],
      instancePolicyStatements: [
        ...(redis ? [redis.connectPolicy] : []),
        ...(mutualTls.mode === "passthrough" ? [readBundlePolicy(trustStore.bundleLocation, this.account.partition)] : []),
      ],
      account: this.account,
    });

    // Frontends: three private buckets behind CloudFront.
    const frontendNames = FRONTEND_SITES.map((site) => `${site}.${domain.name}`);
    const frontendCertificate =
      config.frontends.customDomain &&
      new Certificate(this, "frontend-certificate", {
        domainName: frontendNames[0],
        subjectAlternativeNames: frontendNames.slice(1),
        provider: this.usEast1Provider,
        ...(domain.frontendCertificateArn
          ? { existingCertificateArn: domain.frontendCertificateArn }
          : { hostedZoneId: domain.hostedZoneId }),
      });
    const cloudFrontAcl =
      config.webAcl &&
      new WebAcl(this, "cloudfront-waf", {
        name: `${prefix}-cloudfront`,
        scope: "CLOUDFRONT",
        provider: this.usEast1Provider,
        logRetentionDays: config.logRetentionDays,
        // A CloudFront ACL logs in us-east-1; a KMS key serves its own region only.
        logKmsKey: this.region === "us-east-1" ? opsKey : undefined,
      });
    const frontendKey = new KmsKey(this, "frontend-key", {
      alias: `${prefix}-frontends`,
      description: "Treasury Plane frontend buckets (read by their CloudFront distributions)",
      account: this.account,
      preventDestroy: production,
    });
    const replicaRegion = config.frontends.replicaRegion;
    const replicaProvider = replicaRegion && this.providerFor(replicaRegion);
    // The replicas' server access logs: S3 delivers them only within the replica's own region.
    const replicaLogBucket =
      replicaProvider &&
      new SecureBucket(this, "replica-log-bucket", {
        bucketName: bucketName(`logs-${replicaRegion}`),
        preventDestroy: production,
        lifecycleRules: logLifecycle,
        provider: replicaProvider,
      });
    const sites = FRONTEND_SITES.map((site, index) => {
      const staticSite = new StaticSite(this, site, {
        name: `${prefix}-${site}`,
        bucketName: bucketName(site),
        encryptionKey: frontendKey,
        domainNames: frontendCertificate ? [frontendNames[index]] : undefined,
        certificateArn: frontendCertificate ? frontendCertificate.arn : undefined,
        hostedZoneId: frontendCertificate ? domain.hostedZoneId : undefined,
        viewerSecurityPolicy: config.frontends.viewerSecurityPolicy,
        priceClass: config.frontends.priceClass,
        noncurrentVersionDays: 90,
        accessLogs: { bucket: logBucket, provider: this.usEast1Provider },
        webAclArn: cloudFrontAcl ? cloudFrontAcl.arn : undefined,
        replication:
          replicaProvider && replicaLogBucket
            ? { bucketName: bucketName(`${site}-replica`), provider: replicaProvider, accessLogBucket: replicaLogBucket }
            : undefined,
        preventDestroy: production,
        account: this.account,
      });
      return staticSite;
    });

    // Monitoring and audit: the document's four alarms, CloudTrail (flow logs are in the network).
    const alarms = new AlarmTopic(this, "alarms", { topicName: `${prefix}-alarms`, kmsKey: opsKey, emailAddresses: config.alarmEmails });
    alarms.addAlarm("beanstalk-cpu-high", {
      alarmName: `${prefix}-beanstalk-cpu-high`,
      description: "Beanstalk instances averaged over 80% CPU for 5 minutes: check eb health, scale out or raise beanstalk.maxInstances.",
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: app.autoScalingGroupName },
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
      periodSeconds: 300,
      evaluationPeriods: 1,
    });
    alarms.addAlarm("alb-target-5xx", {
      alarmName: `${prefix}-alb-target-5xx`,
      description: "More than 10 HTTP 5xx responses from the Django targets in 1 minute: check eb logs and the web.stdout log group.",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer.arnSuffix },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 10,
      periodSeconds: 60,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    });
    database.addAlarms(alarms, { connectionsPercent: config.database.connectionsAlarmPercent });
    new AuditTrail(this, "audit-trail", {
      accessLogBucket: logBucket,
      namePrefix: prefix,
      account: this.account,
      bucketName: bucketName("cloudtrail"),
      kmsKey: opsKey,
      logRetentionDays: config.logRetentionDays,
      preventDestroy: production,
    });

    // Outputs for the deploy workflow (eb deploy, aws s3 sync, CloudFront invalidation).
    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    output(
      "frontend_buckets",
      Object.fromEntries(sites.map((site, index) => [FRONTEND_SITES[index], site.bucket.bucketName])),
      "aws s3 sync targets",
    );
    output(
      "frontend_distribution_ids",
      Object.fromEntries(sites.map((site, index) => [FRONTEND_SITES[index], site.distributionId])),
      "aws cloudfront create-invalidation --distribution-id",
    );
    output(
      "frontend_domain_names",
      Object.fromEntries(sites.map((site, index) => [FRONTEND_SITES[index], site.distributionDomainName])),
      "CloudFront host names",
    );
    output("beanstalk_application_name", app.applicationName, "eb init application");
    output("beanstalk_environment_name", app.environmentName, "eb deploy environment");
    output(
      "api_urls",
      Object.fromEntries(
        loadBalancer.httpsPorts.map((port, index) => [
          index === 0 ? "piv" : "login_gov",
          `https://${domain.apiHostName}${port === 443 ? "" : `:${port}`}`,
        ]),
      ),
      "API base URLs: piv (client certificate on 443) and, in verify mode, login_gov (no client certificate)",
    );
    output("api_host_name", domain.apiHostName, "Host the API answers on");
    output("alb_dns_name", loadBalancer.dnsName, "ALB host name (alias target of the API host)");
    output("aurora_endpoint", database.endpoint, "Writer endpoint");
    output("aurora_reader_endpoint", database.readerEndpoint, "Reader endpoint");
    output("aurora_master_secret_arn", database.masterUserSecretArn, "RDS-managed master user secret");
    output(
      "secret_arns",
      Object.fromEntries(secretKeys.map((key) => [key, secrets.secret(key).arn])),
      "Secrets operators fill (aws secretsmanager put-secret-value)",
    );
    output("alarm_topic_arn", alarms.arn, "SNS topic of the alarms");
    if (redis) {
      output("redis_primary_endpoint", redis.primaryEndpoint, "Redis primary (TLS, IAM authentication)");
      output("redis_reader_endpoint", redis.readerEndpoint, "Redis readers");
    }
  }
}

/**
 * What the app needs to authenticate PIV/CAC users in the chosen mode: the mode, the headers carrying the
 * client certificate, the listener ports (`X-Forwarded-Port`, set by the ALB) that do and do not carry a
 * verified one, and in passthrough the CA bundle to validate chains against.
 */
function clientCertificateVariables(
  mode: "verify" | "passthrough",
  loadBalancer: LoadBalancer,
  bundle: MtlsTrustStore["bundleLocation"],
): Record<string, string> {
  const [pivPort, loginGovPort = pivPort] = loadBalancer.httpsPorts;
  return {
    MTLS_MODE: mode,
    MTLS_CLIENT_CERT_HEADERS: loadBalancer.clientCertificateHeaders.join(","),
    PIV_LISTENER_PORT: String(pivPort),
    LOGIN_GOV_LISTENER_PORT: String(loginGovPort),
    ...(mode === "passthrough" && {
      MTLS_CA_BUNDLE_S3_URI: `s3://${bundle.bucket}/${bundle.key}`,
      ...(bundle.version && { MTLS_CA_BUNDLE_S3_VERSION: bundle.version }),
    }),
  };
}

/** Read access to the one CA bundle object (and its versions), for chain validation in passthrough mode. */
function readBundlePolicy(bundle: MtlsTrustStore["bundleLocation"], partition: string): PolicyStatement {
  return {
    Sid: "ReadMutualTlsCaBundle",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:GetObjectVersion"],
    Resource: `arn:${partition}:s3:::${bundle.bucket}/${bundle.key}`,
  };
}

/**
 * The document's secrets. Names carry the environment (`treasury-plane/<env>/...`): Secrets Manager
 * names are unique per account and region, and dev and prod may share an account.
 */
function secretSpecs(environment: string, redisEnabled: boolean): Record<string, SecretSpec> {
  const spec = (key: string, description: string): [string, SecretSpec] => [
    key,
    { name: `treasury-plane/${environment}/${key}`, description },
  ];
  return Object.fromEntries([
    spec(
      "db-credentials",
      "JSON {username, password, host, port, dbname} of the Django database login; set by the operator (the master login is the RDS-managed secret)",
    ),
    spec("django-secret-key", "Django SECRET_KEY, a random 50-character string; set by the operator"),
    spec("oidc-credentials", "JSON {client_id, client_secret, issuer, endpoints...} of the Login.gov OIDC client; set by the operator"),
    spec("app-config", "JSON {ENVIRONMENT, DEBUG, ALLOWED_HOSTS, CORS_ORIGINS...}; set by the operator"),
    ...(redisEnabled
      ? [
          spec(
            "redis-config",
            "JSON {primary_endpoint, reader_endpoint, port}; set by the operator from the redis_* outputs (no password: IAM authentication)",
          ),
        ]
      : []),
  ]);
}
