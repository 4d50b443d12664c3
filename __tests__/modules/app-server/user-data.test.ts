import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import {
  AppUserDataProps,
  DOCKER_ENGINE_MAJOR,
  escapeForTerraform,
  renderAppUserData,
  unescapeTerraform,
} from "../../../modules/app-server/user-data";
import { BACKUP_METRIC, PM2_APPS, PM2_PID_DIR, pm2PidFile } from "../../../modules/app-server/app-metrics";
import { moduleTestStack } from "../../support/synth";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";

const values: AppUserDataProps = {
  environment: "dev",
  region: "us-east-1",
  parametersPath: "/coherent/dev",
  postgresMajorVersion: 14,
  logGroupNames: { app: "/coherent/dev/app", nginx: "/coherent/dev/nginx", system: "/coherent/dev/system" },
  metricsNamespace: "Coherent/dev",
};

/** The script as EC2 receives it: Terraform has turned `$${` back into `${`. */
function script(overrides: Partial<AppUserDataProps> = {}): string {
  return unescapeTerraform(renderAppUserData({ ...values, ...overrides }));
}

function writeScript(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coherent-user-data-")), "user-data.sh");
  fs.writeFileSync(file, text);
  return file;
}

// Under CI=true (.ci/run installs it) a missing shellcheck fails the test instead of skipping it.
const runShellcheck = spawnSync("shellcheck", ["--version"]).status === 0 || process.env.CI === "true";

