import * as fs from "fs";
import * as path from "path";
import { AlarmTopic, AlarmProps, RUNBOOKS } from "../../modules/alarm-topic";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { testAlarmTopic, testKey } from "../support/fixtures";

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
  treatMissingData: "missing",
  runbook: "cpu-or-database-pressure",
};

const docs = (file: string) => fs.readFileSync(path.join(__dirname, "..", "..", "docs", file), "utf8");
/** GitHub's heading anchors: lowercase, punctuation other than - and _ dropped, spaces to -. */
const anchors = (markdown: string) =>
  new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );

const ACCOUNT = "${data.aws_caller_identity.current-account.account_id}";

describe("AlarmTopic", () => {
  test("GIVEN an e-mail and an HTTPS subscriber THEN the topic is KMS-encrypted, CloudWatch may use the key, and each gets its own subscription", () => {
    const { json } = synthModule(
      (stack) =>
        new AlarmTopic(stack, "alarms", {
          topicName: "ops",
          kmsKey: testKey(stack),
          account: stack.account,
          subscribers: [{ email: "ops@agency.gov" }, { https: "https://pager.agency.gov/sns" }],
        }),
    );
    expect(resource(json, "aws_sns_topic.alarms")).toMatchObject({ name: "ops", kms_master_key_id: "${aws_kms_key.key.arn}" });
    expect(resource(json, "aws_sns_topic_subscription.alarms_email-1")).toMatchObject({ protocol: "email", endpoint: "ops@agency.gov" });
    expect(resource(json, "aws_sns_topic_subscription.alarms_https-1")).toMatchObject({
      protocol: "https",
      endpoint: "https://pager.agency.gov/sns",
    });
    const statements = policy(resource(json, "aws_kms_key.key").policy).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Principal: { Service: "cloudwatch.amazonaws.com" } }));
  });

  test("GIVEN a topic THEN its policy lets only this account's CloudWatch alarms publish, and nothing else until a rule is added", () => {
    const { json } = synthModule((stack) => testAlarmTopic(stack));
    const topicPolicy = resource(json, "aws_sns_topic_policy.alarms_policy");
    expect(topicPolicy.arn).toBe("${aws_sns_topic.alarms.arn}");
    expect(policy(topicPolicy.policy).Statement).toEqual([
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: "${aws_sns_topic.alarms.arn}",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:\${data.aws_partition.current-partition.partition}:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` },
        },
      },
    ]);
    expect(resources(json, "aws_cloudwatch_event_rule")).toEqual({});
  });

  test("GIVEN GuardDuty findings to notify THEN an EventBridge rule matches severity 7 and up, targets the topic, and only that rule may publish with the topic's key", () => {
    const { json } = synthModule((stack) => {
      const topic = testAlarmTopic(stack);
      topic.notifyGuardDutyFindings("test-unit");
      return topic;
    });
    const rule = resource(json, "aws_cloudwatch_event_rule.alarms_guardduty-findings");
    expect(rule.name).toBe("test-unit-guardduty-findings");
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ["aws.guardduty"],
      "detail-type": ["GuardDuty Finding"],
      detail: { severity: [{ numeric: [">=", 7] }] },
    });
    expect(resource(json, "aws_cloudwatch_event_target.alarms_guardduty-findings-target")).toMatchObject({
      rule: "${aws_cloudwatch_event_rule.alarms_guardduty-findings.name}",
      arn: "${aws_sns_topic.alarms.arn}",
    });
    expect(policy(resource(json, "aws_sns_topic_policy.alarms_policy").policy).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": "${aws_cloudwatch_event_rule.alarms_guardduty-findings.arn}" },
        },
      }),
    );
    expect(policy(resource(json, "aws_kms_key.key").policy).Statement).toContainEqual(
      expect.objectContaining({
        Sid: "EventBridgePublish",
        Principal: { Service: "events.amazonaws.com" },
        Condition: {
          StringEquals: {
            "kms:EncryptionContext:aws:sns:topicArn": `arn:\${data.aws_partition.current-partition.partition}:sns:us-east-1:${ACCOUNT}:ops`,
          },
          // Not documented for these calls: binds when sent (the guardrail service-principal-source-condition).
          StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
        },
      }),
    );
  });

  test("GIVEN alarms THEN they notify the topic on alarm and on recovery, plus any extra action, with the chosen missing-data treatment", () => {
    const { json } = synthModule((stack) => {
      const topic = testAlarmTopic(stack);
      topic.addAlarm("cpu", { ...cpuAlarm, extraAlarmActions: ["arn:aws:automate:us-east-1:ec2:recover"] });
      return topic;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_cpu")).toMatchObject({
      alarm_name: "cpu-high",
      metric_name: "CPUUtilization",
      statistic: "Average",
      threshold: 80,
      period: 300,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      treat_missing_data: "missing",
      alarm_actions: ["${aws_sns_topic.alarms.arn}", "arn:aws:automate:us-east-1:ec2:recover"],
      ok_actions: ["${aws_sns_topic.alarms.arn}"],
      alarm_description: "CPU above 80% for 5 minutes Runbook: docs/operations.md#cpu-or-database-pressure",
    });
    expect(Object.keys(resources(json, "aws_sns_topic_subscription"))).toHaveLength(0);
  });

  test("GIVEN the runbooks alarms link to THEN each is a section of docs/operations.md, and so is every operations.md link of docs/systems.md", () => {
    const sections = anchors(docs("operations.md"));
    expect(RUNBOOKS.filter((runbook) => !sections.has(runbook))).toEqual([]);
    const linked = [...docs("systems.md").matchAll(/operations\.md#([a-z0-9_-]+)/g)].map(([, anchor]) => anchor);
    expect(linked.length).toBeGreaterThan(RUNBOOKS.length);
    expect([...new Set(linked)].filter((anchor) => !sections.has(anchor))).toEqual([]);
  });

  test("GIVEN a percentile statistic THEN the alarm uses CloudWatch's extended statistic instead of statistic", () => {
    const { json } = synthModule((stack) => {
      const topic = testAlarmTopic(stack);
      topic.addAlarm("p95", {
        ...cpuAlarm,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        statistic: "p95",
        threshold: 1.5,
        treatMissingData: "notBreaching",
      });
      return topic;
    });
    const alarm = resource(json, "aws_cloudwatch_metric_alarm.alarms_p95");
    expect(alarm).toMatchObject({ extended_statistic: "p95", threshold: 1.5 });
    expect(alarm.statistic).toBeUndefined();
  });

  test.each([
    [{ periodSeconds: 90 }, /alarm "bad": periodSeconds = 90: must be 10, 20, 30 or a multiple of 60/],
    [{ datapointsToAlarm: 2 }, /alarm "bad": datapointsToAlarm = 2: must be 1\.\.evaluationPeriods \(1\)/],
    [{ periodSeconds: 300, evaluationPeriods: 289 }, /evaluationPeriods = 289: times periodSeconds \(300\) must be at most 86400 s/],
    [{ periodSeconds: 3600, evaluationPeriods: 169 }, /evaluationPeriods = 169: times periodSeconds \(3600\) must be at most 604800 s/],
    [
      { threshold: 100 },
      /threshold = 100: AWS\/EC2\/CPUUtilization \(Average\) ranges 0-100: a GreaterThanThreshold alarm at 100 can never fire/,
    ],
    [
      { comparisonOperator: "LessThanThreshold" as const, threshold: 0 },
      /threshold = 0: .*ranges 0-100: a LessThanThreshold alarm at 0 can never fire/,
    ],
    [
      { comparisonOperator: "GreaterThanOrEqualToThreshold" as const, threshold: 0 },
      /threshold = 0: .*a GreaterThanOrEqualToThreshold alarm at 0 would never clear/,
    ],
    [{ namespace: "Custom/App", metricName: "Queue" }, /valueRange = \(missing\): must be given for Custom\/App\/Queue/],
  ])("GIVEN alarm %j THEN it is refused", (overrides, message) => {
    const stack = moduleTestStack();
    const topic = testAlarmTopic(stack);
    expect(() => topic.addAlarm("bad", { ...cpuAlarm, ...overrides })).toThrow(message);
  });

  test("GIVEN a heartbeat alarm over 26 hourly periods on a custom metric with its range THEN it is accepted (within seven days)", () => {
    const { json } = synthModule((stack) => {
      const topic = testAlarmTopic(stack);
      topic.addAlarm("heartbeat", {
        ...cpuAlarm,
        namespace: "Custom/App",
        metricName: "BackupSucceeded",
        statistic: "Sum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        periodSeconds: 3600,
        evaluationPeriods: 26,
        treatMissingData: "breaching",
        valueRange: { min: 0 },
      });
      return topic;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_heartbeat")).toMatchObject({ evaluation_periods: 26, period: 3600 });
  });
});
