import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { COHERENT_APP_SECRETS, CoherentConfig } from "../lib/config/coherent";
import { PlatformStack, systemStackProps } from "../lib/platform-stack";
import { AlarmTopic } from "../modules/alarm-topic";
import { AppComputeProps } from "../modules/app-compute";
import type { AppFleet } from "../modules/app-fleet";
import { AppInstanceRole } from "../modules/app-instance-role";
import { AppRuntime } from "../modules/app-runtime";
import { AppSecrets, secretsUnder } from "../modules/app-secrets";
import { AppServer } from "../modules/app-server";
import { renderAppUserData } from "../modules/app-server/user-data";
import { AppTargetGroups } from "../modules/app-target-groups";
import { AuditTrail } from "../modules/audit-trail";
import { BucketFolders } from "../modules/bucket-folders";
import { COHERENT_PORTS, CoherentSecurityGroups } from "../modules/coherent-security-groups";
import { ConfigRecorder } from "../modules/config-recorder";
import { GuardDuty } from "../modules/guardduty";
import { HttpsEdge } from "../modules/https-edge";
import { KmsKey } from "../modules/kms-key";
import { LoadBalancer } from "../modules/load-balancer";
import { MachineImage } from "../modules/machine-image";
import { Network } from "../modules/network";
import { PostgresDatabase } from "../modules/postgres-database";
import { RuntimeParameters } from "../modules/runtime-parameters";
import { accountUniqueBucketName, SecureBucket, tieringLifecycleRule } from "../modules/secure-bucket";

export interface CoherentStackProps {
  /** Environment name from the config file name, e.g. `dev`. */
  readonly environment: string;
  readonly config: CoherentConfig;
}

/**
 * The Coherent PMO Platform (seed 000_55cace538aa8e904): VPC over two AZs, the app server (or, with
 * horizontal scaling, a fleet) in public subnets, RDS PostgreSQL in private subnets, the artifacts
 * bucket, and in production the load balancer, WAF and the account-level audit services.
 */
export class CoherentStack extends PlatformStack {
  readonly network: Network;
  readonly securityGroups: CoherentSecurityGroups;
  readonly database: PostgresDatabase;
  readonly artifacts: SecureBucket;
  readonly appSecrets?: AppSecrets<keyof typeof COHERENT_APP_SECRETS>;
  readonly instanceRole: AppInstanceRole;
  readonly alarmTopic: AlarmTopic;
  readonly appServer?: AppServer;
  readonly appFleet?: AppFleet;
  readonly loadBalancer?: LoadBalancer;

