import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { CoherentConfig } from "../lib/config/coherent";
import { PlatformStack } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { AlarmTopic } from "../modules/alarm-topic";
import { AppComputeProps } from "../modules/app-compute";
import { AppFleet } from "../modules/app-fleet";
import { AppInstanceRole } from "../modules/app-instance-role";
import { AppSecrets } from "../modules/app-secrets";
import { AppServer } from "../modules/app-server";
import { renderAppUserData } from "../modules/app-server/user-data";
import { AppTargetGroups } from "../modules/app-target-groups";
import { AuditTrail } from "../modules/audit-trail";
import { BucketFolders } from "../modules/bucket-folders";
import { Certificate } from "../modules/certificate";
import { ConfigRecorder } from "../modules/config-recorder";
import { DnsAlias } from "../modules/dns-alias";
import { GuardDuty } from "../modules/guardduty";
import { KmsKey } from "../modules/kms-key";
import { allowPublicWebIngress, LoadBalancer } from "../modules/load-balancer";
import { LogGroups } from "../modules/log-groups";
import { MachineImage } from "../modules/machine-image";
import { Network } from "../modules/network";
import { PostgresDatabase } from "../modules/postgres-database";
import { accountUniqueBucketName, SecureBucket } from "../modules/secure-bucket";
import { SecurityGroup } from "../modules/security-group";
import { WebAcl } from "../modules/web-acl";

export interface CoherentStackProps {
  /** Environment name from the config file name, e.g. `dev`. */
  readonly environment: string;
  readonly config: CoherentConfig;
}

const API_PORT = 4000;
const WEB_PORT = 5173;
const POSTGRES_PORT = 5432;

/**
 * The Coherent PMO Platform (seed 000_55cace538aa8e904): VPC over two AZs, the app server (or, with
 * horizontal scaling, a fleet) in public subnets, RDS PostgreSQL in private subnets, the artifacts
 * bucket, and in production the load balancer, WAF and the account-level audit services.
 */
export class CoherentStack extends PlatformStack {
  readonly network: Network;
  readonly database: PostgresDatabase;
  readonly artifacts: SecureBucket;
  readonly alarmTopic: AlarmTopic;
  readonly appServer?: AppServer;
  readonly appFleet?: AppFleet;
  readonly loadBalancer?: LoadBalancer;

