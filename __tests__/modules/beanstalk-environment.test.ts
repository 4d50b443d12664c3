import { BeanstalkEnvironment, BeanstalkEnvironmentProps } from "../../modules/beanstalk-environment";
import { LoadBalancer } from "../../modules/load-balancer";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { testNetwork, testAlarmTopic } from "../support/fixtures";

/** The account and partition, as the stack reads them at plan time. */
const ACCOUNT = "${data.aws_caller_identity.current-account.account_id}";
const PARTITION = "${data.aws_partition.current-partition.partition}";

const SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:tp/dev/django-secret-key-AbCdEf";
/** What the tests grant the instances: read one secret. */
const READ_SECRET = { Sid: "ReadSecrets", Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: [SECRET] };
type Overrides = Partial<
  Omit<BeanstalkEnvironmentProps, "network" | "instanceSecurityGroup" | "loadBalancer" | "loadBalancerSecurityGroup" | "account">
>;

function build(stack: PlatformStack, overrides: Overrides = {}, noClientCertificatePort?: number) {
  const network = testNetwork(stack);
  const albGroup = new SecurityGroup(stack, "alb-sg", { network, name: "alb", description: "alb" });
  const appGroup = new SecurityGroup(stack, "app-sg", { network, name: "app", description: "app" });
  const loadBalancer = new LoadBalancer(stack, "alb", {
    network,
    name: "tp-dev-alb",
    securityGroup: albGroup,
    certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc",
    deletionProtection: false,
    noClientCertificatePort,
  });
  const environment = new BeanstalkEnvironment(stack, "beanstalk", {
    applicationName: "tp-dev",
    environmentName: "tp-dev",
    solutionStackRegex: "^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.11$",
    network,
    instanceSecurityGroup: appGroup,
    loadBalancer,
    loadBalancerSecurityGroup: albGroup,
    processes: [{ name: "default", port: 8080, healthCheckPath: "/health/" }],
    routes: [{ listenerPort: 443, rule: "domain", hostNames: ["api.plane.example.gov"], process: "default" }],
    dnsNames: ["api.plane.example.gov"],
    instanceType: "t3.small",
    minInstances: 2,
    maxInstances: 4,
    managedUpdates: { preferredStartTime: "Sun:06:00", updateLevel: "minor" },
    account: stack.account,
    ...overrides,
  });
  environment.instancePolicy.addToPrincipalPolicy(READ_SECRET);
  return environment;
}

/** The environment's option settings as `namespace/name -> value`. */
function settings(json: ReturnType<typeof synthModule>["json"]): Record<string, string> {
  const environment = resource(json, "aws_elastic_beanstalk_environment.beanstalk");
  return Object.fromEntries(
    (environment.setting as { namespace: string; name: string; value: string }[]).map((s) => [`${s.namespace}/${s.name}`, s.value]),
  );
}

