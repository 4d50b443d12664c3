import { isSet } from "../config-values";
import { defineRule } from "../types";

export const ebsVolumeKms = defineRule({
  id: "ebs-volume-kms",
  level: "warning",
  dataProtection: true,
  summary: "Standalone EBS volumes are encrypted with a customer-managed KMS key.",
  explanation:
    "Volumes that hold data outlive instances; a customer-managed key lets the key policy decide who may attach, snapshot and share them, and disabling the key makes every copy unreadable.",
  fix: "Set kms_key_id to a KmsKey (modules/kms-key.ts) ARN.",
  scanners: { checkov: ["CKV_AWS_189"], trivy: ["AVD-AWS-0027"] },
  resourceTypes: ["aws_ebs_volume"],
  check: (volume) => (isSet(volume.config.kms_key_id) ? undefined : "kms_key_id is not set (AWS-managed aws/ebs key)"),
});
