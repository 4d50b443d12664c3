import { Construct } from "constructs";
import { AccountContext, AddressTransparentGroup } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { AppInstanceRole } from "./app-instance-role";
import { AppSecrets, secretArnVariable } from "./app-secrets";
import { addBackupHeartbeatAlarm } from "./app-server/app-metrics";
import { KmsKey } from "./kms-key";
import { LogGroups } from "./log-groups";
import { PostgresDatabase } from "./postgres-database";
import { RuntimeParameters } from "./runtime-parameters";
import { SecureBucket } from "./secure-bucket";

export interface AppRuntimeProps {
  /** Names the role, profile, parameter path and log groups: `coherent-ec2-role-<environment>`, `/coherent/<environment>`. */
  readonly system: string;
  readonly environment: string;
  readonly account: AccountContext;
  /** The database the app and the backup job log in to, each as its own role with IAM authentication. */
  readonly database: PostgresDatabase;
  readonly databaseRoles: { readonly app: string; readonly backup: string };
  readonly artifacts: SecureBucket;
  /** Secrets the instances read; each ARN becomes the parameter `<KEY>_SECRET_ARN`. @default - none */
  readonly secrets?: AppSecrets<string>;
  readonly kmsKey: KmsKey;
  readonly logRetentionDays: number;
  /** Where the CloudWatch agent and the backup job publish, e.g. `Coherent/prod`. */
  readonly metricsNamespace: string;
}

/**
 * What the app instances run as and read at run time: their role with exactly its grants (the artifacts bucket,
 * the application's secrets, the runtime parameters, IAM logins as the app and backup roles; never the master
 * secret), the runtime parameters themselves, and the log groups the CloudWatch agent ships to. A group: its
 * resources keep the addresses they would have directly in the stack.
 */
export class AppRuntime extends AddressTransparentGroup {
  readonly instanceRole: AppInstanceRole;
  readonly parameters: RuntimeParameters;
  readonly logGroups: LogGroups<"app" | "nginx" | "system">;
  readonly metricsNamespace: string;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: AppRuntimeProps) {
    super(scope, id);
    this.metricsNamespace = props.metricsNamespace;
    this.name = `${props.system}-${props.environment}`;
    const { system, environment, database, databaseRoles } = props;
    this.parameters = new RuntimeParameters(this, "runtime-parameters", {
      path: `/${system}/${environment}`,
      account: props.account,
      values: {
        DB_HOST: database.address,
        DB_PORT: String(database.port),
        DB_NAME: database.databaseName,
        DB_USER: databaseRoles.app,
        DB_BACKUP_USER: databaseRoles.backup,
        ARTIFACTS_BUCKET: props.artifacts.bucketName,
        ...props.secrets?.arnsByName(secretArnVariable),
      },
    });
    this.instanceRole = new AppInstanceRole(this, "ec2-role", {
      roleName: `${system}-ec2-role-${environment}`,
      instanceProfileName: `${system}-ec2-profile-${environment}`,
      account: props.account,
    });
    props.artifacts.grantReadWrite(this.instanceRole.addInlinePolicy("bucket-policy", `${system}-ec2-s3-policy`));
    props.secrets?.grantRead(this.instanceRole.addInlinePolicy("secrets-policy", "read-secrets"));
    const runtimePolicy = this.instanceRole.addInlinePolicy("runtime-policy", "read-runtime-parameters-connect-database");
    this.parameters.grantRead(runtimePolicy);
    database.logins.grantConnect(runtimePolicy, [databaseRoles.app, databaseRoles.backup]);
    // Created before the first instance boots, so the agent never creates them without retention.
    this.logGroups = new LogGroups(this, "log-groups", {
      names: { app: `/${system}/${environment}/app`, nginx: `/${system}/${environment}/nginx`, system: `/${system}/${environment}/system` },
      retentionDays: props.logRetentionDays,
      kmsKey: props.kmsKey,
    });
  }

  /** The nightly pg_dump's heartbeat: no success for `hours` notifies `topic` (app-metrics.ts). */
  addBackupAlarm(topic: AlarmTopic, hours: number): void {
    addBackupHeartbeatAlarm(topic, this, { name: this.name, namespace: this.metricsNamespace, hours });
  }
}
