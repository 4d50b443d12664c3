import { Construct } from "constructs";
import { Fn, TerraformResource, Token } from "cdktf";
import { DataAwsElasticBeanstalkSolutionStack } from "@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack";
import { DataAwsLbTargetGroup } from "@cdktf/provider-aws/lib/data-aws-lb-target-group";
import { ElasticBeanstalkApplication } from "@cdktf/provider-aws/lib/elastic-beanstalk-application";
import { ElasticBeanstalkEnvironment, ElasticBeanstalkEnvironmentSetting } from "@cdktf/provider-aws/lib/elastic-beanstalk-environment";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { propChecks } from "../lib/construct-validation";
import { BEANSTALK_ENVIRONMENT_NAME, BEANSTALK_HEALTH_LEVELS, BEANSTALK_START_TIME, BeanstalkHealthLevel, PORT } from "../lib/aws-formats";
import { policyDocument, serviceTrustPolicy, sourceConditions } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { DnsAlias } from "./dns-alias";
import { AlarmedTargetGroup, LoadBalancer } from "./load-balancer";
import { Network } from "./network";
import { RolePolicy } from "./role-policy";
import { SecurityGroup } from "./security-group";

/** Beanstalk's own process, which its `default` listener rule (the environment's CNAME) routes to. */
export const DEFAULT_PROCESS = "default";

/** A Beanstalk process (`aws:elasticbeanstalk:environment:process:<name>`): its own target group on one instance port. */
export interface BeanstalkProcess {
  /** Letters and digits; `default` is Beanstalk's own. */
  readonly name: string;
  /** The instance port the ALB forwards to (the instance security group must admit it from the ALB). */
  readonly port: number;
  readonly healthCheckPath: string;
  /** Who it serves, for alarm notifications. @default - its name and port only */
  readonly description?: string;
}

/** Requests for `hostNames` on the load balancer's listener `listenerPort` go to `process`. */
export interface BeanstalkRoute {
  readonly listenerPort: number;
  /** The listener rule's name (`aws:elbv2:listenerrule:<name>`), letters and digits. */
  readonly rule: string;
  readonly hostNames: readonly string[];
  readonly process: string;
}

export interface BeanstalkEnvironmentProps {
  readonly applicationName: string;
  /** 4-40 letters, digits and hyphens; also the CNAME prefix and the CloudWatch log group path. */
  readonly environmentName: string;
  /** Picks the newest platform whose name matches, e.g. Amazon Linux 2023 running Python 3.11. */
  readonly solutionStackRegex: string;
  /** Instances go to the private subnets without public addresses. */
  readonly network: Network;
  /** The instances' only group (Beanstalk's default group is disabled). */
  readonly instanceSecurityGroup: SecurityGroup;
  /**
   * The ALB the environment attaches to as a shared load balancer. Beanstalk chooses this only when the
   * environment is created: changing it later replaces the environment.
   */
  readonly loadBalancer: LoadBalancer;
  /** The ALB's security group; set so Beanstalk does not create and attach one of its own. */
  readonly loadBalancerSecurityGroup: SecurityGroup;
  /** The processes, `default` first. Each gets its own target group and health check. */
  readonly processes: readonly BeanstalkProcess[];
  /**
   * Which requests reach which process. Only the listed listeners get rules: with a shared ALB and no
   * rules on any listener, Beanstalk puts its default rule on port 80, past the HTTPS redirect. Beanstalk's
   * own `default` rule (the environment's CNAME, to the `default` process) goes on 443 with the routes there.
   */
  readonly routes: readonly BeanstalkRoute[];
  /** Names given alias records to the ALB in `hostedZoneId` (e.g. `api.example.gov`). @default - none */
  readonly dnsNames?: readonly string[];
  /** Route 53 zone receiving the alias records of `dnsNames`. @default - no records */
  readonly hostedZoneId?: string;
  readonly instanceType: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Seconds in-flight requests get before an instance leaves the target group. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** How `eb deploy` rolls out a version. @default "Rolling" */
  readonly deploymentPolicy?: "AllAtOnce" | "Rolling" | "RollingWithAdditionalBatch" | "Immutable";
  /** Managed platform updates: weekly window (`Sun:06:00`, UTC) and the highest level applied. */
  readonly managedUpdates: { readonly preferredStartTime: string; readonly updateLevel: "patch" | "minor" };
  /** Retention of the streamed instance and health logs. @default 90 */
  readonly logRetentionDays?: number;
  /** Environment properties: names and ARNs of secrets, endpoints; never secret values. @default {} */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /** EC2 key pair for SSH from inside the VPC. @default - none */
  readonly sshKeyName?: string;
  readonly account: AccountContext;
}

