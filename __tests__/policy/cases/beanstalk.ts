import { RuleCase } from "./case";

type Setting = readonly [namespace: string, name: string, value: string];
const environment = (...settings: Setting[]) => ({
  "aws_elastic_beanstalk_environment.api": {
    name: "api",
    application: "api",
    solution_stack_name: "64bit Amazon Linux 2023 v4.3.0 running Python 3.11",
    setting: settings.map(([namespace, name, value]) => ({ namespace, name, value })),
  },
});
const IMDS: Setting = ["aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"];
const MANAGED: Setting[] = [
  ["aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"],
  ["aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:03:00"],
  ["aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"],
];

export const beanstalkCases: RuleCase[] = [
  {
    rule: "beanstalk-imdsv1-disabled",
    name: "IMDSv1 disabled vs left on",
    compliant: environment(IMDS),
    nonCompliant: environment(["aws:autoscaling:launchconfiguration", "DisableIMDSv1", "false"]),
    flags: "aws_elastic_beanstalk_environment.api",
  },
  {
    rule: "beanstalk-managed-updates",
    name: "managed updates with a window and level vs enabled without them",
    compliant: environment(...MANAGED),
    nonCompliant: environment(MANAGED[0]),
    flags: "aws_elastic_beanstalk_environment.api",
    message: /PreferredStartTime/,
  },
  {
    rule: "beanstalk-enhanced-health",
    name: "enhanced vs basic health",
    compliant: environment(["aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"]),
    nonCompliant: environment(["aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic"]),
    flags: "aws_elastic_beanstalk_environment.api",
  },
  {
    rule: "beanstalk-logs",
    name: "logs streamed to CloudWatch vs kept on instances",
    compliant: environment(["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"]),
    nonCompliant: environment(["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "false"]),
    flags: "aws_elastic_beanstalk_environment.api",
  },
  {
    rule: "beanstalk-private-vpc",
    name: "named VPC and private subnets vs the default VPC",
    compliant: environment(
      ["aws:ec2:vpc", "VPCId", "${aws_vpc.main.id}"],
      ["aws:ec2:vpc", "Subnets", "${aws_subnet.a.id},${aws_subnet.b.id}"],
    ),
    nonCompliant: environment(IMDS),
    flags: "aws_elastic_beanstalk_environment.api",
    message: /default VPC/,
  },
  {
    rule: "beanstalk-private-vpc",
    name: "instances with public addresses",
    nonCompliant: environment(
      ["aws:ec2:vpc", "VPCId", "vpc-1"],
      ["aws:ec2:vpc", "Subnets", "subnet-1"],
      ["aws:ec2:vpc", "AssociatePublicIpAddress", "true"],
    ),
    flags: "aws_elastic_beanstalk_environment.api",
    message: /AssociatePublicIpAddress/,
  },
];
