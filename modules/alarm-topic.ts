import { Construct, IConstruct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { propChecks } from "../lib/construct-validation";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Encrypts messages at rest; CloudWatch is granted use of it so alarms can still publish. */
  readonly kmsKey: KmsKey;
  /** Each address gets an e-mail subscription (confirmed by its owner). @default - none */
  readonly emailAddresses?: readonly string[];
}

export interface AlarmProps {
  readonly alarmName: string;
  /** What the alarm means and what to do; arrives in the notification. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
  readonly comparisonOperator:
    "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** @default - same as evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default "missing" */
  readonly treatMissingData?: "missing" | "notBreaching" | "breaching" | "ignore";
  /** Actions besides notifying the topic, e.g. the EC2 recover action. @default - none */
  readonly extraAlarmActions?: readonly string[];
}

export interface CpuAlarmProps {
  /** Prefix of the alarm name (`<name>-cpu-high`). */
  readonly name: string;
  /** What the alarm means and what to do. */
  readonly description: string;
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly percent: number;
}

/** An encrypted SNS topic for operational alarms, and the alarms that notify it (on alarm and on recovery). */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    props.kmsKey.allowServiceUse("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com");
    this.topic = new SnsTopic(this, DEFAULT_CHILD_ID, { name: props.topicName, kmsMasterKeyId: props.kmsKey.arn });
    this.arn = this.topic.arn;
    (props.emailAddresses ?? []).forEach((address, index) => {
      new SnsTopicSubscription(this, `email-${index + 1}`, { topicArn: this.arn, protocol: "email", endpoint: address });
    });
  }

  /**
   * Average CPUUtilization above `percent` for 15 minutes (three 5-minute periods): the sustained load
   * that calls for a look or a larger size, not a passing spike. Named `<owner id>-cpu-high`.
   */
  addCpuAlarm(owner: IConstruct, alarm: CpuAlarmProps): CloudwatchMetricAlarm {
    return this.addAlarm(`${owner.node.id}-cpu-high`, {
      alarmName: `${alarm.name}-cpu-high`,
      description: alarm.description,
      namespace: alarm.namespace,
      metricName: "CPUUtilization",
      dimensions: alarm.dimensions,
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: alarm.percent,
      periodSeconds: 300,
      evaluationPeriods: 3,
    });
  }

  addAlarm(id: string, alarm: AlarmProps): CloudwatchMetricAlarm {
    const check = propChecks(this, `alarm "${id}"`);
    const datapoints = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
    const period = alarm.periodSeconds;
    check.expect(period >= 10 && (period < 60 || period % 60 === 0), "periodSeconds", period, "must be 10, 20, 30 or a multiple of 60");
    check.expect(
      datapoints >= 1 && datapoints <= alarm.evaluationPeriods,
      "datapointsToAlarm",
      datapoints,
      `must be 1..evaluationPeriods (${alarm.evaluationPeriods})`,
    );
    return new CloudwatchMetricAlarm(this, id, {
      alarmName: alarm.alarmName,
      alarmDescription: alarm.description,
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      dimensions: { ...alarm.dimensions },
      statistic: alarm.statistic,
      comparisonOperator: alarm.comparisonOperator,
      threshold: alarm.threshold,
      period: alarm.periodSeconds,
      evaluationPeriods: alarm.evaluationPeriods,
      datapointsToAlarm: datapoints,
      treatMissingData: alarm.treatMissingData ?? "missing",
      alarmActions: [this.arn, ...(alarm.extraAlarmActions ?? [])],
      okActions: [this.arn],
    });
  }
}
