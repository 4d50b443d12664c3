#!/bin/bash
# Coherent PMO Platform application server, first boot (cloud-init runs this once, as root).
# Rendered by modules/app-server/user-data.ts: the double-at placeholders are filled at synthesis with names
# only. Endpoints and secret ARNs are SSM parameters under PARAMETERS_PATH, read at run time (coherent-config),
# so a replaced or restored database needs no new server; secrets come from Secrets Manager, never from here.
set -euo pipefail
exec > >(tee -a /var/log/coherent-bootstrap.log) 2>&1

readonly ENVIRONMENT='@@ENVIRONMENT@@'
readonly AWS_REGION='@@AWS_REGION@@'
readonly PARAMETERS_PATH='@@PARAMETERS_PATH@@'
readonly POSTGRES_MAJOR='@@POSTGRES_MAJOR@@'
readonly NODE_MAJOR='@@NODE_MAJOR@@'
readonly DOCKER_MAJOR='@@DOCKER_MAJOR@@'
readonly TLS_DOMAIN='@@TLS_DOMAIN@@'
readonly TLS_CONTACT_EMAIL='@@TLS_CONTACT_EMAIL@@'
readonly MAX_REQUEST_BODY_MB='@@MAX_REQUEST_BODY_MB@@'
readonly BACKUP_HOUR_UTC='@@BACKUP_HOUR_UTC@@'
readonly BACKUP_LOCAL_RETENTION_DAYS='@@BACKUP_LOCAL_RETENTION_DAYS@@'
readonly METRICS_NAMESPACE='@@METRICS_NAMESPACE@@'
readonly PM2_PID_DIR='@@PM2_PID_DIR@@'

readonly APP_USER=ubuntu
readonly APP_HOME=/opt/coherent
readonly RDS_CA_BUNDLE=/etc/coherent/rds-ca-bundle.pem
export DEBIAN_FRONTEND=noninteractive

# unattended-upgrades holds the dpkg lock for a while after first boot: wait for it instead of failing.
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_install() { apt_get install -y --no-install-recommends "$@"; }
# cron runs jobs with PATH=/usr/bin:/bin; the AWS CLI v2 lives in /usr/local/bin.
readonly CRON_ENV='SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# Users of the app's Redis and MinIO read their credentials from here (root and the app user only).
readonly SERVICES_CREDENTIALS="$APP_HOME/services/.env"

# Cron schedules (the 02:00 backup) are in UTC.
timedatectl set-timezone UTC

echo "== base packages and apt repositories (NodeSource, Docker, PostgreSQL)"
apt_get update
apt_install ca-certificates curl gnupg jq unzip openssl lsb-release nginx cron logrotate
codename="$(lsb_release -cs)"
arch="$(dpkg --print-architecture)"
install -d -m 0755 /etc/apt/keyrings
curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_${NODE_MAJOR}.x nodistro main" >/etc/apt/sources.list.d/nodesource.list
curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg
echo "deb [arch=${arch} signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/ubuntu ${codename} stable" >/etc/apt/sources.list.d/docker.list
curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc | gpg --dearmor --yes -o /etc/apt/keyrings/postgresql.gpg
echo "deb [signed-by=/etc/apt/keyrings/postgresql.gpg] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main" >/etc/apt/sources.list.d/pgdg.list
# Docker Engine held to one maintained major (not the seed's end-of-life 24.x): apt installs the newest
# ${DOCKER_MAJOR}.x and never moves to another major on upgrades. Docker's packages are versioned 5:<major>.x.y-...
cat >/etc/apt/preferences.d/docker-engine <<EOF
Package: docker-ce docker-ce-cli docker-ce-rootless-extras
Pin: version 5:${DOCKER_MAJOR}.*
Pin-Priority: 1001
EOF
apt_get update
# pg_dump must be at least the server's major version, hence the PGDG client of that version.
apt_install nodejs docker-ce docker-ce-cli containerd.io docker-compose-plugin "postgresql-client-${POSTGRES_MAJOR}"
# shellcheck disable=SC2016 # ${Version} is dpkg-query's field, not a shell variable
docker_version="$(dpkg-query -W -f='${Version}' docker-ce)"
if [[ "$docker_version" != "5:${DOCKER_MAJOR}."* ]]; then
  echo "docker-ce ${docker_version} is not Docker Engine ${DOCKER_MAJOR}.x" >&2
  exit 1
fi
systemctl enable --now docker cron nginx

echo "== AWS CLI v2"
curl -fsSL "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" -o /tmp/awscliv2.zip
unzip -q -o /tmp/awscliv2.zip -d /tmp
/tmp/aws/install --update
rm -rf /tmp/aws /tmp/awscliv2.zip

