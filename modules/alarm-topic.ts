import { Construct, IConstruct } from "constructs";
import { Lazy } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { propChecks } from "../lib/construct-validation";
import { BEANSTALK_HEALTH_LEVELS } from "../lib/aws-formats";
import { PolicyStatement, policyDocument, sourceConditions } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID, PlatformStack } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";

/**
 * Who a notification reaches: a mailbox (its owner confirms the subscription from the first e-mail), or an
 * HTTPS endpoint such as a paging or chat relay, which must confirm the subscription itself (SNS posts a
 * SubscriptionConfirmation with a SubscribeURL; https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html).
 */
export type AlarmSubscriber = { readonly email: string } | { readonly https: string };

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Encrypts messages at rest; CloudWatch and EventBridge are granted use of it so they can still publish. */
  readonly kmsKey: KmsKey;
  /** The account whose alarms and rules may publish (the topic policy's aws:SourceAccount). */
  readonly account: AccountContext;
  /** Each gets a subscription. @default - none: notifications reach nobody */
  readonly subscribers?: readonly AlarmSubscriber[];
}

/** The range a metric's values can take, in the unit the alarm reads them. */
export interface ValueRange {
  readonly min: number;
  /** @default - unbounded */
  readonly max?: number;
}

/**
 * What the AWS metrics alarmed on here can be (for the statistics used: a count's Sum, a percentage's
 * Average): a threshold outside the range never fires, or always does. Sources: EC2
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html), RDS
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html), ALB
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html),
 * Beanstalk's EnvironmentHealth 0 OK, 1 Info, 5 Unknown, 10 No data, 15 Warning, 20 Degraded, 25 Severe
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/health-enhanced-cloudwatch.html).
 */
const AWS_METRIC_RANGES: Readonly<Record<string, ValueRange>> = {
  "AWS/EC2/CPUUtilization": { min: 0, max: 100 },
  "AWS/EC2/StatusCheckFailed_System": { min: 0, max: 1 },
  "AWS/EC2/StatusCheckFailed_Instance": { min: 0, max: 1 },
  "AWS/RDS/CPUUtilization": { min: 0, max: 100 },
  "AWS/RDS/DatabaseConnections": { min: 0 },
  "AWS/RDS/FreeStorageSpace": { min: 0 },
  "AWS/RDS/ServerlessDatabaseCapacity": { min: 0 },
  "AWS/ApplicationELB/HTTPCode_Target_5XX_Count": { min: 0 },
  "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count": { min: 0 },
  "AWS/ApplicationELB/HealthyHostCount": { min: 0 },
  "AWS/ApplicationELB/TargetResponseTime": { min: 0 },
  "AWS/ApplicationELB/ClientTLSNegotiationErrorCount": { min: 0 },
  "AWS/ElasticBeanstalk/EnvironmentHealth": { min: 0, max: BEANSTALK_HEALTH_LEVELS.Severe },
};

/** A percentile such as `p95` (CloudWatch's extended statistics). */
export type Percentile = `p${number}`;

/**
 * What an alarm does while the metric has no data, chosen per alarm (never left to the default): a metric
 * published only when non-zero (ALB error counts) is `notBreaching` when silent; a heartbeat or a metric
 * published at a fixed rate is `breaching`, because silence is the failure; `missing` keeps the last state.
 */
export type MissingData = "missing" | "notBreaching" | "breaching" | "ignore";

/**
 * The sections of docs/operations.md that say what a person does about an alarm (headings there, checked by
 * __tests__/modules/alarm-topic.test.ts); each alarm names one, appended to its description.
 */
export const RUNBOOKS = [
  "cpu-or-database-pressure",
  "instance-status-checks",
  "pm2-app-down",
  "backup-missing",
  "database-storage",
  "load-balancer-5xx-or-no-healthy-hosts",
  "slow-responses",
  "application-errors",
  "piv-handshakes-failing",
  "beanstalk-environment-health",
  "guardduty-finding",
] as const;
export type Runbook = (typeof RUNBOOKS)[number];