describe("BeanstalkEnvironment", () => {
  test("GIVEN addAlarms THEN the instances' CPU and the targets' 5xx responses alarm on the topic", () => {
    const { json } = synthModule((stack) => {
      const environment = build(stack);
      environment.addAlarms(testAlarmTopic(stack), { cpuPercent: 70 });
      return environment;
    });
    const alarms = resources(json, "aws_cloudwatch_metric_alarm");
    expect(alarms["alarms_beanstalk-cpu-high"]).toMatchObject({
      alarm_name: "tp-dev-beanstalk-cpu-high",
      metric_name: "CPUUtilization",
      threshold: 70,
    });
    expect(alarms["alarms_alb-target-5xx"]).toMatchObject({
      alarm_name: "tp-dev-alb-target-5xx",
      metric_name: "HTTPCode_Target_5XX_Count",
      threshold: 10,
      dimensions: { LoadBalancer: "${aws_lb.alb.arn_suffix}" },
      treat_missing_data: "notBreaching",
    });
  });

  test("GIVEN addAlarms THEN environment health alarms at Degraded or worse from the metric the health ConfigDocument publishes every minute, silence counting as failure", () => {
    const { json } = synthModule((stack) => {
      const environment = build(stack);
      environment.addAlarms(testAlarmTopic(stack));
      return environment;
    });
    expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_beanstalk-health")).toMatchObject({
      alarm_name: "tp-dev-beanstalk-health",
      namespace: "AWS/ElasticBeanstalk",
      metric_name: "EnvironmentHealth",
      dimensions: { EnvironmentName: "tp-dev" },
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 20,
      treat_missing_data: "breaching",
    });
    const published = JSON.parse(settings(json)["aws:elasticbeanstalk:healthreporting:system/ConfigDocument"]).CloudWatchMetrics;
    expect(published.Environment).toEqual({ ApplicationRequestsTotal: 60, EnvironmentHealth: 60 });
  });

  test("GIVEN two processes WHEN the load balancer's alarms are added with the environment's process target groups THEN each process's target group is looked up by Beanstalk's tags and has its own no-healthy-host alarm, next to the ALB's 5xx and p95 alarms", () => {
    const { json } = synthModule((stack) => {
      const environment = build(
        stack,
        {
          processes: [
            { name: "default", port: 8080, healthCheckPath: "/health/", description: "PIV/CAC" },
            { name: "logingov", port: 8081, healthCheckPath: "/health/" },
          ],
          routes: [
            { listenerPort: 443, rule: "domain", hostNames: ["api.plane.example.gov"], process: "default" },
            { listenerPort: 8443, rule: "logingov", hostNames: ["login.plane.example.gov"], process: "logingov" },
          ],
        },
        8443,
      );
      const topic = testAlarmTopic(stack);
      environment.addAlarms(topic, { environmentHealthAtLeast: "Severe" });
      const loadBalancer = stack.node.findChild("alb") as LoadBalancer;
      loadBalancer.addAlarms(topic, { targetGroups: environment.processTargetGroups(), elb5xxPerMinute: 3, responseTimeP95Seconds: 0.8 });
      return environment;
    });
    const lookups = json.data?.aws_lb_target_group ?? {};
    expect(lookups).toEqual({
      "beanstalk_default-target-group": {
        tags: {
          "elasticbeanstalk:environment-id": "${aws_elastic_beanstalk_environment.beanstalk.id}",
          "aws:cloudformation:logical-id": "AWSEBV2LoadBalancerTargetGroup",
        },
      },
      "beanstalk_logingov-target-group": {
        tags: {
          "elasticbeanstalk:environment-id": "${aws_elastic_beanstalk_environment.beanstalk.id}",
          "aws:cloudformation:logical-id": "logingov",
        },
      },
    });
    const alarms = resources(json, "aws_cloudwatch_metric_alarm");
    expect(alarms["alarms_alb-logingov-no-healthy-hosts"]).toMatchObject({
      alarm_name: "tp-dev-alb-logingov-no-healthy-hosts",
      metric_name: "HealthyHostCount",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      dimensions: {
        LoadBalancer: "${aws_lb.alb.arn_suffix}",
        TargetGroup: "${data.aws_lb_target_group.beanstalk_logingov-target-group.arn_suffix}",
      },
      treat_missing_data: "breaching",
    });
    expect(alarms["alarms_alb-default-no-healthy-hosts"].alarm_description).toContain("process default (instance port 8080, PIV/CAC)");
    expect(alarms["alarms_alb-elb-5xx"]).toMatchObject({
      metric_name: "HTTPCode_ELB_5XX_Count",
      threshold: 3,
      treat_missing_data: "notBreaching",
    });
    expect(alarms["alarms_alb-response-time-p95"]).toMatchObject({
      metric_name: "TargetResponseTime",
      extended_statistic: "p95",
      threshold: 0.8,
    });
    expect(alarms["alarms_beanstalk-health"].threshold).toBe(25);
  });

  test("GIVEN an environment THEN the platform is the newest Amazon Linux 2023 Python 3.11 stack found by a name regex, never a hard-coded name", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(json.data?.aws_elastic_beanstalk_solution_stack["beanstalk_platform"]).toEqual({
      most_recent: true,
      name_regex: "^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.11$",
    });
    expect(resource(json, "aws_elastic_beanstalk_environment.beanstalk")).toMatchObject({
      name: "tp-dev",
      tier: "WebServer",
      application: "${aws_elastic_beanstalk_application.beanstalk_application.name}",
      solution_stack_name: "${data.aws_elastic_beanstalk_solution_stack.beanstalk_platform.name}",
    });
  });

  test("GIVEN eb deploy and managed platform updates THEN they are not fought: version label and platform are ignored by Terraform", () => {
    const { json } = synthModule((stack) => build(stack));
    const environment = resource(json, "aws_elastic_beanstalk_environment.beanstalk");
    expect(environment.lifecycle).toEqual({ ignore_changes: ["version_label", "solution_stack_name", "platform_arn"] });
    expect(environment.version_label).toBeUndefined();
  });

  test("GIVEN an environment THEN it is created after the HTTPS listener it attaches to and after every grant its instances and service role need", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_elastic_beanstalk_environment.beanstalk").depends_on).toEqual([
      "aws_lb_listener.alb_https-listener",
      "aws_iam_role_policy_attachment.beanstalk_service-role-enhanced-health",
      "aws_iam_role_policy_attachment.beanstalk_service-role-managed-updates",
      "aws_iam_role_policy.beanstalk_instance-role-beanstalk-agent",
      "aws_iam_role_policy.beanstalk_instance-role-secrets",
    ]);
  });

  test("GIVEN an environment THEN instances run in the private subnets without public addresses, 2-4 of the configured type, in our security group only", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(settings(json)).toMatchObject({
      "aws:ec2:vpc/VPCId": "${aws_vpc.network_vpc.id}",
      "aws:ec2:vpc/Subnets": '${join(",", [aws_subnet.network_private-1.id, aws_subnet.network_private-2.id])}',
      "aws:ec2:vpc/AssociatePublicIpAddress": "false",
      "aws:ec2:instances/InstanceTypes": "t3.small",
      "aws:autoscaling:asg/MinSize": "2",
      "aws:autoscaling:asg/MaxSize": "4",
      "aws:autoscaling:launchconfiguration/SecurityGroups": "${aws_security_group.app-sg.id}",
      "aws:autoscaling:launchconfiguration/DisableDefaultEC2SecurityGroup": "true",
      "aws:autoscaling:launchconfiguration/IamInstanceProfile": "${aws_iam_instance_profile.beanstalk_instance-profile.name}",
    });
  });

  test("GIVEN the launch-template options THEN IMDSv1 is disabled and the root volume is gp3", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(settings(json)).toMatchObject({
      "aws:autoscaling:launchconfiguration/DisableIMDSv1": "true",
      "aws:autoscaling:launchconfiguration/RootVolumeType": "gp3",
    });
  });

  test("GIVEN the shared ALB THEN the environment attaches to it with its security group, so Beanstalk creates no load balancer or group of its own", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(settings(json)).toMatchObject({
      "aws:elasticbeanstalk:environment/EnvironmentType": "LoadBalanced",
      "aws:elasticbeanstalk:environment/LoadBalancerType": "application",
      "aws:elasticbeanstalk:environment/LoadBalancerIsShared": "true",
      "aws:elbv2:loadbalancer/SharedLoadBalancer": "${aws_lb.alb.arn}",
      "aws:elbv2:loadbalancer/SecurityGroups": "${aws_security_group.alb-sg.id}",
    });
  });

  test("GIVEN a route on 443 THEN the HTTPS listener carries Beanstalk's default rule and a host-header rule to the process, on its own instance port", () => {
    const { json } = synthModule((stack) =>
      build(stack, {
        routes: [{ listenerPort: 443, rule: "domain", hostNames: ["api.plane.example.gov", "api2.plane.example.gov"], process: "default" }],
      }),
    );
    const options = settings(json);
    expect(options).toMatchObject({
      "aws:elbv2:listener:443/Rules": "default,domain",
      "aws:elbv2:listenerrule:domain/HostHeaders": "api.plane.example.gov,api2.plane.example.gov",
      "aws:elbv2:listenerrule:domain/Process": "default",
      "aws:elbv2:listenerrule:domain/Priority": "1",
      "aws:elasticbeanstalk:environment:process:default/Port": "8080",
      "aws:elasticbeanstalk:environment:process:default/Protocol": "HTTP",
      "aws:elasticbeanstalk:environment:process:default/HealthCheckPath": "/health/",
      "aws:elasticbeanstalk:environment:process:default/DeregistrationDelay": "30",
    });
    // Nothing is attached to the port-80 listener, which only redirects to HTTPS.
    expect(
      Object.keys(options).filter((key) => key.startsWith("aws:elbv2:listener:80") || key.startsWith("aws:elbv2:listener:default")),
    ).toEqual([]);
  });

  test("GIVEN a second HTTPS listener routed to a second process THEN each listener reaches only its own process and instance port, and the environment waits for both listeners", () => {
    const { json } = synthModule((stack) =>
      build(
        stack,
        {
          processes: [
            { name: "default", port: 8080, healthCheckPath: "/health/" },
            { name: "logingov", port: 8081, healthCheckPath: "/health/" },
          ],
          routes: [
            { listenerPort: 443, rule: "domain", hostNames: ["api.plane.example.gov"], process: "default" },
            { listenerPort: 8443, rule: "logingov", hostNames: ["login.plane.example.gov"], process: "logingov" },
          ],
        },
        8443,
      ),
    );
    const options = settings(json);
    expect(options).toMatchObject({
      "aws:elbv2:listener:443/Rules": "default,domain",
      "aws:elbv2:listener:8443/Rules": "logingov",
      "aws:elbv2:listenerrule:logingov/HostHeaders": "login.plane.example.gov",
      "aws:elbv2:listenerrule:logingov/Process": "logingov",
      "aws:elbv2:listenerrule:logingov/Priority": "1",
      "aws:elasticbeanstalk:environment:process:logingov/Port": "8081",
      "aws:elasticbeanstalk:environment:process:logingov/HealthCheckPath": "/health/",
    });
    // Beanstalk's own default rule (its CNAME, to the PIV process) stays off the listener without certificates.
    expect(options["aws:elbv2:listener:8443/Rules"]).not.toContain("default");
    expect(resource(json, "aws_elastic_beanstalk_environment.beanstalk").depends_on).toEqual(
      expect.arrayContaining(["aws_lb_listener.alb_https-listener", "aws_lb_listener.alb_no-client-certificate-listener"]),
    );
  });

  test("GIVEN routes on 443 only THEN Rules is set on exactly that listener, so Beanstalk puts no default rule on port 80", () => {
    // Beanstalk docs (command-options-general, aws:elbv2:listener Rules): with a shared ALB and no Rules on any
    // listener, Beanstalk associates its default rule with the port-80 listener, bypassing the redirect.
    const { json } = synthModule((stack) => build(stack, {}, 8443));
    const listenersWithRules = Object.keys(settings(json))
      .filter((key) => /^aws:elbv2:listener:[^/]+\/Rules$/.test(key))
      .map((key) => key.split("/")[0].replace("aws:elbv2:listener:", ""));
    expect(listenersWithRules).toEqual(["443"]);
  });

  test("GIVEN an environment THEN enhanced health, managed platform updates and rolling deployments are on", () => {
    const { json } = synthModule((stack) => build(stack, { deploymentPolicy: "Immutable" }));
    expect(settings(json)).toMatchObject({
      "aws:elasticbeanstalk:healthreporting:system/SystemType": "enhanced",
      "aws:elasticbeanstalk:managedactions/ManagedActionsEnabled": "true",
      "aws:elasticbeanstalk:managedactions/PreferredStartTime": "Sun:06:00",
      "aws:elasticbeanstalk:managedactions:platformupdate/UpdateLevel": "minor",
      "aws:elasticbeanstalk:command/DeploymentPolicy": "Immutable",
    });
  });

  test("GIVEN an environment THEN instance and health logs stream to CloudWatch for 90 days and outlive the environment", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(settings(json)).toMatchObject({
      "aws:elasticbeanstalk:cloudwatch:logs/StreamLogs": "true",
      "aws:elasticbeanstalk:cloudwatch:logs/RetentionInDays": "90",
      "aws:elasticbeanstalk:cloudwatch:logs/DeleteOnTerminate": "false",
      "aws:elasticbeanstalk:cloudwatch:logs:health/HealthStreamingEnabled": "true",
      "aws:elasticbeanstalk:cloudwatch:logs:health/RetentionInDays": "90",
    });
  });

  test("GIVEN environment properties THEN they are passed as given (secret ARNs, never values)", () => {
    const { json } = synthModule((stack) =>
      build(stack, { environmentVariables: { DJANGO_SECRET_KEY_SECRET_ARN: SECRET, DB_PORT: "5432" } }),
    );
    expect(settings(json)).toMatchObject({
      "aws:elasticbeanstalk:application:environment/DJANGO_SECRET_KEY_SECRET_ARN": SECRET,
      "aws:elasticbeanstalk:application:environment/DB_PORT": "5432",
    });
  });

  test("GIVEN grants into instancePolicy THEN the instance role holds exactly those, and the environment waits for them", () => {
    const { json } = synthModule((stack) => {
      const environment = build(stack);
      environment.instancePolicy.addToPrincipalPolicy({
        Sid: "Extra",
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: "arn:redis",
      });
      return environment;
    });
    const inline = resource(json, "aws_iam_role_policy.beanstalk_instance-role-secrets");
    expect(inline).toMatchObject({ name: "read-application-secrets", role: "${aws_iam_role.beanstalk_instance-role.id}" });
    expect(policy(inline.policy).Statement).toEqual([
      READ_SECRET,
      { Sid: "Extra", Effect: "Allow", Action: "elasticache:Connect", Resource: "arn:redis" },
    ]);
    expect(resource(json, "aws_elastic_beanstalk_environment.beanstalk").depends_on).toContain(
      "aws_iam_role_policy.beanstalk_instance-role-secrets",
    );
    expect(policy(resource(json, "aws_iam_role.beanstalk_instance-role").assume_role_policy).Statement[0].Principal).toEqual({
      Service: "ec2.amazonaws.com",
    });
  });

  test("GIVEN the service role THEN it is assumable by Beanstalk only, for this account, and carries enhanced health and managed updates", () => {
    const { json } = synthModule((stack) => build(stack));
    const trust = policy(resource(json, "aws_iam_role.beanstalk_service-role").assume_role_policy).Statement[0];
    expect(trust).toEqual({
      Effect: "Allow",
      Principal: { Service: "elasticbeanstalk.amazonaws.com" },
      Action: "sts:AssumeRole",
      // Beanstalk documents the external id, not the source keys: those bind only when sent (IfExists).
      Condition: {
        StringEquals: { "sts:ExternalId": "elasticbeanstalk" },
        StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
      },
    });
    const attached = Object.values(resources(json, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(attached).toEqual([
      expect.stringMatching(/:iam::aws:policy\/service-role\/AWSElasticBeanstalkEnhancedHealth$/),
      expect.stringMatching(/:iam::aws:policy\/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy$/),
    ]);
    expect(settings(json)["aws:elasticbeanstalk:environment/ServiceRole"]).toBe("${aws_iam_role.beanstalk_service-role.name}");
  });

  test("GIVEN the instance role THEN the Beanstalk agent reads its own application's bundles and writes its own environment's logs and health, never another environment's", () => {
    const { json } = synthModule((stack) => build(stack));
    const agent = resource(json, "aws_iam_role_policy.beanstalk_instance-role-beanstalk-agent");
    expect(agent.role).toBe("${aws_iam_role.beanstalk_instance-role.id}");
    expect(policy(agent.policy).Statement).toEqual([
      {
        Sid: "ReadOwnApplicationVersions",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `arn:${PARTITION}:s3:::elasticbeanstalk-us-east-1-${ACCOUNT}/tp-dev/*`,
      },
      {
        Sid: "StreamOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `arn:${PARTITION}:logs:us-east-1:${ACCOUNT}:log-group:/aws/elasticbeanstalk/tp-dev/*`,
      },
      {
        Sid: "ReportOwnHealth",
        Effect: "Allow",
        Action: "elasticbeanstalk:PutInstanceStatistics",
        Resource: [
          `arn:${PARTITION}:elasticbeanstalk:us-east-1:${ACCOUNT}:application/tp-dev`,
          `arn:${PARTITION}:elasticbeanstalk:us-east-1:${ACCOUNT}:environment/tp-dev/tp-dev`,
        ],
      },
    ]);
    // The managed policy that writes every elasticbeanstalk-* bucket is gone.
    expect(JSON.stringify(json)).not.toContain("AWSElasticBeanstalkWebTier");
  });

  test("GIVEN a hosted zone THEN the DNS names get A alias records to the ALB; without one, none", () => {
    const withZone = synthModule((stack) => build(stack, { hostedZoneId: "Z123" })).json;
    expect(Object.values(resources(withZone, "aws_route53_record"))).toEqual([
      expect.objectContaining({
        type: "A",
        name: "api.plane.example.gov",
        zone_id: "Z123",
        alias: expect.objectContaining({ name: "${aws_lb.alb.dns_name}" }),
      }),
    ]);
    expect(resources(synthModule((stack) => build(stack)).json, "aws_route53_record")).toEqual({});
  });

  test("GIVEN an SSH key THEN instances get it; by default they have none", () => {
    expect(
      settings(synthModule((stack) => build(stack, { sshKeyName: "ops" })).json)["aws:autoscaling:launchconfiguration/EC2KeyName"],
    ).toBe("ops");
    expect(settings(synthModule((stack) => build(stack)).json)).not.toHaveProperty(["aws:autoscaling:launchconfiguration/EC2KeyName"]);
  });

  test.each([
    [{ environmentName: "tp" }, /environmentName = "tp": must be 4-40 letters, digits and hyphens, not starting or ending with a hyphen/],
    [{ minInstances: 5, maxInstances: 4 }, /maxInstances = 4: must be >= minInstances \(5\)/],
    [{ minInstances: 0 }, /minInstances = 0: must be a whole number from 1 to 10000/],
    [
      { routes: [{ listenerPort: 443, rule: "domain", hostNames: [], process: "default" }] },
      /routes\.hostNames = \[\]: must list 1-4 host names: a listener rule takes at most 4 besides the one Beanstalk reserves for its CNAME/,
    ],
    [
      {
        routes: [
          { listenerPort: 443, rule: "domain", hostNames: ["a.x.gov", "b.x.gov", "c.x.gov", "d.x.gov", "e.x.gov"], process: "default" },
        ],
      },
      /routes\.hostNames = \["a\.x\.gov","b\.x\.gov","c\.x\.gov","d\.x\.gov","e\.x\.gov"\]: must list 1-4 host names/,
    ],
    [
      { routes: [{ listenerPort: 443, rule: "domain", hostNames: ["a.x.gov"], process: "logingov" }] },
      /routes\.process = "logingov": must be one of the processes \(default\)/,
    ],
    [
      { routes: [{ listenerPort: 8443, rule: "login", hostNames: ["a.x.gov"], process: "default" }] },
      /routes\.listenerPort = 8443: must be an HTTPS listener of the load balancer \(443\)/,
    ],
    [
      { routes: [{ listenerPort: 443, rule: "default", hostNames: ["a.x.gov"], process: "default" }] },
      /routes\.rule = "default": must be letters and digits, not "default"/,
    ],
    [{ processes: [{ name: "default", port: 70000, healthCheckPath: "/health/" }] }, /processes\.port = 70000: must be 1-65535/],
    [
      { processes: [{ name: "logingov", port: 8081, healthCheckPath: "/health/" }] },
      /processes = \["logingov"\]: must start with Beanstalk's "default" process/,
    ],
    [
      {
        processes: [
          { name: "default", port: 8080, healthCheckPath: "/health/" },
          { name: "logingov", port: 8080, healthCheckPath: "/health/" },
        ],
      },
      /processes = .*: must listen on distinct instance ports/,
    ],
    [
      { managedUpdates: { preferredStartTime: "Sunday", updateLevel: "minor" as const } },
      /managedUpdates\.preferredStartTime = "Sunday": must be "Day:HH:MM" in UTC, like "Sun:06:00"/,
    ],
    [{ environmentVariables: { "BAD-NAME": "x" } }, /environmentVariables = "BAD-NAME": names must be letters, digits and underscores/],
  ])("GIVEN %j THEN it is refused naming the construct", (overrides, message) => {
    expect(() => build(moduleTestStack(), overrides)).toThrow(new RegExp(`BeanstalkEnvironment "test/beanstalk": ${message.source}`));
  });
});
