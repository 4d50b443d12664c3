import { isLiterallyTrue } from "../config-values";
import { defineRule } from "../types";

export const subnetNoPublicIp = defineRule({
  id: "subnet-no-public-ip",
  level: "warning",
  summary: "Subnets do not give instances public IP addresses automatically.",
  explanation:
    "With map_public_ip_on_launch every instance started in the subnet is reachable from the internet, whether or not it was meant to be; public addresses should be a deliberate Elastic IP.",
  fix: "Set map_public_ip_on_launch = false (modules/network.ts does for every subnet); attach an Elastic IP to the instances that must be public.",
  scanners: { checkov: ["CKV_AWS_130"], trivy: ["AVD-AWS-0164"], cdkNag: ["NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled"] },
  resourceTypes: ["aws_subnet"],
  check: (subnet) => (isLiterallyTrue(subnet.config.map_public_ip_on_launch) ? "map_public_ip_on_launch is true" : undefined),
});