echo "== runtime settings: fixed ones here, the rest read from SSM parameters at every start"
install -d -m 0755 /etc/coherent
curl -fsSL https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem -o "$RDS_CA_BUNDLE"
cat >/etc/coherent/coherent.env <<EOF
NODE_ENV=production
COHERENT_ENVIRONMENT=${ENVIRONMENT}
AWS_REGION=${AWS_REGION}
# DB_HOST, DB_PORT, DB_NAME, DB_USER (IAM authentication: a token from the AWS SDK's RDS signer is the
# password), DB_BACKUP_USER, ARTIFACTS_BUCKET and the *_SECRET_ARN: SSM parameters under this path.
COHERENT_PARAMETERS_PATH=${PARAMETERS_PATH}
DB_SSLMODE=verify-full
DB_SSLROOTCERT=${RDS_CA_BUNDLE}
REDIS_URL=redis://127.0.0.1:6379
S3_COMPAT_ENDPOINT=http://127.0.0.1:9000
# REDIS_PASSWORD, MINIO_ROOT_USER and MINIO_ROOT_PASSWORD (from Secrets Manager when the switch is on).
SERVICES_CREDENTIALS_FILE=${SERVICES_CREDENTIALS}
API_PORT=4000
WEB_PORT=5173
BACKUP_LOCAL_RETENTION_DAYS=${BACKUP_LOCAL_RETENTION_DAYS}
METRICS_NAMESPACE=${METRICS_NAMESPACE}
EOF
chmod 0644 /etc/coherent/coherent.env

# The runtime parameters as NAME<tab>value lines. Retried: at first boot the instance role's grant may still
# be propagating.
cat >/usr/local/bin/coherent-config <<'EOF'
#!/bin/bash
set -euo pipefail
# shellcheck source=/dev/null
source /etc/coherent/coherent.env
for attempt in 1 2 3 4 5 6; do
  if parameters="$(aws ssm get-parameters-by-path --region "$AWS_REGION" --path "$COHERENT_PARAMETERS_PATH" \
    --query 'Parameters[].[Name,Value]' --output text)"; then
    sed "s|^${COHERENT_PARAMETERS_PATH}/||" <<<"$parameters"
    exit 0
  fi
  sleep $((attempt * 10))
done
echo "cannot read the parameters under ${COHERENT_PARAMETERS_PATH}" >&2
exit 1
EOF
# Runs a command with coherent.env and the runtime parameters in its environment. PM2 starts the apps through
# it, so `pm2 restart all` picks up what Terraform changed (a restored database, a new secret).
cat >/usr/local/bin/coherent-run <<'EOF'
#!/bin/bash
set -euo pipefail
set -a
# shellcheck source=/dev/null
source /etc/coherent/coherent.env
set +a
parameters="$(/usr/local/bin/coherent-config)"
while IFS=$'\t' read -r name value; do
  if [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ ]]; then export "$name=$value"; fi
done <<<"$parameters"
exec "$@"
EOF
chmod 0755 /usr/local/bin/coherent-config /usr/local/bin/coherent-run
# The first boot needs the services' secret ARNs (absent without application secrets).
redis_secret_arn=""
minio_secret_arn=""
while IFS=$'\t' read -r name value; do
  case "$name" in
    REDIS_PASSWORD_SECRET_ARN) redis_secret_arn="$value" ;;
    MINIO_ROOT_PASSWORD_SECRET_ARN) minio_secret_arn="$value" ;;
  esac
done <<<"$(/usr/local/bin/coherent-config)"

# A secret's current value, or a random one when the switch is off or operators have not set it yet.
secret_or_random() {
  local secret_arn="$1" value=""
  if [[ -n "$secret_arn" ]]; then
    value="$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" \
      --query SecretString --output text 2>/dev/null || true)"
    [[ -n "$value" ]] || echo "WARN: ${secret_arn} has no value yet; using a generated one" >&2
  fi
  [[ -n "$value" ]] || value="$(openssl rand -hex 24)"
  printf '%s' "$value"
}

echo "== Redis and MinIO (Docker Compose v2, loopback only)"
install -d -m 0750 -o root -g "$APP_USER" "$APP_HOME/services"
redis_password="$(secret_or_random "$redis_secret_arn")"
minio_password="$(secret_or_random "$minio_secret_arn")"
(
  umask 027
  printf 'REDIS_PASSWORD=%s\nMINIO_ROOT_USER=coherent\nMINIO_ROOT_PASSWORD=%s\n' "$redis_password" "$minio_password" >"$SERVICES_CREDENTIALS"
)
chgrp "$APP_USER" "$SERVICES_CREDENTIALS"
cat >"$APP_HOME/services/compose.yaml" <<'EOF'
services:
  redis:
    image: redis:7-alpine
    command: ["redis-server", "--appendonly", "yes", "--requirepass", "${REDIS_PASSWORD}"]
    ports: ["127.0.0.1:6379:6379"]
    volumes: ["redis-data:/data"]
    restart: unless-stopped
  minio:
    image: quay.io/minio/minio:latest
    command: ["server", "/data", "--console-address", ":9001"]
    environment:
      MINIO_ROOT_USER: ${MINIO_ROOT_USER}
      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD}
    ports: ["127.0.0.1:9000:9000", "127.0.0.1:9001:9001"]
    volumes: ["minio-data:/data"]
    restart: unless-stopped
