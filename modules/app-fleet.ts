import { Construct } from "constructs";
import { Fn, TerraformLocal, Token } from "cdktf";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { propChecks } from "../lib/construct-validation";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { AlarmTopic } from "./alarm-topic";
import { AppComputeProps, checkAppCompute, checkCpuPercent, DEFAULT_INSTANCE_TYPE, DEFAULT_ROOT_VOLUME_GB } from "./app-compute";

/** The group spreads over all of the network's public subnets (both AZs) and runs the single server's script. */
export interface AppFleetProps extends AppComputeProps {
  /** Name of the launch template and group, and Name tag of the instances, e.g. `coherent-prod-app`. */
  readonly name: string;
  /** Target groups the instances register in (and receive traffic from). */
  readonly targetGroups: readonly LbTargetGroup[];
  /** @default 2 */
  readonly minInstances?: number;
  /** @default 4 */
  readonly maxInstances?: number;
  /** Average CPU the group keeps by scaling out and in. @default 70 */
  readonly targetCpuPercent?: number;
  /** Seconds a new instance has to finish its first-boot script before health checks count. @default 600 */
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface AppFleetAlarmOptions {
  /** @default 80 */
  readonly cpuPercent?: number;
}

/**
 * The seed's "horizontal scaling": a launch template (same image, hardening and user data as the single
 * server) and an Auto Scaling group across the AZs behind the load balancer's target groups, scaled by
 * target tracking on average CPU and rolled with an instance refresh when the template changes.
 */
export class AppFleet extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly group: AutoscalingGroup;
  readonly scalingPolicy: AutoscalingPolicy;
  private readonly props: AppFleetProps;

  constructor(scope: Construct, id: string, props: AppFleetProps) {
    super(scope, id);
    validate(this, props);
    const min = props.minInstances ?? 2;
    const max = props.maxInstances ?? 4;
    // Launch templates take base64; a local keeps the script (quotes and all) out of a function call.
    const userData = new TerraformLocal(this, "user-data", props.userData);

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: props.name,
      description: `Application instances of ${props.name}`,
      imageId: props.image.imageId,
      instanceType: props.instanceType ?? DEFAULT_INSTANCE_TYPE,
      userData: Fn.base64encode(userData.asString),
      iamInstanceProfile: { arn: props.instanceRole.instanceProfile.arn },
      // Public subnets without auto-assigned addresses: each instance needs one for outbound traffic.
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [props.securityGroup.id], deleteOnTermination: "true" },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      monitoring: { enabled: true },
      ebsOptimized: "true",
      blockDeviceMappings: [
        {
          deviceName: props.image.rootDeviceName,
          ebs: {
            volumeType: "gp3",
            volumeSize: props.rootVolumeGb ?? DEFAULT_ROOT_VOLUME_GB,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: props.name } },
        { resourceType: "volume", tags: { Name: `${props.name}-root` } },
      ],
      updateDefaultVersion: true,
    });

    suppress(
      this.launchTemplate,
      "ec2-no-public-ip",
      "the seed puts the app tier in the public app-subnets (app-subnet-2 is reserved for this scaling); app-sg admits 4000/5173 from the ALB only",
    );
    this.group = new AutoscalingGroup(this, DEFAULT_CHILD_ID, {
      name: props.name,
      minSize: min,
      maxSize: max,
      vpcZoneIdentifier: props.network.publicSubnetIds,
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      targetGroupArns: props.targetGroups.map((group) => group.arn),
      // EC2 status, not the target groups: the app is deployed after boot (PM2), and ELB checks would
      // replace every instance that is still waiting for its first release.
      healthCheckType: "EC2",
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 600,
      enabledMetrics: ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMinSize", "GroupMaxSize"],
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 50 } },
      tag: [{ key: "Name", value: props.name, propagateAtLaunch: true }],
      lifecycle: {
        // Target tracking owns the desired count between min and max.
        ignoreChanges: ["desired_capacity"],
      },
    });

    this.scalingPolicy = new AutoscalingPolicy(this, "cpu-target-tracking", {
      name: `${props.name}-cpu-${props.targetCpuPercent ?? 70}`,
      autoscalingGroupName: this.group.name,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: props.targetCpuPercent ?? 70,
      },
    });

    this.props = props;
  }

  /** Alarm when the group's average CPU stays high although it scales: it is probably at its maximum. */
  addAlarms(topic: AlarmTopic, options: AppFleetAlarmOptions = {}): void {
    const props = this.props;
    const cpu = options.cpuPercent ?? 80;
    checkCpuPercent(propChecks(this), cpu);
    topic.addCpuAlarm(this, {
      name: props.name,
      description: `Average CPU of ${props.name} above ${cpu}% for 15 minutes although the group scales at ${props.targetCpuPercent ?? 70}%: it is probably at its maximum of ${props.maxInstances ?? 4} instances.`,
      namespace: "AWS/EC2",
      dimensions: { AutoScalingGroupName: this.group.name },
      percent: cpu,
    });
  }
}

function validate(fleet: AppFleet, props: AppFleetProps): void {
  const check = propChecks(fleet);
  const min = props.minInstances ?? 2;
  const max = props.maxInstances ?? 4;
  check.expect(Number.isInteger(min) && min >= 1, "minInstances", min, "must be a whole number >= 1");
  check.expect(Number.isInteger(max) && max >= min, "maxInstances", max, `must be a whole number >= minInstances (${min})`);
  const target = props.targetCpuPercent ?? 70;
  check.expect(target >= 10 && target <= 95, "targetCpuPercent", target, "must be 10-95");
  checkAppCompute(check, props);
  const publicSubnets = props.network.publicSubnets.length;
  check.expect(publicSubnets >= 2, "network.publicSubnets.length", publicSubnets, "must be at least two public subnets to span AZs");
  check.expect(
    props.targetGroups.length > 0,
    "targetGroups.length",
    props.targetGroups.length,
    "must list at least one target group: the fleet is only reachable through the load balancer",
  );
  const grace = props.healthCheckGracePeriodSeconds ?? 600;
  check.expect(Number.isInteger(grace) && grace >= 0 && grace <= 7200, "healthCheckGracePeriodSeconds", grace, "must be 0-7200");
}
