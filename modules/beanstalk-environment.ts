import { Construct } from "constructs";
import { Fn, TerraformResource, Token } from "cdktf";
import { DataAwsElasticBeanstalkSolutionStack } from "@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack";
import { ElasticBeanstalkApplication } from "@cdktf/provider-aws/lib/elastic-beanstalk-application";
import { ElasticBeanstalkEnvironment, ElasticBeanstalkEnvironmentSetting } from "@cdktf/provider-aws/lib/elastic-beanstalk-environment";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { propChecks } from "../lib/construct-validation";
import { BEANSTALK_ENVIRONMENT_NAME, BEANSTALK_START_TIME } from "../lib/aws-formats";
import { policyDocument, serviceTrustPolicy } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { DnsAlias } from "./dns-alias";
import { LoadBalancer } from "./load-balancer";
import { Network } from "./network";
import { RolePolicy } from "./role-policy";
import { SecurityGroup } from "./security-group";

/** The instance port nginx listens on; the ALB forwards here and the instance security group allows it. */
export const BEANSTALK_INSTANCE_PORT = 80;
/** Listener rule routing the custom domain (Beanstalk's default rule only matches the environment CNAME). */
const DOMAIN_RULE = "domain";

/** The custom-domain rule of one HTTPS listener: `domain` on 443 (unchanged name), `domain<port>` on the others. */
const domainRule = (port: number) => (port === 443 ? DOMAIN_RULE : `${DOMAIN_RULE}${port}`);

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
  /** Host names routed to the environment by a rule on every HTTPS listener (e.g. `api.example.gov`). */
  readonly hostNames: readonly string[];
  /** Route 53 zone receiving alias records of `hostNames` to the ALB. @default - no records */
  readonly hostedZoneId?: string;
  readonly instanceType: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** @default "/" */
  readonly healthCheckPath?: string;
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

  constructor(scope: Construct, id: string, props: BeanstalkEnvironmentProps) {
    super(scope, id);
    this.props = props;
    validate(this, props);
    const { partition } = props.account;
    const managedPolicy = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;

    this.serviceRole = new IamRole(this, "service-role", {
      name: `${props.environmentName}-eb-service`,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Service: "elasticbeanstalk.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "elasticbeanstalk" } },
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
    grants.push(
      new IamRolePolicyAttachment(this, "instance-role-web-tier", {
        role: this.instanceRole.name,
        policyArn: managedPolicy("AWSElasticBeanstalkWebTier"),
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

    if (props.hostedZoneId) {
      new DnsAlias(this, "dns", {
        hostedZoneId: props.hostedZoneId,
        names: props.hostNames,
        target: { dnsName: props.loadBalancer.dnsName, zoneId: props.loadBalancer.zoneId },
      });
    }
  }

  /** The document's application alarms: instance CPU and 5xx responses from the targets, notifying `topic`. */
  addAlarms(topic: AlarmTopic, options: BeanstalkAlarmOptions = {}): void {
    const name = this.props.environmentName;
    const cpu = options.cpuPercent ?? 80;
    const errors = options.target5xxPerMinute ?? 10;
    topic.addAlarm(`${this.node.id}-cpu-high`, {
      alarmName: `${name}-beanstalk-cpu-high`,
      description: `Beanstalk instances averaged over ${cpu}% CPU for 5 minutes: check eb health, scale out or raise beanstalk.maxInstances.`,
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: this.autoScalingGroupName },
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: cpu,
      periodSeconds: 300,
      evaluationPeriods: 1,
    });
    const loadBalancer = this.props.loadBalancer;
    topic.addAlarm(`${loadBalancer.node.id}-target-5xx`, {
      alarmName: `${name}-${loadBalancer.node.id}-target-5xx`,
      description: `More than ${errors} HTTP 5xx responses from the Django targets in 1 minute: check eb logs and the web.stdout log group.`,
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer.arnSuffix },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: errors,
      periodSeconds: 60,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    });
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
      // Rules on the HTTPS listeners only. With a shared ALB, "if you don't specify this option for any
      // listener, Elastic Beanstalk automatically associates the default rule with a port 80 listener"
      // (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html, aws:elbv2:listener
      // Rules), which would serve the app over plain HTTP past the redirect and mutual TLS. The
      // aws:elbv2:listener:default namespace (ListenerEnabled) does not apply to shared load balancers.
      ...props.loadBalancer.httpsPorts.flatMap((port, index): [string, string, string][] => [
        // Beanstalk's `default` rule (the environment CNAME) goes on 443 only; every listener routes the custom domain.
        [`aws:elbv2:listener:${port}`, "Rules", index === 0 ? `default,${domainRule(port)}` : domainRule(port)],
        [`aws:elbv2:listenerrule:${domainRule(port)}`, "HostHeaders", props.hostNames.join(",")],
        [`aws:elbv2:listenerrule:${domainRule(port)}`, "Process", "default"],
        [`aws:elbv2:listenerrule:${domainRule(port)}`, "Priority", "1"],
      ]),
      // The default process: nginx on port 80, which proxies to Gunicorn :8000 and Daphne :9000.
      ["aws:elasticbeanstalk:environment:process:default", "Port", String(BEANSTALK_INSTANCE_PORT)],
      ["aws:elasticbeanstalk:environment:process:default", "Protocol", "HTTP"],
      ["aws:elasticbeanstalk:environment:process:default", "HealthCheckPath", props.healthCheckPath ?? "/"],
      ["aws:elasticbeanstalk:environment:process:default", "MatcherHTTPCode", "200"],
      ["aws:elasticbeanstalk:environment:process:default", "DeregistrationDelay", String(props.deregistrationDelaySeconds ?? 30)],
      // Health: enhanced reporting, authenticated, with the document's request metric published.
      ["aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"],
      ["aws:elasticbeanstalk:healthreporting:system", "EnhancedHealthAuthEnabled", "true"],
      [
        "aws:elasticbeanstalk:healthreporting:system",
        "ConfigDocument",
        JSON.stringify({ Version: 1, CloudWatchMetrics: { Environment: { ApplicationRequestsTotal: 60 }, Instance: {} } }),
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
  check.expect(
    props.hostNames.length >= 1 && props.hostNames.length <= 4,
    "hostNames",
    props.hostNames,
    "must list 1-4 host names: the HTTPS listener rule takes at most 4 besides the one Beanstalk reserves for its CNAME",
  );
  check.format("managedUpdates.preferredStartTime", props.managedUpdates.preferredStartTime, BEANSTALK_START_TIME);
  for (const name of Object.keys(props.environmentVariables ?? {})) {
    check.expect(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), "environmentVariables", name, "names must be letters, digits and underscores");
  }
}
