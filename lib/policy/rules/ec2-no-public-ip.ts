import { blocks, isLiterallyTrue } from "../config-values";
import { defineRule } from "../types";

export const ec2NoPublicIp = defineRule({
  id: "ec2-no-public-ip",
  level: "warning",
  summary: "Instances and launch templates do not request a public IP address.",
  explanation:
    "An instance with a public address is one security-group mistake away from the internet; application servers belong in private subnets behind the load balancer.",
  fix: "Leave associate_public_ip_address unset or false and launch into a private subnet; for an instance that must be public, attach an Elastic IP and suppress with the reason.",
  scanners: { checkov: ["CKV_AWS_88"], trivy: ["AVD-AWS-0009"], cdkNag: ["NIST.800.53.R5-EC2InstanceNoPublicIp"] },
  resourceTypes: ["aws_instance", "aws_launch_template"],
  check: ({ type, config }) => {
    const requested =
      type === "aws_instance"
        ? isLiterallyTrue(config.associate_public_ip_address)
        : blocks(config, "network_interfaces").some((networkInterface) => isLiterallyTrue(networkInterface.associate_public_ip_address));
    return requested ? "associate_public_ip_address is true" : undefined;
  },
});
