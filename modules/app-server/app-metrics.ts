/**
 * What the app server publishes about itself (user-data.sh.tpl) and the alarms that read it: one place for the
 * metric names, the PM2 apps and their pid files, so the script and the alarms cannot drift (a test reads the
 * rendered script for each).
 */
import { IConstruct } from "constructs";
import { AlarmTopic } from "../alarm-topic";

/** The PM2 apps of the ecosystem file, each writing its pid to `<PM2_PID_DIR>/<app>.pid`. */
export const PM2_APPS = ["coherent-api", "coherent-web"] as const;
/** Where PM2 writes the apps' pid files and the CloudWatch agent reads them. */
export const PM2_PID_DIR = "/opt/coherent/run";
/** Published (value 1) by the nightly pg_dump job after the dump is in S3. */
export const BACKUP_METRIC = "BackupSucceeded";

export function pm2PidFile(app: (typeof PM2_APPS)[number]): string {
  return `${PM2_PID_DIR}/${app}.pid`;
}

export interface AppMetricAlarmProps {
  /** Prefix of the alarm names, e.g. `coherent-prod-app`. */
  readonly name: string;
  /** The CloudWatch agent's and the backup job's namespace, e.g. `Coherent/prod`. */
  readonly namespace: string;
}

/**
 * One alarm per PM2 app whose process is gone on the instance: the CloudWatch agent's procstat
 * `procstat_lookup_pid_count` for the app's pid file, with the agent's dimensions (the instance, the pid file,
 * `pid_finder` native; an instance outside an Auto Scaling group gets no AutoScalingGroupName, since CloudWatch
 * refuses empty dimension values). Missing data is breaching: an agent that stopped, or a pid file that is gone,
 * publishes nothing, and a mismatch in dimensions shows as an alarm rather than as silence.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-procstat-process-metrics.html
 */
export function addPm2Alarms(topic: AlarmTopic, owner: IConstruct, props: AppMetricAlarmProps & { readonly instanceId: string }): void {
  for (const app of PM2_APPS) {
    topic.addAlarm(`${owner.node.id}-${app}-down`, {
      alarmName: `${props.name}-${app}-down`,
      description: `PM2 app ${app} on ${props.name} has had no running process for 3 minutes (or the CloudWatch agent stopped reporting).`,
      runbook: "pm2-app-down",
      namespace: props.namespace,
      metricName: "procstat_lookup_pid_count",
      dimensions: { InstanceId: props.instanceId, pidfile: pm2PidFile(app), pid_finder: "native" },
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 3,
      treatMissingData: "breaching",
      valueRange: { min: 0 },
    });
  }
}

/**
 * The backup heartbeat: no successful pg_dump for `hours` (26 by default: the daily job's 24 plus room for a slow
 * dump) raises an alarm. Hourly periods with missing data breaching: each hour without a success counts, and a
 * success resets the count.
 */
export function addBackupHeartbeatAlarm(
  topic: AlarmTopic,
  owner: IConstruct,
  props: AppMetricAlarmProps & { readonly hours: number },
): void {
  topic.addAlarm(`${owner.node.id}-backup-missing`, {
    alarmName: `${props.name}-backup-missing`,
    description: `No successful nightly pg_dump of ${props.name} for ${props.hours} hours.`,
    runbook: "backup-missing",
    namespace: props.namespace,
    metricName: BACKUP_METRIC,
    dimensions: {},
    statistic: "Sum",
    comparisonOperator: "LessThanThreshold",
    threshold: 1,
    periodSeconds: 3600,
    evaluationPeriods: props.hours,
    treatMissingData: "breaching",
    valueRange: { min: 0 },
  });
}
