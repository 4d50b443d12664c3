import { beanstalkSetting } from "../config-values";
import { defineRule } from "../types";

export const beanstalkPrivateVpc = defineRule({
  id: "beanstalk-private-vpc",
  level: "warning",
  summary: "Elastic Beanstalk environments run in a named VPC and subnets, without public instance addresses.",
  explanation:
    "Without aws:ec2:vpc settings Beanstalk uses the default VPC, whose subnets give every instance a public address; instances belong in private subnets behind the load balancer.",
  fix: "Set aws:ec2:vpc VPCId and Subnets (private subnets), ELBSubnets (public), and leave AssociatePublicIpAddress false.",
  scanners: { cdkNag: ["AwsSolutions-EB1"] },
  resourceTypes: ["aws_elastic_beanstalk_environment"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (!beanstalkSetting(config, "aws:ec2:vpc", "VPCId")) problems.push("aws:ec2:vpc VPCId is not set (default VPC)");
    if (!beanstalkSetting(config, "aws:ec2:vpc", "Subnets")) problems.push("aws:ec2:vpc Subnets is not set");
    if (beanstalkSetting(config, "aws:ec2:vpc", "AssociatePublicIpAddress")?.toLowerCase() === "true") {
      problems.push("aws:ec2:vpc AssociatePublicIpAddress is true");
    }
    return problems;
  },
});