  constructor(scope: Construct, id: string, props: CoherentStackProps) {
    const { config, environment } = props;
    super(scope, id, {
      system: "coherent",
      project: "Coherent PMO Platform",
      environment,
      region: config.region,
      tier: config.tier,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
      stateBackend: config.stateBackend,
    });
    const production = config.tier === "production";
    const prefix = this.namePrefix;
    // Bucket names are global: each carries the account id (`<name>-<account id>`).
    const bucketName = (name: string) => accountUniqueBucketName(name, this.account);
    const fqdn = config.domain && `${config.domain.subdomain}.${config.domain.name}`;

    // One key for data at rest (database, artifacts, logs, secrets, alarm topic, audit trail).
    const key = new KmsKey(this, "kms-key", {
      alias: prefix,
      description: `Coherent ${environment}: database, artifacts, logs, secrets, alarm topic, audit trail`,
      account: this.account,
      preventDestroy: production,
    });

    // Network: VPC 10.0.0.0/16, app-subnet-1/2 public, data-subnet-1/2 private, IGW, one NAT gateway.
    this.network = new Network(this, "network", {
      ...config.network,
      namePrefix: prefix,
      region: config.region,
      flowLogKmsKey: key,
    });

    // Security groups, as the seed's tables.
    const albSg = config.loadBalancer.enabled
      ? new SecurityGroup(this, "alb-sg", { network: this.network, name: "alb-sg", description: "Application load balancer" })
      : undefined;
    const appSg = new SecurityGroup(this, "app-sg", {
      network: this.network,
      name: "app-sg",
      description: "EC2 application server",
      allowAllEgress: true,
    });
    const dbSg = new SecurityGroup(this, "db-sg", {
      network: this.network,
      name: "db-sg",
      description: "RDS PostgreSQL",
      allowAllEgress: true,
    });
    suppress(
      appSg,
      "sg-world-egress-all",
      "the seed's app-sg table: all outbound (package mirrors, Let's Encrypt, Docker Hub, AWS APIs through the NAT-less public subnet)",
    );
    suppress(
      dbSg,
      "sg-world-egress-all",
      "the seed's db-sg table: all outbound; RDS opens no outbound connections of its own, and ingress is app-sg only",
    );
    if (config.sshAllowedCidr) {
      appSg.addIngress("ssh", {
        description: "SSH from the operators' range (sshAllowedCidr)",
        port: 22,
        from: { cidr: config.sshAllowedCidr },
      });
    }
    // Behind the load balancer TLS ends there (ACM); alone, nginx gets a Let's Encrypt certificate for the
    // configured domain. Without either, nginx serves plain HTTP only.
    const nginxTlsDomain = config.loadBalancer.enabled ? undefined : fqdn;
    // The seed's app-sg: nginx (80/443), API (4000) and web (5173); 443 only where nginx listens on it
    // (a TLS domain). With a load balancer in front, all of them admit only the load balancer, so nothing
    // reaches the app around the ALB and its WAF.
    const backendPorts = [
      ["api", API_PORT, `Fastify API (${API_PORT})`],
      ["web", WEB_PORT, `Vite web (${WEB_PORT})`],
    ] as const;
    const appPorts = [
      ["http", 80, "HTTP to nginx"],
      ...(nginxTlsDomain ? ([["https", 443, "HTTPS to nginx"]] as const) : []),
      ...backendPorts,
    ] as const;
    for (const [ruleId, port, service] of appPorts) {
      if (albSg) {
        appSg.addIngress(ruleId, { description: `${service} from the load balancer only`, port, from: { securityGroup: albSg } });
      } else {
        suppress(
          appSg.addIngress(ruleId, { description: `${service} from anywhere (no load balancer)`, port, from: { cidr: "0.0.0.0/0" } }),
          "sg-world-ingress",
          "the seed's app-sg table without a load balancer: the app server is the public entry point",
        );
      }
    }
    for (const [ruleId, port, service] of backendPorts) {
      albSg?.addEgress(ruleId, { description: `${service} on the app instances`, port, to: { securityGroup: appSg } });
    }
    if (albSg) allowPublicWebIngress(albSg, "HTTPS from anywhere");
    dbSg.addIngress("postgres", { description: "PostgreSQL from app-sg only", port: POSTGRES_PORT, from: { securityGroup: appSg } });

    // Data: RDS PostgreSQL, the artifacts bucket, application secrets.
    // S3 server access logs and ALB access logs land here (SSE-S3: the only encryption log delivery supports).
    const accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: bucketName(`${prefix}-access-logs`),
      preventDestroy: production,
      lifecycleRules: [{ id: "expire-access-logs", expirationDays: config.monitoring.logRetentionDays, noncurrentExpirationDays: 30 }],
    });
    const db = config.database;
    this.database = new PostgresDatabase(this, "database", {
      identifier: `${prefix}-postgres`,
      network: this.network,
      subnetGroupName: `coherent-data-subnet-group-${environment}`,
      securityGroup: dbSg,
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      port: POSTGRES_PORT,
      allocatedStorageGb: db.allocatedStorageGb,
      maxAllocatedStorageGb: db.maxAllocatedStorageGb,
      backupRetentionDays: db.backupRetentionDays,
      backupWindow: db.backupWindow,
      maintenanceWindow: db.maintenanceWindow,
      multiAz: db.multiAz,
      // The seed's "Primary Instance (AZ-A)": single-AZ, it sits next to the app server in app-subnet-1 (AppServer's
      // default subnet), so queries cross no zone. Multi-AZ, RDS places the primary and standby itself.
      sameZoneAs: db.multiAz ? undefined : this.network.publicSubnets[0],
      deletionProtection: db.deletionProtection,
      finalSnapshot: db.finalSnapshot,
      performanceInsights: db.performanceInsights,
      kmsKey: key,
      logRetentionDays: config.monitoring.logRetentionDays,
    });

    const bucket = config.artifacts;
    this.artifacts = new SecureBucket(this, "artifacts", {
      bucketName: bucket.bucketName ?? bucketName(`coherent-artifacts-${environment}`),
      // The seed's AES-256, with a customer-managed key: reading an object needs the key too.
      encryption: { kmsKeyArn: key.arn },
      accessLogBucket: accessLogs,
      versioned: true,
      preventDestroy: production,
      lifecycleRules: [
        {
          id: "tier-and-expire",
          transitions: [
            { days: bucket.infrequentAccessAfterDays, storageClass: "STANDARD_IA" },
            { days: bucket.glacierAfterDays, storageClass: "GLACIER" },
          ],
          expirationDays: bucket.expireAfterDays,
          // Overwritten and deleted versions: restorable in Standard first, then Glacier until expiry.
          noncurrentTransitions: [{ days: bucket.noncurrentVersionGlacierAfterDays, storageClass: "GLACIER" }],
          noncurrentExpirationDays: bucket.noncurrentVersionExpireDays,
        },
      ],
    });
    new BucketFolders(this, "artifacts-folders", { bucket: this.artifacts, folders: bucket.prefixes });

    const appSecrets = config.security.appSecrets
      ? new AppSecrets(this, "app-secrets", {
          kmsKey: key,
          recoveryWindowDays: production ? 30 : 0,
          secrets: {
            "jwt-signing-key": {
              name: `coherent/${environment}/jwt-signing-key`,
              description: "Key the API signs JWTs with: a random string of at least 64 characters.",
            },
            "redis-password": {
              name: `coherent/${environment}/redis-password`,
              description: "Password of the Redis container on the app server(s): a random string.",
            },
            "minio-root-password": {
              name: `coherent/${environment}/minio-root-password`,
              description: "Root password of the MinIO container (user coherent): at least 8 characters.",
            },
          },
        })
      : undefined;

    // Compute: the app server (or fleet), its role, image and first-boot script.
    const image = new MachineImage(this, "ubuntu-ami", { ssmParameterName: config.appServer.amiSsmParameter });
    const instanceRole = new AppInstanceRole(this, "ec2-role", {
      roleName: `coherent-ec2-role-${environment}`,
      instanceProfileName: `coherent-ec2-profile-${environment}`,
      account: this.account,
      bucket: this.artifacts,
      bucketPolicyName: "coherent-ec2-s3-policy",
      readableSecretArns: [this.database.masterSecretArn, ...(appSecrets?.arns ?? [])],
      // The database's managed secret and the app secrets are both encrypted with the stack key.
      secretsKmsKey: key,
    });
    // Created before the first instance boots, so the agent never creates them without retention.
    const logGroups = new LogGroups(this, "log-groups", {
      names: { app: `/coherent/${environment}/app`, nginx: `/coherent/${environment}/nginx`, system: `/coherent/${environment}/system` },
      retentionDays: config.monitoring.logRetentionDays,
      kmsKey: key,
    });
    const userData = renderAppUserData({
      environment,
      region: config.region,
      artifactsBucketName: this.artifacts.bucketName,
      databaseHost: this.database.address,
      databasePort: this.database.port,
      databaseName: db.databaseName,
      databaseSecretArn: this.database.masterSecretArn,
      postgresMajorVersion: this.database.majorVersion,
      nodeMajorVersion: config.appServer.nodeMajorVersion,
      logGroupNames: logGroups.names,
      metricsNamespace: `Coherent/${environment}`,
      tlsDomain: nginxTlsDomain,
      tlsContactEmail: config.domain?.tlsContactEmail,
      appSecretArns: appSecrets && {
        jwt: appSecrets.secret("jwt-signing-key").arn,
        redis: appSecrets.secret("redis-password").arn,
        minio: appSecrets.secret("minio-root-password").arn,
      },
      backupHourUtc: config.backup.dumpHourUtc,
      backupLocalRetentionDays: config.backup.localRetentionDays,
    });
    const targets = config.loadBalancer.enabled
      ? new AppTargetGroups(this, "target-groups", {
          network: this.network,
          namePrefix: prefix,
          apiPort: API_PORT,
          webPort: WEB_PORT,
          apiHealthCheckPath: "/api/v1/health",
        })
      : undefined;
    const compute: AppComputeProps = {
      network: this.network,
      securityGroup: appSg,
      instanceRole,
      image,
      userData,
      instanceType: config.appServer.instanceType,
      rootVolumeGb: config.appServer.rootVolumeGb,
    };
    if (config.horizontalScaling.enabled && targets) {
      this.appFleet = new AppFleet(this, "app-fleet", {
        ...compute,
        name: `${prefix}-app`,
        targetGroups: [targets.api, targets.web],
        minInstances: config.horizontalScaling.minInstances,
        maxInstances: config.horizontalScaling.maxInstances,
        targetCpuPercent: config.horizontalScaling.targetCpuPercent,
      });
    } else {
      const withRecord = !config.loadBalancer.enabled && config.domain?.hostedZoneId !== undefined;
      this.appServer = new AppServer(this, "app-server", {
        ...compute,
        name: `${prefix}-app`,
        keyPairName: config.appServer.keyPairName,
        terminationProtection: config.appServer.terminationProtection,
        account: this.account,
        // Without a load balancer the name points at the Elastic IP.
        hostedZoneId: withRecord ? config.domain?.hostedZoneId : undefined,
        dnsName: withRecord ? fqdn : undefined,
      });
      targets?.attachInstance(this.appServer.instanceId);
    }

    // Edge: HTTPS load balancer (/api/* to 4000, the rest to 5173), WAF, DNS alias.
    if (targets && albSg && config.domain) {
      const domain = config.domain;
      const certificate = new Certificate(this, "certificate", {
        domainName: fqdn!,
        hostedZoneId: domain.certificateArn ? undefined : domain.hostedZoneId,
        existingCertificateArn: domain.certificateArn,
      });
      this.loadBalancer = new LoadBalancer(this, "load-balancer", {
        network: this.network,
        name: `${prefix}-alb`,
        securityGroup: albSg,
        certificateArn: certificate.arn,
        deletionProtection: production,
        accessLogBucket: accessLogs,
        defaultAction: targets.webForwardAction,
      });
      targets.routeApi(this.loadBalancer.httpsListener);
      if (config.security.waf) {
        new WebAcl(this, "waf", {
          name: `${prefix}-waf`,
          scope: "REGIONAL",
          logRetentionDays: config.monitoring.logRetentionDays,
          logKmsKey: key,
        }).associate("load-balancer", this.loadBalancer.arn);
      }
      if (domain.hostedZoneId) {
        new DnsAlias(this, "dns", {
          hostedZoneId: domain.hostedZoneId,
          names: [fqdn!],
          target: { dnsName: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId },
        });
      }
    }

    // Account security services (the seed's "Recommended for production").
    if (config.security.guardDuty) new GuardDuty(this, "guardduty");
    if (config.security.cloudTrail) {
      new AuditTrail(this, "audit-trail", {
        namePrefix: prefix,
        account: this.account,
        bucketName: bucketName(`${prefix}-cloudtrail`),
        kmsKey: key,
        accessLogBucket: accessLogs,
        preventDestroy: production,
      });
    }
    if (config.security.configRecorder) {
      new ConfigRecorder(this, "config-recorder", {
        namePrefix: prefix,
        account: this.account,
        bucketName: bucketName(`${prefix}-config`),
        kmsKey: key,
        accessLogBucket: accessLogs,
        preventDestroy: production,
      });
    }

    // Monitoring: alarms to the SNS topic (the log groups are created with the compute above).
    const monitoring = config.monitoring;
    this.alarmTopic = new AlarmTopic(this, "alarms", {
      topicName: `${prefix}-alarms`,
      kmsKey: key,
      emailAddresses: monitoring.alarmEmail ? [monitoring.alarmEmail] : [],
    });
    this.appServer?.addAlarms(this.alarmTopic, { cpuPercent: monitoring.ec2CpuAlarmPercent });
    this.appFleet?.addAlarms(this.alarmTopic, { cpuPercent: monitoring.ec2CpuAlarmPercent });
    this.database.addAlarms(this.alarmTopic, {
      maxConnections: db.maxConnections,
      connectionsPercent: monitoring.dbConnectionsAlarmPercent,
      cpuPercent: monitoring.rdsCpuAlarmPercent,
      freeStorageGb: monitoring.dbFreeStorageAlarmGb,
    });

    // Outputs an operator needs.
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    if (this.appServer) {
      output("public_ip", this.appServer.publicIp, "Elastic IP of the app server");
      output("public_dns", this.appServer.publicDns, "Public DNS name of the app server's Elastic IP");
    }
    if (this.loadBalancer) output("load_balancer_dns", this.loadBalancer.dnsName, "DNS name of the load balancer");
    const httpsName = fqdn ?? this.loadBalancer?.dnsName;
    output("app_url", httpsName ? `https://${httpsName}` : `http://${this.appServer!.publicDns}`, "Where users open the app");
    output("database_endpoint", this.database.endpoint, "PostgreSQL host:port (private subnets; SSL required)");
    output("database_secret_arn", this.database.masterSecretArn, "RDS-managed secret with the master username and password");
    output("artifacts_bucket", this.artifacts.bucketName, "Artifacts bucket (uploads/, artifacts/, documents/, backups/)");
    output("alarm_topic_arn", this.alarmTopic.arn, "SNS topic the alarms notify");
  }
}