/** Where a notification sends its reader: the runbook section, as a path from the repository root. */
export const runbookLink = (runbook: Runbook) => `docs/operations.md#${runbook}`;

export interface AlarmProps {
  readonly alarmName: string;
  /** What the alarm means; arrives in the notification, followed by the runbook link. */
  readonly description: string;
  /** The section of docs/operations.md that says what to do. */
  readonly runbook: Runbook;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | Percentile;
  readonly comparisonOperator:
    "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** @default - same as evaluationPeriods */
  readonly datapointsToAlarm?: number;
  readonly treatMissingData: MissingData;
  /** The metric's possible values. @default - AWS_METRIC_RANGES; a metric in neither is refused */
  readonly valueRange?: ValueRange;
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

/** GuardDuty's severity bands (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html): High is 7.0-8.9, Critical 9.0-10.0. */
const GUARDDUTY_HIGH_SEVERITY = 7;

/**
 * An encrypted SNS topic for operational alarms, its subscribers, and the alarms that notify it (on alarm and
 * on recovery). Its policy lets this account's CloudWatch alarms publish, and the EventBridge rules added here.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;
  private readonly account: AccountContext;
  private readonly kmsKey: KmsKey;
  private readonly topicName: string;
  private readonly statements: PolicyStatement[];

  /**
   * A system stack's topic, `<prefix>-alarms` with construct id `alarms`, reaching `subscribers`, with the
   * account's high-severity GuardDuty findings routed to it (notifyGuardDutyFindings).
   */
  static forStack(stack: PlatformStack, prefix: string, kmsKey: KmsKey, subscribers: readonly AlarmSubscriber[]): AlarmTopic {
    const topic = new AlarmTopic(stack, "alarms", { topicName: `${prefix}-alarms`, kmsKey, account: stack.account, subscribers });
    topic.notifyGuardDutyFindings(prefix);
    return topic;
  }

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.account = props.account;
    this.kmsKey = props.kmsKey;
    this.topicName = props.topicName;
    props.kmsKey.allowServiceUse("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com");
    this.topic = new SnsTopic(this, DEFAULT_CHILD_ID, { name: props.topicName, kmsMasterKeyId: props.kmsKey.arn });
    this.arn = this.topic.arn;
    const { partition, region, accountId } = props.account;
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html (topic policy for alarms)
    this.statements = [
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: this.arn,
        Condition: sourceConditions({
          account: accountId,
          arn: `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
          documented: true,
        }),
      },
    ];
    new SnsTopicPolicy(this, "policy", { arn: this.arn, policy: Lazy.stringValue({ produce: () => policyDocument(...this.statements) }) });
    const counts = { email: 0, https: 0 };
    for (const subscriber of props.subscribers ?? []) {
      const [protocol, endpoint] = "email" in subscriber ? (["email", subscriber.email] as const) : (["https", subscriber.https] as const);
      new SnsTopicSubscription(this, `${protocol}-${++counts[protocol]}`, { topicArn: this.arn, protocol, endpoint });
    }
  }

  /**
   * GuardDuty findings of `minimumSeverity` or more in this account and region notify the topic, through an
   * EventBridge rule. It needs no detector of its own: findings reach EventBridge wherever GuardDuty runs,
   * created here, adopted, or managed by the organization
   * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html).
   */
  notifyGuardDutyFindings(namePrefix: string, minimumSeverity = GUARDDUTY_HIGH_SEVERITY): CloudwatchEventRule {
    propChecks(this).expect(
      minimumSeverity >= 1 && minimumSeverity <= 10,
      "minimumSeverity",
      minimumSeverity,
      "must be a GuardDuty severity from 1 to 10",
    );
    const rule = new CloudwatchEventRule(this, "guardduty-findings", {
      name: `${namePrefix}-guardduty-findings`,
      description: `GuardDuty findings of severity ${minimumSeverity} or more, to ${this.topic.name}`,
      eventPattern: JSON.stringify({
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", minimumSeverity] }] },
      }),
    });
    new CloudwatchEventTarget(this, "guardduty-findings-target", {
      rule: rule.name,
      arn: this.arn,
      // One readable line for the mailbox instead of the raw event.
      inputTransformer: {
        inputPaths: {
          severity: "$.detail.severity",
          type: "$.detail.type",
          title: "$.detail.title",
          region: "$.region",
          id: "$.detail.id",
        },
        inputTemplate: `"GuardDuty finding, severity <severity>: <type>. <title>. Details: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?fId=<id> Runbook: ${runbookLink("guardduty-finding")}"`,
      },
    });
    // EventBridge publishes to an encrypted topic only with use of its key
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sns-encrypted). AWS
    // documents no aws:SourceAccount on the KMS calls SNS makes for it, so the grant is held to this topic instead,
    // its ARN written out: a reference would make the key wait for the topic that waits for the key.
    const { partition, region, accountId } = this.account;
    this.kmsKey.allowSnsPublisher(
      "EventBridgePublish",
      "events.amazonaws.com",
      `arn:${partition}:sns:${region}:${accountId}:${this.topicName}`,
    );
    this.statements.push({
      Sid: "GuardDutyFindingsPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: this.arn,
      // ArnLike on the rule's literal ARN (rule names allow no wildcard characters) matches what ArnEquals did.
      Condition: sourceConditions({ account: this.account.accountId, arn: rule.arn, documented: true }),
    });
    return rule;
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
      // A stopped or replaced instance publishes no CPU: its status-check and health alarms speak for it.
      treatMissingData: "missing",
      runbook: "cpu-or-database-pressure",
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
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (EvaluationPeriods)
    const longest = period < 3600 ? 86_400 : 604_800;
    check.expect(
      period * alarm.evaluationPeriods <= longest,
      "evaluationPeriods",
      alarm.evaluationPeriods,
      `times periodSeconds (${period}) must be at most ${longest} s: CloudWatch evaluates at most ${period < 3600 ? "one day with periods under an hour" : "seven days"}`,
    );
    checkReachable(this, id, alarm);
    const percentile = /^p\d+(\.\d+)?$/.test(alarm.statistic);
    return new CloudwatchMetricAlarm(this, id, {
      alarmName: alarm.alarmName,
      alarmDescription: `${alarm.description} Runbook: ${runbookLink(alarm.runbook)}`,
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      dimensions: { ...alarm.dimensions },
      statistic: percentile ? undefined : alarm.statistic,
      extendedStatistic: percentile ? alarm.statistic : undefined,
      comparisonOperator: alarm.comparisonOperator,
      threshold: alarm.threshold,
      period: alarm.periodSeconds,
      evaluationPeriods: alarm.evaluationPeriods,
      datapointsToAlarm: datapoints,
      treatMissingData: alarm.treatMissingData,
      alarmActions: [this.arn, ...(alarm.extraAlarmActions ?? [])],
      okActions: [this.arn],
    });
  }
}

/** Refuses a threshold the metric can never cross (the alarm would never fire) or always has (it would never clear). */
function checkReachable(topic: AlarmTopic, id: string, alarm: AlarmProps): void {
  const check = propChecks(topic, `alarm "${id}"`);
  const metric = `${alarm.namespace}/${alarm.metricName}`;
  const range = alarm.valueRange ?? AWS_METRIC_RANGES[metric];
  if (!range) check.fail("valueRange", undefined, `must be given for ${metric}: it is not in AWS_METRIC_RANGES`);
  const { min, max = Infinity } = range;
  const t = alarm.threshold;
  const [never, always] = {
    GreaterThanThreshold: [t >= max, t < min],
    GreaterThanOrEqualToThreshold: [t > max, t <= min],
    LessThanThreshold: [t <= min, t > max],
    LessThanOrEqualToThreshold: [t < min, t >= max],
  }[alarm.comparisonOperator];
  const span = `${metric} (${alarm.statistic}) ranges ${min}-${max === Infinity ? "unbounded" : max}`;
  check.expect(!never, "threshold", t, `${span}: a ${alarm.comparisonOperator} alarm at ${t} can never fire`);
  check.expect(!always, "threshold", t, `${span}: a ${alarm.comparisonOperator} alarm at ${t} would never clear`);
}
