import { RuleCase } from "./case";

const instance = (extra: Record<string, unknown>) => ({
  "aws_instance.app": { ami: "ami-0123456789abcdef0", instance_type: "t3.medium", ...extra },
});
const template = (extra: Record<string, unknown>) => ({
  "aws_launch_template.app": { name: "app", image_id: "ami-0123456789abcdef0", ...extra },
});

export const computeCases: RuleCase[] = [
  {
    rule: "ec2-imdsv2",
    name: "an instance requiring tokens vs optional tokens",
    compliant: instance({ metadata_options: { http_tokens: "required", http_endpoint: "enabled" } }),
    nonCompliant: instance({ metadata_options: { http_tokens: "optional" } }),
    flags: "aws_instance.app",
  },
  {
    rule: "ec2-imdsv2",
    name: "a launch template with the endpoint disabled vs without metadata options",
    compliant: template({ metadata_options: { http_endpoint: "disabled" } }),
    nonCompliant: template({}),
    flags: "aws_launch_template.app",
  },
  {
    rule: "ebs-encrypted",
    name: "an encrypted vs an unencrypted root volume",
    compliant: instance({ root_block_device: { encrypted: true, volume_type: "gp3" } }),
    nonCompliant: instance({ root_block_device: { volume_type: "gp3" } }),
    flags: "aws_instance.app",
    message: /root_block_device/,
  },
  {
    rule: "ebs-encrypted",
    name: "launch template mappings and standalone volumes",
    compliant: {
      ...template({ block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_size: 30 } }] }),
      "aws_ebs_volume.data": { availability_zone: "us-east-1a", size: 10, encrypted: true },
    },
    nonCompliant: { "aws_ebs_volume.data": { availability_zone: "us-east-1a", size: 10 } },
    flags: "aws_ebs_volume.data",
  },
  {
    rule: "ebs-encrypted",
    name: "encryption by default in the stack covers every volume",
    compliant: { ...instance({}), "aws_ebs_encryption_by_default.account": { enabled: true } },
    nonCompliant: template({}),
    flags: "aws_launch_template.app",
    message: /AMI/,
  },
  {
    rule: "ebs-volume-kms",
    name: "a volume with and without a customer-managed key",
    compliant: {
      "aws_ebs_volume.data": { availability_zone: "us-east-1a", size: 10, encrypted: true, kms_key_id: "${aws_kms_key.data.arn}" },
      "aws_kms_key.data": { enable_key_rotation: true },
    },
    nonCompliant: { "aws_ebs_volume.data": { availability_zone: "us-east-1a", size: 10, encrypted: true } },
    flags: "aws_ebs_volume.data",
  },
  {
    rule: "ec2-detailed-monitoring",
    name: "instance monitoring on vs off",
    compliant: instance({ monitoring: true }),
    nonCompliant: instance({ monitoring: false }),
    flags: "aws_instance.app",
  },
  {
    rule: "ec2-detailed-monitoring",
    name: "launch template monitoring block",
    compliant: template({ monitoring: { enabled: true } }),
    nonCompliant: template({}),
    flags: "aws_launch_template.app",
  },
  {
    rule: "ec2-no-public-ip",
    name: "an instance with and without a public address",
    compliant: instance({ associate_public_ip_address: false }),
    nonCompliant: instance({ associate_public_ip_address: true }),
    flags: "aws_instance.app",
  },
  {
    rule: "ec2-no-public-ip",
    name: "a launch template network interface asking for a public address",
    nonCompliant: template({ network_interfaces: [{ associate_public_ip_address: "true", device_index: 0 }] }),
    flags: "aws_launch_template.app",
  },
  {
    rule: "ec2-instance-profile",
    name: "an instance with and without an instance profile",
    compliant: instance({ iam_instance_profile: "${aws_iam_instance_profile.app.name}" }),
    nonCompliant: instance({}),
    flags: "aws_instance.app",
  },
  {
    rule: "ec2-instance-profile",
    name: "a launch template naming the profile by ARN vs an empty iam_instance_profile block",
    compliant: template({ iam_instance_profile: { arn: "${aws_iam_instance_profile.app.arn}" } }),
    nonCompliant: template({ iam_instance_profile: {} }),
    flags: "aws_launch_template.app",
  },
];
