import * as fs from "fs";
import * as path from "path";
import { Token } from "cdktf";
import { BACKUP_METRIC, PM2_PID_DIR } from "./app-metrics";

/** The bootstrap script drawn in the seed's compute diagram; see user-data.sh.tpl. */
export const APP_USER_DATA_TEMPLATE = path.join(__dirname, "user-data.sh.tpl");

/**
 * Docker Engine major installed from Docker's apt repository. The seed's 24.x is unmaintained; docker-29.x
 * is the branch Docker, Inc. maintains and ships ("Maintained", until "after docker-30.x"), per
 * https://github.com/moby/moby/blob/master/project/BRANCHES-AND-TAGS.md (read 2026-12-01).
 */
export const DOCKER_ENGINE_MAJOR = 29;

/** EC2 refuses user data over 16 KB. */
const USER_DATA_LIMIT_BYTES = 16 * 1024;

export interface AppUserDataProps {
  /** Environment name, e.g. `dev`. */
  readonly environment: string;
  readonly region: string;
  /**
   * SSM path of the runtime parameters (modules/runtime-parameters.ts): DB_HOST, DB_PORT, DB_NAME, DB_USER,
   * DB_BACKUP_USER, ARTIFACTS_BUCKET and the *_SECRET_ARN, read by the apps at every start and by the backup job.
   */
  readonly parametersPath: string;
  /** Major version of the PostgreSQL client (pg_dump must not be older than the server). */
  readonly postgresMajorVersion: number;
  /** @default 20 */
  readonly nodeMajorVersion?: number;
  /** Docker Engine major version, held by an apt pin. @default DOCKER_ENGINE_MAJOR (29) */
  readonly dockerMajorVersion?: number;
  /** Log groups the CloudWatch agent ships to. */
  readonly logGroupNames: { readonly app: string; readonly nginx: string; readonly system: string };
  /** CloudWatch namespace of the agent's memory, disk and PM2 metrics. */
  readonly metricsNamespace: string;
  /** nginx serves this name with a Let's Encrypt certificate. @default - plain HTTP, any name */
  readonly tlsDomain?: string;
  /** Let's Encrypt account e-mail. @default - registered without e-mail */
  readonly tlsContactEmail?: string;
  /** nginx's client_max_body_size in MiB (the WAF's maximum in production). @default 100 */
  readonly maxRequestBodyMb?: number;
  /** @default 2 */
  readonly backupHourUtc?: number;
  /** @default 7 */
  readonly backupLocalRetentionDays?: number;
}

/**
 * The application server's user data, ready for an `aws_instance` or launch template. The template's
 * own `${...}` (bash, Compose and agent variables) is escaped for Terraform; the values may be
 * Terraform references, which Terraform fills in at apply.
 */
export function renderAppUserData(props: AppUserDataProps): string {
  const values: Record<string, string | number> = {
    ENVIRONMENT: props.environment,
    AWS_REGION: props.region,
    PARAMETERS_PATH: props.parametersPath,
    POSTGRES_MAJOR: props.postgresMajorVersion,
    NODE_MAJOR: props.nodeMajorVersion ?? 20,
    DOCKER_MAJOR: props.dockerMajorVersion ?? DOCKER_ENGINE_MAJOR,
    TLS_DOMAIN: props.tlsDomain ?? "",
    TLS_CONTACT_EMAIL: props.tlsContactEmail ?? "",
    MAX_REQUEST_BODY_MB: props.maxRequestBodyMb ?? 100,
    BACKUP_HOUR_UTC: props.backupHourUtc ?? 2,
    BACKUP_LOCAL_RETENTION_DAYS: props.backupLocalRetentionDays ?? 7,
    LOG_GROUP_APP: props.logGroupNames.app,
    LOG_GROUP_NGINX: props.logGroupNames.nginx,
    LOG_GROUP_SYSTEM: props.logGroupNames.system,
    METRICS_NAMESPACE: props.metricsNamespace,
    PM2_PID_DIR,
    BACKUP_METRIC,
  };
  validate(props, values);

  const template = fs.readFileSync(APP_USER_DATA_TEMPLATE, "utf8");
  const script = escapeForTerraform(template).replace(/@@([A-Z0-9_]+)@@/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`user-data.sh.tpl uses @@${name}@@, which renderAppUserData does not fill`);
    return String(values[name]);
  });
  if (Buffer.byteLength(script) > USER_DATA_LIMIT_BYTES) {
    throw new Error(`app user data is ${Buffer.byteLength(script)} bytes; EC2 accepts at most ${USER_DATA_LIMIT_BYTES}`);
  }
  return script;
}

/** Terraform reads `${` and `%{` in strings as templates; `$${` and `%%{` are the literal forms. */
export function escapeForTerraform(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform hands to EC2 for an escaped string without references (for tests and previews). */
export function unescapeTerraform(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

function validate(props: AppUserDataProps, values: Record<string, string | number>): void {
  const fail = (message: string) => {
    throw new Error(`renderAppUserData: ${message}`);
  };
  // Values land inside single-quoted bash strings and JSON: refuse anything that could break out.
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" && !Token.isUnresolved(value) && /['"$`\\\s]/.test(value)) {
      fail(`${name} must not contain quotes, $, backticks, backslashes or whitespace, got "${value}"`);
    }
  }
  const hour = props.backupHourUtc ?? 2;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) fail(`backupHourUtc must be a whole hour 0-23, got ${hour}`);
  const body = props.maxRequestBodyMb ?? 100;
  if (!Number.isInteger(body) || body < 1) fail(`maxRequestBodyMb must be a whole number of MiB >= 1, got ${body}`);
  const days = props.backupLocalRetentionDays ?? 7;
  if (!Number.isInteger(days) || days < 1) fail(`backupLocalRetentionDays must be a whole number >= 1, got ${days}`);
  const docker = props.dockerMajorVersion ?? DOCKER_ENGINE_MAJOR;
  if (!Number.isInteger(docker) || docker < 25) {
    fail(`dockerMajorVersion must be a Docker Engine major version like 29 (24 and older are end of life), got ${docker}`);
  }
  if (!Number.isInteger(props.postgresMajorVersion) || props.postgresMajorVersion < 10) {
    fail(`postgresMajorVersion must be a PostgreSQL major version like 14, got ${props.postgresMajorVersion}`);
  }
}