export interface BeanstalkAlarmOptions {
  /** Average CPU of the instances over 5 minutes. @default 80 */
  readonly cpuPercent?: number;
  /** HTTP 5xx responses of the application (ALB targets) in one minute. @default 10 */
  readonly target5xxPerMinute?: number;
  /** Environment health at which (or worse) the health alarm fires. @default "Degraded" */
  readonly environmentHealthAtLeast?: BeanstalkHealthLevel;
}

/**
 * CloudFormation's logical id of a process's target group in the environment's stack, which CloudFormation
 * tags it with (`aws:cloudformation:logical-id`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html):
 * `AWSEBV2LoadBalancerTargetGroup` for `default`, the process name for the others, as the EB CLI reads them back
 * (aws/aws-elastic-beanstalk-cli, ebcli/objects/... elb_names.DEFAULT_PROCESS_LOGICAL_ID).
 */
function processTargetGroupLogicalId(process: string): string {
  return process === DEFAULT_PROCESS ? "AWSEBV2LoadBalancerTargetGroup" : process;
}

/**
 * An Elastic Beanstalk application and web environment on the current platform matching a regex,
 * attached to a shared ALB (Beanstalk's own listeners cannot do mutual TLS): instances in private
 * subnets behind launch-template options (IMDSv2 only, gp3), enhanced health, managed platform
 * updates, logs streamed to CloudWatch. Code arrives with `eb deploy`; Terraform ignores the version
 * label and the platform version that managed updates move forward.
 */
export class BeanstalkEnvironment extends Construct {
  readonly application: ElasticBeanstalkApplication;
  readonly environment: ElasticBeanstalkEnvironment;
  readonly instanceRole: IamRole;
  /**
   * The instance role's inline policy: resources grant the application access here
   * (`secrets.grantRead(app.instancePolicy)`). The instances boot only after it is in place.
   */
  readonly instancePolicy: RolePolicy;
  readonly serviceRole: IamRole;
  readonly applicationName: string;
  readonly environmentName: string;
  /** The Auto Scaling group Beanstalk created (for EC2 metrics such as CPUUtilization). */
  readonly autoScalingGroupName: string;
  private readonly props: BeanstalkEnvironmentProps;
  private targetGroups?: AlarmedTargetGroup[];

