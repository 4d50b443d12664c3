import { block, isSet } from "../config-values";
import { defineRule } from "../types";

export const ec2InstanceProfile = defineRule({
  id: "ec2-instance-profile",
  level: "warning",
  summary: "Instances and launch templates run with an IAM instance profile.",
  explanation:
    "An instance without a role gets its AWS access from keys copied onto it, which never rotate and work from anywhere once leaked; a role hands out short-lived credentials scoped to the instance (and gives Session Manager and the CloudWatch agent their access).",
  fix: "Use modules/app-instance-role.ts and pass its instanceProfile (aws_instance: iam_instance_profile = the profile's name; aws_launch_template: iam_instance_profile { arn or name }).",
  scanners: { checkov: ["CKV2_AWS_41"], cdkNag: ["NIST.800.53.R5-EC2InstanceProfileAttached"] },
  resourceTypes: ["aws_instance", "aws_launch_template"],
  check: ({ type, config }) => {
    const profile = block(config, "iam_instance_profile");
    const attached = type === "aws_instance" ? isSet(config.iam_instance_profile) : isSet(profile?.arn) || isSet(profile?.name);
    return attached ? undefined : "no IAM instance profile is attached";
  },
});
