import { AlarmTopic, AlarmProps } from "../../modules/alarm-topic";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

const cpuAlarm: AlarmProps = {
  alarmName: "cpu-high",
  description: "CPU above 80% for 5 minutes",
  namespace: "AWS/EC2",
  metricName: "CPUUtilization",
  dimensions: { InstanceId: "i-123" },
  statistic: "Average",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 80,
  periodSeconds: 300,
  evaluationPeriods: 1,
};

describe("AlarmTopic", () => {
  test("GIVEN an alarm topic THEN it is KMS-encrypted, CloudWatch may use the key, and each address is subscribed", () => {
    const { json } = synthModule(
      (stack) => new AlarmTopic(stack, "alarms", { topicName: "ops", kmsKey: testKey(stack), emailAddresses: ["ops@example.com"] }),
    );
    expect(resource(json, "aws_sns_topic.alarms")).toMatchObject({ name: "ops", kms_master_key_id: "${aws_kms_key.key.arn}" });
    expect(resource(json, "aws_sns_topic_subscription.alarms_email-1")).toMatchObject({ protocol: "email", endpoint: "ops@example.com" });
    const statements = policy(resource(json, "aws_kms_key.key").policy).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Principal: { Service: "cloudwatch.amazonaws.com" } }));
  });

  test("GIVEN alarms THEN they notify the topic on alarm and on recovery, plus any extra action", () => {
    const { json } = synthModule((stack) => {
      const topic = new AlarmTopic(stack, "alarms", { topicName: "ops", kmsKey: testKey(stack) });
      topic.addAlarm("cpu", { ...cpuAlarm, extraAlarmActions: ["arn:aws:automate:us-east-1:ec2:recover"] });
      return topic;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_cpu")).toMatchObject({
      alarm_name: "cpu-high",
      metric_name: "CPUUtilization",
      threshold: 80,
      period: 300,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      alarm_actions: ["${aws_sns_topic.alarms.arn}", "arn:aws:automate:us-east-1:ec2:recover"],
      ok_actions: ["${aws_sns_topic.alarms.arn}"],
    });
    expect(Object.keys(resources(json, "aws_sns_topic_subscription"))).toHaveLength(0);
  });

  test.each([
    [{ periodSeconds: 90 }, /AlarmTopic "test\/alarms" alarm "bad": periodSeconds = 90: must be 10, 20, 30 or a multiple of 60/],
    [{ datapointsToAlarm: 2 }, /AlarmTopic "test\/alarms" alarm "bad": datapointsToAlarm = 2: must be 1\.\.evaluationPeriods \(1\)/],
  ])("GIVEN alarm %j THEN it is refused", (overrides, message) => {
    const stack = moduleTestStack();
    const topic = new AlarmTopic(stack, "alarms", { topicName: "ops", kmsKey: testKey(stack) });
    expect(() => topic.addAlarm("bad", { ...cpuAlarm, ...overrides })).toThrow(message);
  });
});
