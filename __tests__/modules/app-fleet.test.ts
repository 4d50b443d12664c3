import { AppFleet, AppFleetProps } from "../../modules/app-fleet";
import { AppTargetGroups } from "../../modules/app-target-groups";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, resource, synthModule } from "../support/synth";
import { testAppCompute, testNetwork, testAlarmTopic } from "../support/fixtures";
import { Network } from "../../modules/network";

const SCRIPT = "#!/bin/bash\necho \"$${HOME}\" 'quoted'\n";

function fleet(stack: PlatformStack, overrides: Partial<AppFleetProps> = {}, network: Network = testNetwork(stack)): AppFleet {
  const targets = new AppTargetGroups(stack, "target-groups", { network, namePrefix: "coherent-prod" });
  return new AppFleet(stack, "app-fleet", {
    ...testAppCompute(stack, network, SCRIPT),
    name: "coherent-prod-app",
    targetGroups: [targets.api, targets.web],
    ...overrides,
  });
}

describe("AppFleet", () => {
  test("GIVEN the defaults THEN 2 to 4 instances spread over both public subnets and register in the target groups", () => {
    const { json } = synthModule((stack) => fleet(stack));
    expect(resource(json, "aws_autoscaling_group.app-fleet")).toMatchObject({
      name: "coherent-prod-app",
      min_size: 2,
      max_size: 4,
      vpc_zone_identifier: ["${aws_subnet.network_public-1.id}", "${aws_subnet.network_public-2.id}"],
      target_group_arns: ["${aws_lb_target_group.target-groups_api.arn}", "${aws_lb_target_group.target-groups_web.arn}"],
      health_check_type: "EC2",
      health_check_grace_period: 600,
      launch_template: {
        id: "${aws_launch_template.app-fleet_launch-template.id}",
        version: "${aws_launch_template.app-fleet_launch-template.latest_version}",
      },
      instance_refresh: { strategy: "Rolling" },
      lifecycle: { ignore_changes: ["desired_capacity"] },
    });
  });

  test("GIVEN the group THEN target tracking keeps average CPU at 70%", () => {
    const { json } = synthModule((stack) => fleet(stack));
    expect(resource(json, "aws_autoscaling_policy.app-fleet_cpu-target-tracking")).toMatchObject({
      autoscaling_group_name: "${aws_autoscaling_group.app-fleet.name}",
      policy_type: "TargetTrackingScaling",
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" },
        target_value: 70,
      },
    });
  });

  test("GIVEN the launch template THEN instances get the single server's hardening: IMDSv2, encrypted gp3, detailed monitoring", () => {
    const { json } = synthModule((stack) => fleet(stack));
    expect(resource(json, "aws_launch_template.app-fleet_launch-template")).toMatchObject({
      image_id: "${data.aws_ssm_parameter.ubuntu-ami.value}",
      instance_type: "t3.medium",
      iam_instance_profile: { arn: "${aws_iam_instance_profile.ec2-role_instance-profile.arn}" },
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
      monitoring: { enabled: true },
      block_device_mappings: [{ device_name: "/dev/sda1", ebs: { volume_type: "gp3", volume_size: 30, encrypted: "true" } }],
      network_interfaces: [{ associate_public_ip_address: "true", security_groups: ["${aws_security_group.app-sg.id}"] }],
    });
  });

  test("GIVEN a script with quotes and escaped ${ THEN it reaches the template base64-encoded through a local, unchanged", () => {
    const { json } = synthModule((stack) => fleet(stack));
    expect(resource(json, "aws_launch_template.app-fleet_launch-template").user_data).toBe("${base64encode(local.app-fleet_user-data)}");
    expect((json.locals as Record<string, unknown>)["app-fleet_user-data"]).toBe(SCRIPT);
  });

  test("GIVEN other sizes THEN they are applied", () => {
    const { json } = synthModule((stack) =>
      fleet(stack, { minInstances: 3, maxInstances: 6, targetCpuPercent: 60, instanceType: "t3.large" }),
    );
    expect(resource(json, "aws_autoscaling_group.app-fleet")).toMatchObject({ min_size: 3, max_size: 6 });
    expect(resource(json, "aws_autoscaling_policy.app-fleet_cpu-target-tracking")).toMatchObject({
      target_tracking_configuration: { target_value: 60 },
    });
    expect(resource(json, "aws_launch_template.app-fleet_launch-template").instance_type).toBe("t3.large");
  });

  test("GIVEN an alarm topic THEN the group's average CPU alarm notifies it", () => {
    const { json } = synthModule((stack) => {
      const group = fleet(stack);
      group.addAlarms(testAlarmTopic(stack));
      return group;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_app-fleet-cpu-high")).toMatchObject({
      dimensions: { AutoScalingGroupName: "${aws_autoscaling_group.app-fleet.name}" },
      threshold: 80,
    });
  });

  test.each<[Partial<AppFleetProps>, RegExp]>([
    [{ minInstances: 0 }, /AppFleet "test\/app-fleet": minInstances = 0: must be a whole number >= 1/],
    [{ minInstances: 5 }, /AppFleet "test\/app-fleet": maxInstances = 4: must be a whole number >= minInstances \(5\)/],
    [{ targetCpuPercent: 99 }, /AppFleet "test\/app-fleet": targetCpuPercent = 99: must be 10-95/],
    [
      { targetGroups: [] },
      /AppFleet "test\/app-fleet": targetGroups\.length = 0: must list at least one target group: the fleet is only reachable through the load balancer/,
    ],
    [{ healthCheckGracePeriodSeconds: -1 }, /AppFleet "test\/app-fleet": healthCheckGracePeriodSeconds = -1: must be 0-7200/],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => fleet(moduleTestStack(), overrides)).toThrow(message);
  });

  test("GIVEN a network with one public subnet THEN it is refused: the fleet must span AZs", () => {
    const stack = moduleTestStack();
    const network = testNetwork(stack, { publicSubnets: [{ name: "public-1", cidr: "10.0.1.0/24" }] });
    expect(() => fleet(stack, {}, network)).toThrow(
      /AppFleet "test\/app-fleet": network\.publicSubnets\.length = 1: must be at least two public subnets to span AZs/,
    );
  });
});