describe("app server user data", () => {
  test.each([
    ["without TLS or application secrets", {}],
    ["with a TLS domain", { tlsDomain: "coherent.example.com", tlsContactEmail: "ops@example.com" }],
  ])("GIVEN the rendered script %s THEN bash parses it", (_, overrides) => {
    const result = spawnSync("bash", ["-n", writeScript(script(overrides))], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  (runShellcheck ? test : test.skip)(
    "GIVEN the rendered script THEN shellcheck reports nothing (skipped outside CI when shellcheck is not installed)",
    () => {
      const result = spawnSync("shellcheck", ["--severity=style", writeScript(script({ tlsDomain: "coherent.example.com" }))], {
        encoding: "utf8",
      });
      expect(result.stdout).toBe("");
      expect(result.status).toBe(0);
    },
  );

  test("GIVEN the seed's software stack THEN the script installs each piece", () => {
    const text = script();
    expect(text).toMatch(/deb\.nodesource\.com\/node_\$\{NODE_MAJOR\}\.x/);
    expect(text).toContain("readonly NODE_MAJOR='20'");
    expect(text).toMatch(
      /apt_install nodejs docker-ce docker-ce-cli containerd\.io docker-compose-plugin "postgresql-client-\$\{POSTGRES_MAJOR\}"/,
    );
    expect(text).toContain("readonly POSTGRES_MAJOR='14'");
    expect(text).toContain("awscli-exe-linux-$(uname -m).zip");
    expect(text).toContain("npm install -g pm2@5");
    expect(text).toMatch(/pm2 startup systemd -u "\$APP_USER"/);
    expect(text).toContain("image: redis:7-alpine");
    expect(text).toContain("image: quay.io/minio/minio");
    expect(text).toContain("docker compose --project-directory");
    expect(text).toContain("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s");
  });

  test("GIVEN Docker THEN a maintained major (29, not the seed's end-of-life 24.x) is installed and apt is pinned to it", () => {
    const text = script();
    expect(DOCKER_ENGINE_MAJOR).toBe(29);
    expect(text).toContain("readonly DOCKER_MAJOR='29'");
    const pin = "Package: docker-ce docker-ce-cli docker-ce-rootless-extras\nPin: version 5:${DOCKER_MAJOR}.*\nPin-Priority: 1001\n";
    expect(text).toContain(`cat >/etc/apt/preferences.d/docker-engine <<EOF\n${pin}EOF`);
    // The pin is in place before the index that the install reads, and the install is checked afterwards.
    const pinAt = text.indexOf("/etc/apt/preferences.d/docker-engine");
    const installAt = text.indexOf("apt_install nodejs docker-ce");
    expect(pinAt).toBeGreaterThan(text.indexOf("download.docker.com/linux/ubuntu"));
    expect(text.lastIndexOf("apt_get update", installAt)).toBeGreaterThan(pinAt);
    expect(text.slice(installAt)).toMatch(/if \[\[ "\$docker_version" != "5:\$\{DOCKER_MAJOR\}\."\* \]\]; then[^]*?exit 1/);
    expect(script({ dockerMajorVersion: 30 })).toContain("readonly DOCKER_MAJOR='30'");
  });

  test.each([24, 28.5])("GIVEN dockerMajorVersion %p THEN it is refused", (dockerMajorVersion) => {
    expect(() => script({ dockerMajorVersion })).toThrow(
      `renderAppUserData: dockerMajorVersion must be a Docker Engine major version like 29 (24 and older are end of life), got ${dockerMajorVersion}`,
    );
  });

  test("GIVEN nginx THEN /api/ goes to port 4000 and everything else to 5173", () => {
    const text = script();
    expect(text).toMatch(/location \/api\/ \{\n\s+proxy_pass http:\/\/127\.0\.0\.1:4000;/);
    expect(text).toMatch(/location \/ \{\n\s+proxy_pass http:\/\/127\.0\.0\.1:5173;/);
  });

  test("GIVEN a TLS domain THEN certbot issues a certificate for it, and without one nginx serves plain HTTP", () => {
    expect(script({ tlsDomain: "coherent.example.com" })).toContain("readonly TLS_DOMAIN='coherent.example.com'");
    expect(script()).toContain("readonly TLS_DOMAIN=''");
    expect(script()).toMatch(/if \[\[ -n "\$TLS_DOMAIN" \]\]; then[\s\S]*certbot --nginx --non-interactive --agree-tos --redirect/);
  });

  test("GIVEN the backup settings THEN pg_dump runs daily at 02:00 UTC to s3://<bucket>/backups/ and keeps 7 days locally", () => {
    const text = script();
    expect(text).toContain("timedatectl set-timezone UTC");
    expect(text).toContain(
      `printf '%s\\n0 %s * * * root /usr/local/bin/coherent-run /usr/local/bin/coherent-db-backup >>/var/log/coherent-db-backup.log 2>&1\\n' "$CRON_ENV" "$BACKUP_HOUR_UTC" >/etc/cron.d/coherent-db-backup`,
    );
    // cron's own PATH (/usr/bin:/bin) would not find the AWS CLI v2 in /usr/local/bin.
    expect(text).toMatch(/readonly CRON_ENV='SHELL=\/bin\/bash\nPATH=\/usr\/local\/sbin:\/usr\/local\/bin:/);
    expect(text).toContain("readonly BACKUP_HOUR_UTC='2'");
    // No --sse override: the bucket's default (KMS) encryption applies to backups too.
    expect(text).toContain('aws s3 cp "$dump" "s3://${ARTIFACTS_BUCKET}/backups/$(basename "$dump")" --only-show-errors');
    // The job runs with the runtime parameters in its environment (above), and reports each success last.
    const job = text.slice(
      text.indexOf("cat >/usr/local/bin/coherent-db-backup"),
      text.indexOf("chmod 0750 /usr/local/bin/coherent-db-backup"),
    );
    expect(job.trim().split("\n").slice(-2)[0]).toBe(
      `aws cloudwatch put-metric-data --region "$AWS_REGION" --namespace "$METRICS_NAMESPACE" --metric-name ${BACKUP_METRIC} --value 1 --unit Count`,
    );
    expect(text).toContain('-mtime "+$((BACKUP_LOCAL_RETENTION_DAYS - 1))" -delete');
    expect(script({ backupHourUtc: 5, backupLocalRetentionDays: 14 })).toMatch(
      /BACKUP_HOUR_UTC='5'[\s\S]*BACKUP_LOCAL_RETENTION_DAYS='14'/,
    );
  });

  test("GIVEN Redis and MinIO passwords THEN the app user can read them and nobody else can", () => {
    const text = script();
    expect(text).toContain('install -d -m 0750 -o root -g "$APP_USER" "$APP_HOME/services"');
    expect(text).toMatch(/umask 027\n\s+printf 'REDIS_PASSWORD=%s/);
    expect(text).toContain('chgrp "$APP_USER" "$SERVICES_CREDENTIALS"');
    expect(text).toContain("SERVICES_CREDENTIALS_FILE=${SERVICES_CREDENTIALS}");
  });

  test("GIVEN first boot THEN apt waits for unattended-upgrades' lock instead of failing", () => {
    const text = script();
    expect(text).toContain('apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }');
    expect(text).not.toMatch(/^apt-get /m);
  });

  test("GIVEN the database THEN the backup logs in as its own role with an IAM token, reads no secret, and no endpoint or ARN is rendered", () => {
    const text = script();
    expect(text).toContain(
      'PGPASSWORD="$(aws rds generate-db-auth-token --region "$AWS_REGION" --hostname "$DB_HOST" --port "$DB_PORT" --username "$DB_BACKUP_USER")"',
    );
    expect(text).toContain('export PGPASSWORD PGUSER="$DB_BACKUP_USER"');
    expect(text).toContain("DB_SSLMODE=verify-full");
    expect(text).not.toContain('get-secret-value --region "$AWS_REGION" --secret-id "$DB_SECRET_ARN"');
    expect(text).not.toMatch(/^(DB_HOST|DB_PORT|DB_NAME|ARTIFACTS_BUCKET|[A-Z_]+_SECRET_ARN)=/m);
    expect(text).toContain("readonly PARAMETERS_PATH='/coherent/dev'");
    expect(text).toContain("COHERENT_PARAMETERS_PATH=${PARAMETERS_PATH}");
    expect(text).not.toMatch(/PASSWORD=['"]?[A-Za-z0-9]{8,}/);
  });

  test("GIVEN runtime parameters THEN coherent-run exports them, names checked, before exec'ing the command, and PM2 starts both apps through it", () => {
    const text = script();
    expect(text).toContain('aws ssm get-parameters-by-path --region "$AWS_REGION" --path "$COHERENT_PARAMETERS_PATH"');
    expect(text).toContain('if [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ ]]; then export "$name=$value"; fi\ndone <<<"$parameters"\nexec "$@"');
    const ecosystem = text.slice(text.indexOf("ecosystem.config.js\" <<'EOF'"), text.indexOf('chown "$APP_USER:$APP_USER"'));
    expect(ecosystem).toContain('script: "/usr/local/bin/coherent-run", interpreter: "none"');
    expect([...ecosystem.matchAll(/name: "([a-z-]+)"/g)].map((match) => match[1])).toEqual([...PM2_APPS]);
  });

  test("GIVEN the PM2 apps THEN each writes its pid file where the CloudWatch agent counts it, and the alarms read the same paths", () => {
    const text = script();
    for (const app of PM2_APPS) {
      expect(text).toContain(`pid_file: "${pm2PidFile(app)}"`);
      expect(text).toContain(`{ "pid_file": "${pm2PidFile(app)}", "measurement": ["pid_count"] }`);
    }
    expect(text).toContain(`readonly PM2_PID_DIR='${PM2_PID_DIR}'`);
  });

  test("GIVEN a maximum request body THEN nginx accepts bodies up to it", () => {
    expect(script()).toContain("readonly MAX_REQUEST_BODY_MB='100'");
    expect(script({ maxRequestBodyMb: 25 })).toContain("readonly MAX_REQUEST_BODY_MB='25'");
    expect(script()).toContain("client_max_body_size ${MAX_REQUEST_BODY_MB}m;");
  });

  test("GIVEN the log group names THEN the CloudWatch agent ships app, nginx and system logs to them", () => {
    const text = script();
    expect(text).toContain('"file_path": "/opt/coherent/logs/*.log", "log_group_name": "/coherent/dev/app"');
    expect(text).toContain('"file_path": "/var/log/nginx/access.log", "log_group_name": "/coherent/dev/nginx"');
    expect(text).toContain('"file_path": "/var/log/syslog", "log_group_name": "/coherent/dev/system"');
    expect(text).toContain('"namespace": "Coherent/dev"');
    expect(text).toContain('"InstanceId": "${aws:InstanceId}"');
  });

  test("GIVEN the script's own ${...} THEN it is escaped for Terraform while Terraform references stay live", () => {
    const stack = moduleTestStack();
    const path = new SsmParameter(stack, "path", { name: "h", type: "String", value: "x" });
    const rendered = renderAppUserData({ ...values, parametersPath: path.value });
    expect(rendered).toContain('echo "deb [arch=$${arch} signed-by=');
    expect(rendered).not.toMatch(/[^$]\$\{(?!TfToken)/);
    expect(escapeForTerraform("a ${b} %{c}")).toBe("a $${b} %%{c}");
    expect(unescapeTerraform(escapeForTerraform("a ${b} %{c}"))).toBe("a ${b} %{c}");
  });

  test.each<[string, Partial<AppUserDataProps>, RegExp]>([
    [
      "a value that breaks out of its quotes",
      { parametersPath: "/x'; rm -rf /" },
      /PARAMETERS_PATH must not contain quotes, \$, backticks, backslashes or whitespace, got "\/x'; rm -rf \/"/,
    ],
    ["a backup hour past midnight", { backupHourUtc: 24 }, /backupHourUtc must be a whole hour 0-23, got 24/],
    ["no local retention", { backupLocalRetentionDays: 0 }, /backupLocalRetentionDays must be a whole number >= 1, got 0/],
    [
      "a PostgreSQL client version that does not exist",
      { postgresMajorVersion: 9.6 },
      /postgresMajorVersion must be a PostgreSQL major version like 14, got 9.6/,
    ],
  ])("GIVEN %s THEN rendering is refused", (_, overrides, message) => {
    expect(() => renderAppUserData({ ...values, ...overrides })).toThrow(message);
  });
});
