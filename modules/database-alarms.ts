import { IConstruct } from "constructs";
import { propChecks } from "../lib/construct-validation";
import { AlarmTopic } from "./alarm-topic";

export interface ConnectionsAlarmProps {
  /** Names the alarm (`<name>-connections-high`) and the database in its description. */
  readonly name: string;
  /** `DBInstanceIdentifier` or `DBClusterIdentifier`; the Maximum statistic is the busiest instance's count. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** PostgreSQL's `max_connections` of each instance, the limit the alarm protects. */
  readonly maxConnections: number;
  /** Where that limit comes from, for whoever reads the notification, e.g. `db.t3.micro`. */
  readonly limitSource: string;
  /** Share of maxConnections above which the alarm fires. */
  readonly percent: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/**
 * An alarm on `DatabaseConnections` near `max_connections`, which RDS and Aurora PostgreSQL derive from the
 * instance's memory: past the limit, new logins are refused. Validation errors name `owner`.
 */
export function addConnectionsAlarm(topic: AlarmTopic, id: string, owner: IConstruct, props: ConnectionsAlarmProps): void {
  const check = propChecks(owner);
  check.expect(
    Number.isInteger(props.maxConnections) && props.maxConnections >= 1,
    "maxConnections",
    props.maxConnections,
    "must be a whole number >= 1",
  );
  check.expect(props.percent > 0 && props.percent <= 100, "connectionsPercent", props.percent, "must be above 0 and at most 100");
  const threshold = Math.floor((props.maxConnections * props.percent) / 100);
  topic.addAlarm(id, {
    alarmName: `${props.name}-connections-high`,
    description: `${props.name} has more than ${threshold} connections on an instance (${props.percent}% of max_connections ${props.maxConnections}, ${props.limitSource}): new logins will soon be refused. Look for connection leaks or add pooling.`,
    runbook: "cpu-or-database-pressure",
    namespace: "AWS/RDS",
    metricName: "DatabaseConnections",
    dimensions: props.dimensions,
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold,
    periodSeconds: props.periodSeconds,
    evaluationPeriods: props.evaluationPeriods,
    // RDS publishes every minute while the database runs; a stopped or deleted one shows in the application's alarms.
    treatMissingData: "missing",
  });
}
