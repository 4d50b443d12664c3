import { addConnectionsAlarm, ConnectionsAlarmProps } from "../../modules/database-alarms";
import { moduleTestStack, resource, synthModule } from "../support/synth";
import { testAlarmTopic } from "../support/fixtures";

const props: ConnectionsAlarmProps = {
  name: "coherent-dev-postgres",
  dimensions: { DBInstanceIdentifier: "coherent-dev-postgres" },
  maxConnections: 87,
  limitSource: "db.t3.micro",
  percent: 80,
  periodSeconds: 300,
  evaluationPeriods: 2,
};

describe("addConnectionsAlarm", () => {
  test("GIVEN db.t3.micro's 87 connections at 80% THEN DatabaseConnections' maximum above 69 for 10 minutes raises it", () => {
    const { json } = synthModule((stack) => {
      const topic = testAlarmTopic(stack);
      addConnectionsAlarm(topic, "database-connections-high", topic, props);
      return topic;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_database-connections-high")).toMatchObject({
      alarm_name: "coherent-dev-postgres-connections-high",
      namespace: "AWS/RDS",
      metric_name: "DatabaseConnections",
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 69,
      period: 300,
      evaluation_periods: 2,
      alarm_description: expect.stringContaining("80% of max_connections 87, db.t3.micro"),
    });
  });

  test.each([
    [{ maxConnections: 0 }, 'AlarmTopic "test/alarms": maxConnections = 0: must be a whole number >= 1'],
    [{ maxConnections: 87.5 }, 'AlarmTopic "test/alarms": maxConnections = 87.5: must be a whole number >= 1'],
    [{ percent: 0 }, 'AlarmTopic "test/alarms": connectionsPercent = 0: must be above 0 and at most 100'],
    [{ percent: 101 }, 'AlarmTopic "test/alarms": connectionsPercent = 101: must be above 0 and at most 100'],
  ])("GIVEN %j THEN it is refused", (override, message) => {
    const stack = moduleTestStack();
    const topic = testAlarmTopic(stack);
    expect(() => addConnectionsAlarm(topic, "id", topic, { ...props, ...override })).toThrow(message);
  });
});
