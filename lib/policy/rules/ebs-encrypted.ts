import { block, blocks, isTrue } from "../config-values";
import { defineRule, StackView } from "../types";

/** `aws_ebs_encryption_by_default` with enabled (the default) encrypts every new volume in the region. */
function accountEncryptsByDefault(stack: StackView): boolean {
  return stack.resources("aws_ebs_encryption_by_default").some((resource) => resource.config.enabled !== false);
}

export const ebsEncrypted = defineRule({
  id: "ebs-encrypted",
  level: "warning",
  dataProtection: true,
  summary: "EBS volumes (instance root and data volumes, launch template mappings, standalone volumes) are encrypted.",
  explanation:
    "Unencrypted volumes and their snapshots can be copied and read by anyone who obtains snapshot access; encryption ties every read to KMS permissions and audit.",
  fix: 'aws_instance: root_block_device { encrypted = true } and encrypted on every ebs_block_device; aws_launch_template: block_device_mappings { ebs { encrypted = "true" } }; aws_ebs_volume: encrypted = true. Or enable aws_ebs_encryption_by_default in the stack.',
  scanners: {
    checkov: ["CKV_AWS_3", "CKV_AWS_8"],
    trivy: ["AVD-AWS-0026", "AVD-AWS-0131", "AVD-AWS-0008"],
    cdkNag: ["AwsSolutions-EC26", "NIST.800.53.R5-EC2EBSVolumeEncrypted"],
  },
  resourceTypes: ["aws_instance", "aws_launch_template", "aws_ebs_volume"],
  check: ({ type, config }, stack) => {
    if (accountEncryptsByDefault(stack)) return undefined;
    if (type === "aws_ebs_volume") return isTrue(config.encrypted) ? undefined : "the volume is not encrypted";
    if (type === "aws_instance") {
      const problems = isTrue(block(config, "root_block_device")?.encrypted) ? [] : ["root_block_device.encrypted is not true"];
      blocks(config, "ebs_block_device").forEach((device) => {
        if (!isTrue(device.encrypted)) problems.push(`ebs_block_device ${String(device.device_name)} is not encrypted`);
      });
      return problems;
    }
    const mappings = blocks(config, "block_device_mappings");
    if (mappings.length === 0) return "no block_device_mappings: the root volume is whatever the AMI says (unencrypted unless the AMI is)";
    return mappings
      .filter((mapping) => !isTrue(block(mapping, "ebs")?.encrypted) && !mapping.virtual_name)
      .map((mapping) => `block_device_mappings ${String(mapping.device_name)} is not encrypted`);
  },
});