  constructor(scope: Construct, id: string, props: BeanstalkEnvironmentProps) {
    super(scope, id);
    this.props = props;
    validate(this, props);
    const managedPolicy = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;

    const { partition, accountId, region } = props.account;
    // The external id Beanstalk documents for its service role (iam-servicerole.html); it documents no
    // source keys for it, so those conditions are IfExists (see TrustSource).
    const fromThisAccount = sourceConditions({ account: accountId, documented: false });
    this.serviceRole = new IamRole(this, "service-role", {
      name: `${props.environmentName}-eb-service`,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Service: "elasticbeanstalk.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { ...fromThisAccount, StringEquals: { "sts:ExternalId": "elasticbeanstalk" } },
      }),
    });
    const grants: TerraformResource[] = [
      ["enhanced-health", "service-role/AWSElasticBeanstalkEnhancedHealth"],
      ["managed-updates", "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy"],
    ].map(
      ([attachmentId, policy]) =>
        new IamRolePolicyAttachment(this, `service-role-${attachmentId}`, {
          role: this.serviceRole.name,
          policyArn: managedPolicy(policy),
        }),
    );

    this.instanceRole = new IamRole(this, "instance-role", {
      name: `${props.environmentName}-eb-instance`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    // What the Beanstalk agent needs, scoped to this environment, instead of AWSElasticBeanstalkWebTier: that
    // managed policy lets instances read and write every elasticbeanstalk-* bucket, so one environment could
    // overwrite another's application bundles ("Preventing cross-environment Amazon S3 bucket access",
    // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.iam.cross-env-s3-access.html). Log
    // uploads under resources/environments/logs/ are granted by Beanstalk's own bucket policy.
    grants.push(
      new IamRolePolicy(this, "instance-role-beanstalk-agent", {
        name: "beanstalk-agent",
        role: this.instanceRole.id,
        policy: policyDocument(
          {
            Sid: "ReadOwnApplicationVersions",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: `arn:${partition}:s3:::elasticbeanstalk-${region}-${accountId}/${props.applicationName}/*`,
          },
          {
            Sid: "StreamOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/elasticbeanstalk/${props.environmentName}/*`,
          },
          {
            Sid: "ReportOwnHealth",
            Effect: "Allow",
            Action: "elasticbeanstalk:PutInstanceStatistics",
            Resource: [
              `arn:${partition}:elasticbeanstalk:${region}:${accountId}:application/${props.applicationName}`,
              `arn:${partition}:elasticbeanstalk:${region}:${accountId}:environment/${props.applicationName}/${props.environmentName}`,
            ],
          },
        ),
      }),
    );
    // Named when it held only the secrets grant; renaming would replace it.
    this.instancePolicy = new RolePolicy(this, "instance-role-secrets", { role: this.instanceRole, name: "read-application-secrets" });
    grants.push(this.instancePolicy.policy);
    const instanceProfile = new IamInstanceProfile(this, "instance-profile", {
      name: `${props.environmentName}-eb-instance`,
      role: this.instanceRole.name,
    });

    this.application = new ElasticBeanstalkApplication(this, "application", {
      name: props.applicationName,
      description: `Application versions deployed with eb deploy to ${props.environmentName}`,
      // Bounded history of versions; the source bundles stay in S3.
      appversionLifecycle: { serviceRole: this.serviceRole.arn, maxCount: 100, deleteSourceFromS3: false },
    });
    const platform = new DataAwsElasticBeanstalkSolutionStack(this, "platform", {
      mostRecent: true,
      nameRegex: props.solutionStackRegex,
    });

    this.environment = new ElasticBeanstalkEnvironment(this, DEFAULT_CHILD_ID, {
      name: props.environmentName,
      application: this.application.name,
      cnamePrefix: props.environmentName,
      tier: "WebServer",
      solutionStackName: platform.name,
      setting: this.settings(props, instanceProfile),
      lifecycle: {
        // `eb deploy` owns the version label; managed platform updates own the platform version.
        ignoreChanges: ["version_label", "solution_stack_name", "platform_arn"],
      },
      // Beanstalk checks the listeners exist when it attaches, and instances need their grants at boot.
      dependsOn: [...props.loadBalancer.httpsListeners, ...grants],
    });
    this.applicationName = this.application.name;
    this.environmentName = this.environment.name;
    this.autoScalingGroupName = Token.asString(Fn.element(this.environment.autoscalingGroups, 0));

    if (props.hostedZoneId && props.dnsNames?.length) {
      new DnsAlias(this, "dns", {
        hostedZoneId: props.hostedZoneId,
        names: props.dnsNames,
        target: { dnsName: props.loadBalancer.dnsName, zoneId: props.loadBalancer.zoneId },
      });
    }
  }

  /**
   * The document's application alarms (instance CPU, 5xx from the targets) and environment health. The shared
   * load balancer's own alarms (its 5xx, no healthy target behind a process, slow responses) are its owner's:
   * the stack adds them with `processTargetGroups()`.
   */
  addAlarms(topic: AlarmTopic, options: BeanstalkAlarmOptions = {}): void {
    const name = this.props.environmentName;
    const cpu = options.cpuPercent ?? 80;
    const errors = options.target5xxPerMinute ?? 10;
    topic.addAlarm(`${this.node.id}-cpu-high`, {
      alarmName: `${name}-beanstalk-cpu-high`,
      description: `Beanstalk instances averaged over ${cpu}% CPU for 5 minutes: check eb health, scale out or raise beanstalk.maxInstances.`,
      runbook: "cpu-or-database-pressure",
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: this.autoScalingGroupName },
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: cpu,
      periodSeconds: 300,
      evaluationPeriods: 1,
      // Instances being replaced publish nothing for a while; the environment health alarm covers a fleet that is gone.
      treatMissingData: "missing",
    });
    const loadBalancer = this.props.loadBalancer;
    topic.addAlarm(`${loadBalancer.node.id}-target-5xx`, {
      alarmName: `${name}-${loadBalancer.node.id}-target-5xx`,
      description: `More than ${errors} HTTP 5xx responses from the Django targets in 1 minute: check eb logs and the web.stdout log group.`,
      runbook: "application-errors",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer.arnSuffix },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: errors,
      periodSeconds: 60,
      evaluationPeriods: 1,
      // Reported only when non-zero.
      treatMissingData: "notBreaching",
    });
    const level = options.environmentHealthAtLeast ?? "Degraded";
    topic.addAlarm(`${this.node.id}-health`, {
      alarmName: `${name}-beanstalk-health`,
      description: `Beanstalk's enhanced health of ${name} has been ${level} or worse for 5 minutes (eb health shows the causes).`,
      runbook: "beanstalk-environment-health",
      namespace: "AWS/ElasticBeanstalk",
      metricName: "EnvironmentHealth",
      dimensions: { EnvironmentName: name },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: BEANSTALK_HEALTH_LEVELS[level],
      periodSeconds: 60,
      evaluationPeriods: 5,
      // Beanstalk publishes it every minute (ConfigDocument below) whatever the traffic: silence means the
      // environment or its health reporting is gone.
      treatMissingData: "breaching",
    });
  }

  /**
   * The target group Beanstalk created for each process on the shared load balancer, found by the tags its
   * CloudFormation stack puts on it: the environment id and the process's logical id. The environment id is
   * unknown until the environment exists, so on the first apply Terraform reads these after creating it;
   * afterwards at every plan. A lookup that finds none fails the plan, naming the data source.
   */
  processTargetGroups(): AlarmedTargetGroup[] {
    this.targetGroups ??= this.props.processes.map((process) => {
      const group = new DataAwsLbTargetGroup(this, `${process.name}-target-group`, {
        tags: {
          "elasticbeanstalk:environment-id": this.environment.id,
          "aws:cloudformation:logical-id": processTargetGroupLogicalId(process.name),
        },
      });
      const serves = `process ${process.name} (instance port ${process.port}${process.description ? `, ${process.description}` : ""})`;
      return { name: process.name, serves, arnSuffix: group.arnSuffix };
    });
    return this.targetGroups;
  }

  private settings(props: BeanstalkEnvironmentProps, instanceProfile: IamInstanceProfile): ElasticBeanstalkEnvironmentSetting[] {
    const logRetention = String(props.logRetentionDays ?? 90);
    const options: [namespace: string, name: string, value: string][] = [
      // Network: private subnets, no public addresses.
      ["aws:ec2:vpc", "VPCId", props.network.vpc.id],
      ["aws:ec2:vpc", "Subnets", Fn.join(",", props.network.privateSubnetIds)],
      ["aws:ec2:vpc", "AssociatePublicIpAddress", "false"],
      // Capacity.
      ["aws:ec2:instances", "InstanceTypes", props.instanceType],
      ["aws:autoscaling:asg", "MinSize", String(props.minInstances)],
      ["aws:autoscaling:asg", "MaxSize", String(props.maxInstances)],
      // Instances: launch-template options (IMDSv2 only, gp3 root volume), our security group only.
      ["aws:autoscaling:launchconfiguration", "IamInstanceProfile", instanceProfile.name],
      ["aws:autoscaling:launchconfiguration", "SecurityGroups", props.instanceSecurityGroup.id],
      ["aws:autoscaling:launchconfiguration", "DisableDefaultEC2SecurityGroup", "true"],
      ["aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"],
      ["aws:autoscaling:launchconfiguration", "RootVolumeType", "gp3"],
      ...(props.sshKeyName ? [["aws:autoscaling:launchconfiguration", "EC2KeyName", props.sshKeyName] as [string, string, string]] : []),
      // Shared ALB: both options are fixed at environment creation.
      ["aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced"],
      ["aws:elasticbeanstalk:environment", "ServiceRole", this.serviceRole.name],
      ["aws:elasticbeanstalk:environment", "LoadBalancerType", "application"],
      ["aws:elasticbeanstalk:environment", "LoadBalancerIsShared", "true"],
      ["aws:elbv2:loadbalancer", "SharedLoadBalancer", props.loadBalancer.arn],
      ["aws:elbv2:loadbalancer", "SecurityGroups", props.loadBalancerSecurityGroup.id],
      // Rules on the routed HTTPS listeners only. With a shared ALB, "if you don't specify this option for
      // any listener, Elastic Beanstalk automatically associates the default rule with a port 80 listener"
      // (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html, aws:elbv2:listener
      // Rules), which would serve the app over plain HTTP past the redirect and mutual TLS. The
      // aws:elbv2:listener:default namespace (ListenerEnabled) does not apply to shared load balancers.
      ...listenerRules(props.routes),
      ...props.processes.flatMap((process): [string, string, string][] => {
        const namespace = `aws:elasticbeanstalk:environment:process:${process.name}`;
        return [
          [namespace, "Port", String(process.port)],
          [namespace, "Protocol", "HTTP"],
          [namespace, "HealthCheckPath", process.healthCheckPath],
          [namespace, "MatcherHTTPCode", "200"],
          [namespace, "DeregistrationDelay", String(props.deregistrationDelaySeconds ?? 30)],
        ];
      }),
      // Health: enhanced reporting, authenticated, with the document's request metric and the health alarm's metric published.
      ["aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"],
      ["aws:elasticbeanstalk:healthreporting:system", "EnhancedHealthAuthEnabled", "true"],
      [
        "aws:elasticbeanstalk:healthreporting:system",
        "ConfigDocument",
        // EnvironmentHealth every minute for the health alarm (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/health-enhanced-cloudwatch.html).
        JSON.stringify({
          Version: 1,
          CloudWatchMetrics: { Environment: { ApplicationRequestsTotal: 60, EnvironmentHealth: 60 }, Instance: {} },
        }),
      ],
      // Managed platform updates in a weekly window.
      ["aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"],
      ["aws:elasticbeanstalk:managedactions", "PreferredStartTime", props.managedUpdates.preferredStartTime],
      ["aws:elasticbeanstalk:managedactions", "ServiceRoleForManagedUpdates", this.serviceRole.name],
      ["aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", props.managedUpdates.updateLevel],
      // Deployments and configuration changes keep healthy capacity serving.
      ["aws:elasticbeanstalk:command", "DeploymentPolicy", props.deploymentPolicy ?? "Rolling"],
      ["aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateEnabled", "true"],
      ["aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType", "Health"],
      // Logs: instance logs and health events to CloudWatch, kept after the environment is gone.
      ["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"],
      ["aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", "false"],
      ["aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", logRetention],
      ["aws:elasticbeanstalk:cloudwatch:logs:health", "HealthStreamingEnabled", "true"],
      ["aws:elasticbeanstalk:cloudwatch:logs:health", "DeleteOnTerminate", "false"],
      ["aws:elasticbeanstalk:cloudwatch:logs:health", "RetentionInDays", logRetention],
      ...Object.entries(props.environmentVariables ?? {}).map(
        ([name, value]) => ["aws:elasticbeanstalk:application:environment", name, value] as [string, string, string],
      ),
    ];
    return options.map(([namespace, name, value]) => ({ namespace, name, value }));
  }
}