  constructor(scope: Construct, id: string, props: CoherentStackProps) {
    const { config, environment } = props;
    super(scope, id, systemStackProps({ system: "coherent", project: "Coherent PMO Platform" }, environment, config));
    const prefix = this.namePrefix;
    // Bucket names are global: each carries the account id (`<name>-<account id>`).
    const bucketName = (name: string) => accountUniqueBucketName(name, this.account);
    const fqdn = config.domain && `${config.domain.subdomain}.${config.domain.name}`;
    const { monitoring, loadBalancer } = config;

    // One key for data at rest (database, artifacts, logs, secrets, alarm topic, audit trail).
    const key = new KmsKey(this, "kms-key", {
      alias: prefix,
      description: `Coherent ${environment}: database, artifacts, logs, secrets, alarm topic, audit trail`,
      account: this.account,
    });

    // Network: VPC 10.0.0.0/16, app-subnet-1/2 public, data-subnet-1/2 private, IGW, one NAT gateway.
    this.network = new Network(this, "network", { ...config.network, namePrefix: prefix, region: config.region, flowLogKmsKey: key });

    // Security groups, as the seed's tables. Behind the load balancer TLS ends there (ACM); alone, nginx gets a
    // Let's Encrypt certificate for the configured domain. Without either, nginx serves plain HTTP only.
    const nginxTlsDomain = loadBalancer.enabled ? undefined : fqdn;
    this.securityGroups = new CoherentSecurityGroups(this, "security-groups", {
      network: this.network,
      loadBalancer: loadBalancer.enabled,
      nginxTls: nginxTlsDomain !== undefined,
      sshAllowedCidr: config.sshAllowedCidr,
    });

    // Data: RDS PostgreSQL, the artifacts bucket, application secrets.
    // S3 server access logs and ALB access logs land here (SSE-S3: the only encryption log delivery supports).
    const accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: bucketName(`${prefix}-access-logs`),
      lifecycleRules: [{ id: "expire-access-logs", expirationDays: monitoring.logRetentionDays, noncurrentExpirationDays: 30 }],
    });
    const db = config.database;
    this.database = new PostgresDatabase(this, "database", {
      ...db,
      identifier: `${prefix}-postgres`,
      network: this.network,
      subnetGroupName: `coherent-data-subnet-group-${environment}`,
      securityGroup: this.securityGroups.database,
      port: COHERENT_PORTS.postgres,
      // The seed's "Primary Instance (AZ-A)": single-AZ, it sits next to the app server in app-subnet-1 (AppServer's
      // default subnet), so queries cross no zone. Multi-AZ, RDS places the primary and standby itself.
      sameZoneAs: db.multiAz ? undefined : this.network.publicSubnets[0],
      kmsKey: key,
      logRetentionDays: monitoring.logRetentionDays,
      account: this.account,
    });
    const bucket = config.artifacts;
    this.artifacts = new SecureBucket(this, "artifacts", {
      bucketName: bucket.bucketName ?? bucketName(`coherent-artifacts-${environment}`),
      // The seed's AES-256, with a customer-managed key: reading an object needs the key too.
      encryption: { kmsKey: key },
      accessLogBucket: accessLogs,
      lifecycleRules: [tieringLifecycleRule("tier-and-expire", bucket)],
    });
    new BucketFolders(this, "artifacts-folders", { bucket: this.artifacts, folders: bucket.prefixes });
    const secrets = secretsUnder(`coherent/${environment}`, COHERENT_APP_SECRETS);
    if (config.security.appSecrets) this.appSecrets = new AppSecrets(this, "app-secrets", { kmsKey: key, secrets });

    // Compute: what the instances run as and read at run time (role, grants, parameters, log groups; never the
    // master secret), image and first-boot script; the server or fleet.
    const runtime = new AppRuntime(this, "runtime", {
      system: "coherent",
      environment,
      account: this.account,
      database: this.database,
      databaseRoles: { app: db.appUsername, backup: db.backupUsername },
      artifacts: this.artifacts,
      secrets: this.appSecrets,
      kmsKey: key,
      logRetentionDays: monitoring.logRetentionDays,
      metricsNamespace: `Coherent/${environment}`,
    });
    this.instanceRole = runtime.instanceRole;
    const compute: AppComputeProps = {
      network: this.network,
      securityGroup: this.securityGroups.app,
      instanceRole: this.instanceRole,
      image: new MachineImage(this, "ubuntu-ami", { ssmParameterName: config.appServer.amiSsmParameter }),
      userData: renderAppUserData({
        environment,
        region: config.region,
        parametersPath: runtime.parameters.path,
        postgresMajorVersion: this.database.majorVersion,
        nodeMajorVersion: config.appServer.nodeMajorVersion,
        logGroupNames: runtime.logGroups.names,
        metricsNamespace: runtime.metricsNamespace,
        tlsDomain: nginxTlsDomain,
        tlsContactEmail: config.domain?.tlsContactEmail,
        maxRequestBodyMb: config.webAclRules.maxRequestBodyMb,
        backupHourUtc: config.backup.dumpHourUtc,
        backupLocalRetentionDays: config.backup.localRetentionDays,
      }),
      instanceType: config.appServer.instanceType,
      rootVolumeGb: config.appServer.rootVolumeGb,
    };
    const targets =
      loadBalancer.enabled &&
      new AppTargetGroups(this, "target-groups", {
        network: this.network,
        namePrefix: prefix,
        apiPort: COHERENT_PORTS.api,
        webPort: COHERENT_PORTS.web,
      });
    if (config.horizontalScaling.enabled && targets) {
      const { minInstances, maxInstances, targetCpuPercent } = config.horizontalScaling;
      const fleet = { name: `${prefix}-app`, targetGroups: [targets.api, targets.web], minInstances, maxInstances, targetCpuPercent };
      // Loaded only when switched on: the launch template and auto scaling classes are 2.3 MB of JavaScript
      // that every synthesis would otherwise load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see above
      const { AppFleet } = require("../modules/app-fleet") as typeof import("../modules/app-fleet");
      this.appFleet = new AppFleet(this, "app-fleet", { ...compute, ...fleet });
    } else {
      // Without a load balancer the name points at the Elastic IP.
      const withRecord = !loadBalancer.enabled && config.domain?.hostedZoneId !== undefined;
      this.appServer = new AppServer(this, "app-server", {
        ...compute,
        name: `${prefix}-app`,
        keyPairName: config.appServer.keyPairName,
        terminationProtection: config.appServer.terminationProtection,
        account: this.account,
        hostedZoneId: withRecord ? config.domain?.hostedZoneId : undefined,
        dnsName: withRecord ? fqdn : undefined,
      });
      if (targets) targets.attachInstance(this.appServer.instanceId);
    }

    // Edge: HTTPS load balancer (/api/* to 4000, the rest to 5173), WAF, DNS alias.
    const albSg = this.securityGroups.loadBalancer;
    if (targets && albSg && config.domain && fqdn) {
      this.loadBalancer = new HttpsEdge(this, "edge", {
        network: this.network,
        namePrefix: prefix,
        securityGroup: albSg,
        domainName: fqdn,
        hostedZoneId: config.domain.hostedZoneId,
        existingCertificateArn: config.domain.certificateArn,
        targets,
        deletionProtection: config.tier === "production",
        accessLogBucket: accessLogs,
        webAcl: config.security.waf
          ? { logRetentionDays: monitoring.logRetentionDays, logKmsKey: key, rules: config.webAclRules }
          : undefined,
      }).loadBalancer;
    }

    // Account security services (the seed's "Recommended for production").
    const audit = { namePrefix: prefix, account: this.account, kmsKey: key, accessLogBucket: accessLogs };
    // "adopt" and "organization" use what the account already has: nothing of it is created here.
    const { guardDuty, cloudTrail, configRecorder } = config.security;
    if (guardDuty === "create") new GuardDuty(this, "guardduty");
    if (guardDuty === "adopt") GuardDuty.fromAccount(this, "guardduty");
    if (cloudTrail === "create") new AuditTrail(this, "audit-trail", { ...audit, bucketName: bucketName(`${prefix}-cloudtrail`) });
    if (configRecorder === "create") {
      new ConfigRecorder(this, "config-recorder", { ...audit, bucketName: bucketName(`${prefix}-config`) });
    }

    // Monitoring: alarms and high-severity GuardDuty findings to the SNS topic and its subscribers.
    const topic = (this.alarmTopic = AlarmTopic.forStack(this, prefix, key, monitoring.alarmSubscribers));
    this.appServer?.addAlarms(topic, { cpuPercent: monitoring.ec2CpuAlarmPercent, metricsNamespace: runtime.metricsNamespace });
    this.appFleet?.addAlarms(topic, { cpuPercent: monitoring.ec2CpuAlarmPercent });
    if (this.loadBalancer && targets) this.loadBalancer.addAlarms(topic, { ...monitoring, targetGroups: targets.alarmTargets() });
    runtime.addBackupAlarm(topic, monitoring.backupHeartbeatHours);
    this.database.addAlarms(topic, {
      maxConnections: db.maxConnections,
      connectionsPercent: monitoring.dbConnectionsAlarmPercent,
      cpuPercent: monitoring.rdsCpuAlarmPercent,
      freeStorageGb: monitoring.dbFreeStorageAlarmGb,
    });
    this.addOutputs(fqdn, runtime.parameters, db);
  }

  /** Outputs an operator needs. */
  private addOutputs(fqdn: string | undefined, parameters: RuntimeParameters, roles: CoherentConfig["database"]): void {
    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    if (this.appServer) {
      output("public_ip", this.appServer.publicIp, "Elastic IP of the app server");
      output("public_dns", this.appServer.publicDns, "Public DNS name of the app server's Elastic IP");
    }
    if (this.loadBalancer) output("load_balancer_dns", this.loadBalancer.dnsName, "DNS name of the load balancer");
    const httpsName = fqdn ?? this.loadBalancer?.dnsName;
    output("app_url", httpsName ? `https://${httpsName}` : `http://${this.appServer!.publicDns}`, "Where users open the app");
    output("database_endpoint", this.database.endpoint, "PostgreSQL host:port (private subnets; SSL required)");
    output("database_secret_arn", this.database.masterSecretArn, "RDS-managed master secret: operators only (the role bootstrap)");
    output(
      "database_bootstrap_statements",
      this.database.logins.bootstrapStatements({ app: { role: roles.appUsername, schema: "app" }, backupRole: roles.backupUsername }),
      "Run once as the master user: creates the app and backup roles (docs/operations.md)",
    );
    output("runtime_parameters_path", parameters.path, "SSM parameters the app and backup read at run time");
    output("artifacts_bucket", this.artifacts.bucketName, "Artifacts bucket (uploads/, artifacts/, documents/, backups/)");
    output("alarm_topic_arn", this.alarmTopic.arn, "SNS topic the alarms notify");
  }
}