volumes:
  redis-data: {}
  minio-data: {}
EOF
docker compose --project-directory "$APP_HOME/services" up -d

echo "== PM2 (API on 4000, web on 5173), restarted on boot"
npm install -g pm2@5
install -d -o "$APP_USER" -g "$APP_USER" "$APP_HOME/app" "$APP_HOME/logs" "$PM2_PID_DIR"
# Releases are unpacked into $APP_HOME/app/{api,web}; then, as ubuntu: pm2 start ecosystem.config.js && pm2 save
# Each app starts through coherent-run (its environment read at every start) and writes its pid where the
# CloudWatch agent counts it (the PM2 alarms).
cat >"$APP_HOME/ecosystem.config.js" <<'EOF'
const shared = { autorestart: true, max_restarts: 10, time: true, merge_logs: true, script: "/usr/local/bin/coherent-run", interpreter: "none" };
module.exports = {
  apps: [
    { ...shared, name: "coherent-api", cwd: "/opt/coherent/app/api", args: "npm start",
      env: { NODE_ENV: "production", HOST: "0.0.0.0", PORT: "4000" }, pid_file: "@@PM2_PID_DIR@@/coherent-api.pid",
      out_file: "/opt/coherent/logs/api.log", error_file: "/opt/coherent/logs/api-error.log" },
    { ...shared, name: "coherent-web", cwd: "/opt/coherent/app/web", args: "npm run preview -- --host 0.0.0.0 --port 5173",
      env: { NODE_ENV: "production" }, pid_file: "@@PM2_PID_DIR@@/coherent-web.pid",
      out_file: "/opt/coherent/logs/web.log", error_file: "/opt/coherent/logs/web-error.log" },
  ],
};
EOF
chown "$APP_USER:$APP_USER" "$APP_HOME/ecosystem.config.js"
pm2 startup systemd -u "$APP_USER" --hp "/home/$APP_USER"
sudo -u "$APP_USER" -H pm2 save --force
cat >/etc/logrotate.d/coherent <<'EOF'
/opt/coherent/logs/*.log {
  daily
  rotate 7
  compress
  missingok
  notifempty
  copytruncate
}
EOF

echo "== nginx: /api/* to 4000, everything else to 5173"
cat >/etc/nginx/snippets/coherent-proxy.conf <<'EOF'
proxy_http_version 1.1;
proxy_set_header Host $host;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";
proxy_read_timeout 120s;
EOF
cat >/etc/nginx/sites-available/coherent <<EOF
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    server_name ${TLS_DOMAIN:-_};
    client_max_body_size ${MAX_REQUEST_BODY_MB}m;
    server_tokens off;
    location /api/ {
        proxy_pass http://127.0.0.1:4000;
        include snippets/coherent-proxy.conf;
    }
    location / {
        proxy_pass http://127.0.0.1:5173;
        include snippets/coherent-proxy.conf;
    }
}
EOF
rm -f /etc/nginx/sites-enabled/default
ln -sf /etc/nginx/sites-available/coherent /etc/nginx/sites-enabled/coherent
nginx -t
systemctl reload nginx

if [[ -n "$TLS_DOMAIN" ]]; then
  echo "== TLS for ${TLS_DOMAIN} (Let's Encrypt; retried until DNS points here)"
  apt_install certbot python3-certbot-nginx
  if [[ -n "$TLS_CONTACT_EMAIL" ]]; then contact="-m ${TLS_CONTACT_EMAIL}"; else contact="--register-unsafely-without-email"; fi
  cat >/usr/local/bin/coherent-enable-tls <<EOF
#!/bin/bash
set -euo pipefail
[[ -e /etc/letsencrypt/live/${TLS_DOMAIN}/fullchain.pem ]] && exit 0
certbot --nginx --non-interactive --agree-tos --redirect ${contact} -d ${TLS_DOMAIN}
EOF
  chmod 0755 /usr/local/bin/coherent-enable-tls
  printf '%s\n*/30 * * * * root /usr/local/bin/coherent-enable-tls >>/var/log/coherent-tls.log 2>&1\n' "$CRON_ENV" >/etc/cron.d/coherent-tls
  /usr/local/bin/coherent-enable-tls || echo "WARN: certificate not issued yet; cron retries every 30 minutes"
