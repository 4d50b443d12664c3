import { AppServer, AppServerProps } from "../../modules/app-server";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { testAppCompute, testNetwork, testAlarmTopic } from "../support/fixtures";

function server(stack: PlatformStack, overrides: Partial<AppServerProps> = {}): AppServer {
  return new AppServer(stack, "app-server", {
    ...testAppCompute(stack, testNetwork(stack), "#!/bin/bash\necho hello\n"),
    name: "coherent-dev-app",
    account: stack.account,
    ...overrides,
  });
}

describe("AppServer", () => {
  test("GIVEN the defaults THEN the seed's t3.medium runs in the first public subnet from the looked-up Ubuntu image", () => {
    const { json } = synthModule((stack) => server(stack));
    expect(resource(json, "aws_instance.app-server")).toMatchObject({
      ami: "${data.aws_ssm_parameter.ubuntu-ami.value}",
      instance_type: "t3.medium",
      subnet_id: "${aws_subnet.network_public-1.id}",
      vpc_security_group_ids: ["${aws_security_group.app-sg.id}"],
      iam_instance_profile: "${aws_iam_instance_profile.ec2-role_instance-profile.name}",
      user_data: "#!/bin/bash\necho hello\n",
      tags: { Name: "coherent-dev-app" },
    });
  });

  test("GIVEN the instance THEN IMDSv2 is required, the 30 GB gp3 root volume is encrypted and monitoring is detailed", () => {
    const { json } = synthModule((stack) => server(stack));
    const instance = resource(json, "aws_instance.app-server");
    expect(instance.metadata_options).toMatchObject({ http_tokens: "required", http_endpoint: "enabled", http_put_response_hop_limit: 1 });
    expect(instance.root_block_device).toMatchObject({ volume_type: "gp3", volume_size: 30, encrypted: true });
    expect(instance.monitoring).toBe(true);
    expect(instance.ebs_optimized).toBe(true);
    expect(instance.maintenance_options).toEqual({ auto_recovery: "default" });
  });

  test("GIVEN a new Canonical image or script THEN the server is not silently replaced", () => {
    const { json } = synthModule((stack) => server(stack));
    expect(resource(json, "aws_instance.app-server").lifecycle).toEqual({ ignore_changes: ["ami", "user_data"] });
  });

  test("GIVEN first boot THEN the instance has a public address before its Elastic IP is associated (no NAT in public subnets)", () => {
    const { json } = synthModule((stack) => server(stack));
    expect(resource(json, "aws_instance.app-server").associate_public_ip_address).toBe(true);
  });

  test("GIVEN the server THEN an Elastic IP is attached to it, once the VPC routes to its internet gateway", () => {
    const { json, construct } = synthModule((stack) => server(stack));
    expect(resource(json, "aws_eip.app-server_elastic-ip")).toMatchObject({
      domain: "vpc",
      instance: "${aws_instance.app-server.id}",
      depends_on: ["aws_route.network_public-internet-route"],
    });
    expect(construct.publicIp).toMatch(/TfToken/);
  });

  test("GIVEN termination protection, a key pair, a larger type and disk THEN they are applied", () => {
    const { json } = synthModule((stack) =>
      server(stack, { terminationProtection: true, keyPairName: "ops", instanceType: "t3.large", rootVolumeGb: 50, subnetIndex: 1 }),
    );
    expect(resource(json, "aws_instance.app-server")).toMatchObject({
      disable_api_termination: true,
      key_name: "ops",
      instance_type: "t3.large",
      subnet_id: "${aws_subnet.network_public-2.id}",
      root_block_device: { volume_size: 50 },
    });
  });

  test("GIVEN a hosted zone and name THEN an A record points the name at the Elastic IP; without them there is none", () => {
    const { json } = synthModule((stack) => server(stack, { hostedZoneId: "Z0123456789ABC", dnsName: "coherent.example.com" }));
    expect(resource(json, "aws_route53_record.app-server_dns-record")).toEqual({
      zone_id: "Z0123456789ABC",
      name: "coherent.example.com",
      type: "A",
      ttl: 300,
      records: ["${aws_eip.app-server_elastic-ip.public_ip}"],
    });
    expect(resources(synthModule((stack) => server(stack)).json, "aws_route53_record")).toEqual({});
  });

  test("GIVEN alarms THEN CPU notifies, a failed system check recovers the instance and a failed instance check reboots it", () => {
    const { json } = synthModule((stack) => {
      const app = server(stack);
      app.addAlarms(testAlarmTopic(stack), { cpuPercent: 85, metricsNamespace: "Coherent/dev" });
      return app;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-server-cpu-high")).toMatchObject({
      alarm_name: "coherent-dev-app-cpu-high",
      namespace: "AWS/EC2",
      metric_name: "CPUUtilization",
      dimensions: { InstanceId: "${aws_instance.app-server.id}" },
      threshold: 85,
      alarm_actions: ["${aws_sns_topic.alarms.arn}"],
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-server-system-check-failed")).toMatchObject({
      metric_name: "StatusCheckFailed_System",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      alarm_actions: [
        "${aws_sns_topic.alarms.arn}",
        "arn:${data.aws_partition.current-partition.partition}:automate:us-east-1:ec2:recover",
      ],
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-server-instance-check-failed")).toMatchObject({
      metric_name: "StatusCheckFailed_Instance",
      alarm_actions: ["${aws_sns_topic.alarms.arn}", "arn:${data.aws_partition.current-partition.partition}:automate:us-east-1:ec2:reboot"],
    });
  });

  test("GIVEN alarms THEN each PM2 app alarms when its process is gone on this instance, and when the agent stops reporting", () => {
    const { json } = synthModule((stack) => {
      const app = server(stack);
      app.addAlarms(testAlarmTopic(stack), { metricsNamespace: "Coherent/dev" });
      return app;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-server-coherent-api-down")).toMatchObject({
      alarm_name: "coherent-dev-app-coherent-api-down",
      namespace: "Coherent/dev",
      metric_name: "procstat_lookup_pid_count",
      dimensions: { InstanceId: "${aws_instance.app-server.id}", pidfile: "/opt/coherent/run/coherent-api.pid", pid_finder: "native" },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-server-coherent-web-down").dimensions).toMatchObject({
      pidfile: "/opt/coherent/run/coherent-web.pid",
    });
  });

  test.each<[Partial<AppServerProps>, RegExp]>([
    [{ subnetIndex: 2 }, /AppServer "test\/app-server": subnetIndex = 2: must be 0-1 \(one of the network's public subnets\)/],
    [{ rootVolumeGb: 4 }, /AppServer "test\/app-server": rootVolumeGb = 4: must be a whole number of GiB from 8 to 16384/],
    [{ instanceType: "medium" }, /AppServer "test\/app-server": instanceType = "medium": must be an EC2 instance type like t3\.medium/],
    [
      { hostedZoneId: "Z0123456789ABC" },
      /AppServer "test\/app-server": dnsName = \(missing\): goes together with hostedZoneId \(Z0123456789ABC\): give both for a DNS record, or neither/,
    ],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => server(moduleTestStack(), overrides)).toThrow(message);
  });

  test("GIVEN a CPU alarm above 100% THEN it is refused", () => {
    const stack = moduleTestStack();
    const app = server(stack);
    expect(() => app.addAlarms(testAlarmTopic(stack), { cpuPercent: 120, metricsNamespace: "Coherent/dev" })).toThrow(
      /AppServer "test\/app-server": cpuPercent = 120: must be above 0 and at most 100/,
    );
  });
});
