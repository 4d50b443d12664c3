import { Construct } from "constructs";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { propChecks } from "../lib/construct-validation";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { suppress } from "../lib/policy";
import { AlarmTopic } from "./alarm-topic";
import { AppComputeProps, checkAppCompute, checkCpuPercent, DEFAULT_INSTANCE_TYPE, DEFAULT_ROOT_VOLUME_GB } from "./app-compute";
import { addPm2Alarms } from "./app-server/app-metrics";

export interface AppServerProps extends AppComputeProps {
  /** Name tag and prefix of alarm names, e.g. `coherent-dev-app`. */
  readonly name: string;
  /** Which public subnet (and so which AZ) hosts the server. @default 0 (the first, e.g. app-subnet-1 in AZ-A) */
  readonly subnetIndex?: number;
  /** EC2 key pair for SSH. @default - none: EC2 Instance Connect or SSM Session Manager */
  readonly keyPairName?: string;
  /** Refuse termination through the API (the server holds Redis and MinIO data). @default false */
  readonly terminationProtection?: boolean;
  /** Route 53 zone for an A record to the Elastic IP; give with `dnsName`. @default - no record */
  readonly hostedZoneId?: string;
  /** Fully qualified name of that record, e.g. coherent.example.com. @default - no record */
  readonly dnsName?: string;
  /** For the ARNs of the EC2 recover and reboot alarm actions. */
  readonly account: AccountContext;
}

export interface AppServerAlarmOptions {
  /** @default 80 */
  readonly cpuPercent?: number;
  /** Namespace of the CloudWatch agent's metrics in the user data (the PM2 apps' process counts). */
  readonly metricsNamespace: string;
}

/**
 * The seed's single application server: Ubuntu on EC2 in a public subnet behind an Elastic IP, IMDSv2
 * only, encrypted gp3 root volume, detailed monitoring, and alarms that recover the instance onto new
 * hardware when AWS's system check fails and reboot it when its own check fails.
 */
export class AppServer extends Construct {
  readonly instance: Instance;
  readonly elasticIp: Eip;
  readonly instanceId: string;
  readonly publicIp: string;
  readonly publicDns: string;
  private readonly props: AppServerProps;

  constructor(scope: Construct, id: string, props: AppServerProps) {
    super(scope, id);
    validate(this, props);
    const subnet = props.network.publicSubnets[props.subnetIndex ?? 0];

    this.instance = new Instance(this, DEFAULT_CHILD_ID, {
      ami: props.image.imageId,
      instanceType: props.instanceType ?? DEFAULT_INSTANCE_TYPE,
      subnetId: subnet.id,
      // The public subnet has no NAT route: first-boot provisioning needs an address before the Elastic IP
      // is associated (which then replaces this one).
      associatePublicIpAddress: true,
      vpcSecurityGroupIds: [props.securityGroup.id],
      iamInstanceProfile: props.instanceRole.instanceProfile.name,
      keyName: props.keyPairName,
      userData: props.userData,
      monitoring: true,
      ebsOptimized: true,
      disableApiTermination: props.terminationProtection ?? false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: props.rootVolumeGb ?? DEFAULT_ROOT_VOLUME_GB,
        encrypted: true,
        deleteOnTermination: true,
        tags: { Name: `${props.name}-root` },
      },
      maintenanceOptions: { autoRecovery: "default" },
      tags: { Name: props.name },
      lifecycle: {
        // A new Canonical image or a changed script must not silently replace the server and its
        // Redis/MinIO data: replace it deliberately with `terraform apply -replace`.
        ignoreChanges: ["ami", "user_data"],
      },
    });
    this.instanceId = this.instance.id;

    suppress(
      this.instance,
      "ec2-no-public-ip",
      "the seed's app server is public by design: nginx on its Elastic IP in a public subnet; app-sg limits what reaches it",
    );
    this.elasticIp = new Eip(this, "elastic-ip", {
      domain: "vpc",
      instance: this.instance.id,
      tags: { Name: props.name },
      dependsOn: [props.network.internetRoute],
    });
    this.publicIp = this.elasticIp.publicIp;
    this.publicDns = this.elasticIp.publicDns;

    if (props.hostedZoneId && props.dnsName) {
      new Route53Record(this, "dns-record", {
        zoneId: props.hostedZoneId,
        name: props.dnsName,
        type: "A",
        ttl: 300,
        records: [this.elasticIp.publicIp],
      });
    }

    this.props = props;
  }

  /**
   * CPU alarm, status check alarms that recover the instance onto new hardware (AWS's system check) or reboot
   * it (its own check), and one per PM2 app whose process is gone, all notifying `topic`.
   */
  addAlarms(topic: AlarmTopic, options: AppServerAlarmOptions): void {
    const props = this.props;
    const { partition, region } = props.account;
    const dimensions = { InstanceId: this.instance.id };
    const cpu = options.cpuPercent ?? 80;
    checkCpuPercent(propChecks(this), cpu);
    topic.addCpuAlarm(this, {
      name: props.name,
      description: `CPU of ${props.name} above ${cpu}% for 15 minutes: check PM2 processes, or move to a larger instance type.`,
      namespace: "AWS/EC2",
      dimensions,
      percent: cpu,
    });
    topic.addAlarm(`${this.node.id}-system-check-failed`, {
      alarmName: `${props.name}-system-check-failed`,
      description: `AWS's system status check of ${props.name} failed: the instance is being recovered onto new hardware (same id, Elastic IP and volume).`,
      runbook: "instance-status-checks",
      namespace: "AWS/EC2",
      metricName: "StatusCheckFailed_System",
      dimensions,
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 2,
      // EC2 publishes status checks every minute while the instance runs; a stopped one is no outage to recover from.
      treatMissingData: "missing",
      extraAlarmActions: [`arn:${partition}:automate:${region}:ec2:recover`],
    });
    topic.addAlarm(`${this.node.id}-instance-check-failed`, {
      alarmName: `${props.name}-instance-check-failed`,
      description: `The instance status check of ${props.name} failed for 3 minutes (OS unresponsive): the instance is being rebooted.`,
      runbook: "instance-status-checks",
      namespace: "AWS/EC2",
      metricName: "StatusCheckFailed_Instance",
      dimensions,
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 3,
      treatMissingData: "missing",
      extraAlarmActions: [`arn:${partition}:automate:${region}:ec2:reboot`],
    });
    addPm2Alarms(topic, this, { name: props.name, namespace: options.metricsNamespace, instanceId: this.instance.id });
  }
}

function validate(server: AppServer, props: AppServerProps): void {
  const check = propChecks(server);
  const index = props.subnetIndex ?? 0;
  const last = props.network.publicSubnets.length - 1;
  check.expect(
    Number.isInteger(index) && index >= 0 && index <= last,
    "subnetIndex",
    index,
    `must be 0-${last} (one of the network's public subnets)`,
  );
  checkAppCompute(check, props);
  if ((props.hostedZoneId === undefined) !== (props.dnsName === undefined)) {
    check.fail(
      "dnsName",
      props.dnsName,
      `goes together with hostedZoneId (${props.hostedZoneId ?? "missing"}): give both for a DNS record, or neither`,
    );
  }
}