/** Per routed listener: its `Rules` (Beanstalk's `default` first on 443) and each rule's hosts, process and priority. */
function listenerRules(routes: readonly BeanstalkRoute[]): [string, string, string][] {
  const ports = [...new Set(routes.map((route) => route.listenerPort))];
  return ports.flatMap((port) => {
    const own = routes.filter((route) => route.listenerPort === port);
    const names = [...(port === 443 ? [DEFAULT_PROCESS] : []), ...own.map((route) => route.rule)];
    return [
      [`aws:elbv2:listener:${port}`, "Rules", names.join(",")] as [string, string, string],
      ...own.flatMap((route, index): [string, string, string][] => [
        [`aws:elbv2:listenerrule:${route.rule}`, "HostHeaders", route.hostNames.join(",")],
        [`aws:elbv2:listenerrule:${route.rule}`, "Process", route.process],
        [`aws:elbv2:listenerrule:${route.rule}`, "Priority", String(index + 1)],
      ]),
    ];
  });
}

function validate(environment: BeanstalkEnvironment, props: BeanstalkEnvironmentProps): void {
  const check = propChecks(environment);
  check.format("environmentName", props.environmentName, BEANSTALK_ENVIRONMENT_NAME);
  for (const name of ["minInstances", "maxInstances"] as const) {
    const value = props[name];
    check.expect(Number.isInteger(value) && value >= 1 && value <= 10000, name, value, "must be a whole number from 1 to 10000");
  }
  if (!Token.isUnresolved(props.minInstances)) {
    check.expect(
      props.minInstances <= props.maxInstances,
      "maxInstances",
      props.maxInstances,
      `must be >= minInstances (${props.minInstances})`,
    );
  }
  const processes = props.processes.map((process) => process.name);
  check.expect(processes[0] === DEFAULT_PROCESS, "processes", processes, `must start with Beanstalk's "${DEFAULT_PROCESS}" process`);
  for (const process of props.processes) {
    check.expect(/^[A-Za-z0-9]+$/.test(process.name), "processes.name", process.name, "must be letters and digits");
    check.range("processes.port", process.port, PORT);
    check.expect(process.healthCheckPath.startsWith("/"), "processes.healthCheckPath", process.healthCheckPath, "must start with /");
  }
  const ports = new Set(props.processes.map((process) => process.port));
  check.expect(ports.size === props.processes.length, "processes", props.processes, "must listen on distinct instance ports");
  const listenerPorts = props.loadBalancer.httpsListeners.flatMap((listener) => listener.portInput ?? []);
  for (const route of props.routes) {
    check.expect(
      /^[A-Za-z0-9]+$/.test(route.rule) && route.rule !== DEFAULT_PROCESS,
      "routes.rule",
      route.rule,
      `must be letters and digits, not "${DEFAULT_PROCESS}"`,
    );
    check.expect(
      listenerPorts.includes(route.listenerPort),
      "routes.listenerPort",
      route.listenerPort,
      `must be an HTTPS listener of the load balancer (${listenerPorts.join(", ")})`,
    );
    check.expect(
      processes.includes(route.process),
      "routes.process",
      route.process,
      `must be one of the processes (${processes.join(", ")})`,
    );
    check.expect(
      route.hostNames.length >= 1 && route.hostNames.length <= 4,
      "routes.hostNames",
      route.hostNames,
      "must list 1-4 host names: a listener rule takes at most 4 besides the one Beanstalk reserves for its CNAME",
    );
  }
  const rules = props.routes.map((route) => route.rule);
  check.expect(new Set(rules).size === rules.length, "routes.rule", rules, "must be unique: a rule belongs to one listener");
  check.format("managedUpdates.preferredStartTime", props.managedUpdates.preferredStartTime, BEANSTALK_START_TIME);
  for (const name of Object.keys(props.environmentVariables ?? {})) {
    check.expect(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), "environmentVariables", name, "names must be letters, digits and underscores");
  }
}