fi

echo "== daily pg_dump at ${BACKUP_HOUR_UTC}:00 UTC to s3://<artifacts bucket>/backups/"
# Run through coherent-run: it connects as the backup role with an IAM token (valid 15 minutes, needed only to
# log in), and reads the endpoint and bucket when it runs, so a restored database is backed up without touching
# this server. A success publishes the heartbeat the backup alarm waits for.
cat >/usr/local/bin/coherent-db-backup <<'EOF'
#!/bin/bash
set -euo pipefail
backup_dir=/var/backups/coherent
install -d -m 0700 "$backup_dir"
PGPASSWORD="$(aws rds generate-db-auth-token --region "$AWS_REGION" --hostname "$DB_HOST" --port "$DB_PORT" --username "$DB_BACKUP_USER")"
export PGPASSWORD PGUSER="$DB_BACKUP_USER" PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGDATABASE="$DB_NAME"
export PGSSLMODE="$DB_SSLMODE" PGSSLROOTCERT="$DB_SSLROOTCERT"
dump="$backup_dir/${DB_NAME}-$(date -u +%Y%m%dT%H%M%SZ)-$(hostname -s).dump"
pg_dump --format=custom --no-owner --file="$dump"
aws s3 cp "$dump" "s3://${ARTIFACTS_BUCKET}/backups/$(basename "$dump")" --only-show-errors
find "$backup_dir" -type f -name '*.dump' -mtime "+$((BACKUP_LOCAL_RETENTION_DAYS - 1))" -delete
aws cloudwatch put-metric-data --region "$AWS_REGION" --namespace "$METRICS_NAMESPACE" --metric-name @@BACKUP_METRIC@@ --value 1 --unit Count
EOF
chmod 0750 /usr/local/bin/coherent-db-backup
printf '%s\n0 %s * * * root /usr/local/bin/coherent-run /usr/local/bin/coherent-db-backup >>/var/log/coherent-db-backup.log 2>&1\n' "$CRON_ENV" "$BACKUP_HOUR_UTC" >/etc/cron.d/coherent-db-backup

echo "== CloudWatch agent: app, nginx and system logs; memory, disk and PM2 metrics"
curl -fsSL "https://amazoncloudwatch-agent-${AWS_REGION}.s3.${AWS_REGION}.amazonaws.com/ubuntu/${arch}/latest/amazon-cloudwatch-agent.deb" \
  -o /tmp/amazon-cloudwatch-agent.deb
dpkg -i -E /tmp/amazon-cloudwatch-agent.deb
rm -f /tmp/amazon-cloudwatch-agent.deb
cat >/opt/aws/amazon-cloudwatch-agent/etc/coherent.json <<'EOF'
{
  "agent": { "metrics_collection_interval": 60, "run_as_user": "root" },
  "metrics": {
    "namespace": "@@METRICS_NAMESPACE@@",
    "append_dimensions": { "InstanceId": "${aws:InstanceId}", "AutoScalingGroupName": "${aws:AutoScalingGroupName}" },
    "metrics_collected": {
      "mem": { "measurement": ["mem_used_percent"] },
      "swap": { "measurement": ["swap_used_percent"] },
      "disk": { "measurement": ["used_percent"], "resources": ["/"] },
      "procstat": [
        { "pid_file": "@@PM2_PID_DIR@@/coherent-api.pid", "measurement": ["pid_count"] },
        { "pid_file": "@@PM2_PID_DIR@@/coherent-web.pid", "measurement": ["pid_count"] }
      ]
    }
  },
  "logs": {
    "logs_collected": {
      "files": {
        "collect_list": [
          { "file_path": "/opt/coherent/logs/*.log", "log_group_name": "@@LOG_GROUP_APP@@", "log_stream_name": "{instance_id}/pm2" },
          { "file_path": "/var/log/nginx/access.log", "log_group_name": "@@LOG_GROUP_NGINX@@", "log_stream_name": "{instance_id}/access" },
          { "file_path": "/var/log/nginx/error.log", "log_group_name": "@@LOG_GROUP_NGINX@@", "log_stream_name": "{instance_id}/error" },
          { "file_path": "/var/log/syslog", "log_group_name": "@@LOG_GROUP_SYSTEM@@", "log_stream_name": "{instance_id}/syslog" },
          { "file_path": "/var/log/auth.log", "log_group_name": "@@LOG_GROUP_SYSTEM@@", "log_stream_name": "{instance_id}/auth" },
          { "file_path": "/var/log/coherent-*.log", "log_group_name": "@@LOG_GROUP_SYSTEM@@", "log_stream_name": "{instance_id}/coherent" }
        ]
      }
    }
  }
}
EOF
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/coherent.json

echo "== bootstrap of ${ENVIRONMENT} finished"
