import { block } from "../config-values";
import { defineRule } from "../types";

export const ec2Imdsv2 = defineRule({
  id: "ec2-imdsv2",
  level: "warning",
  summary: "Instances and launch templates require IMDSv2 session tokens (or disable the metadata endpoint).",
  explanation:
    "IMDSv1 answers any plain GET to 169.254.169.254, so one server-side request forgery in the application hands out the instance role's credentials; IMDSv2's session token blocks that path.",
  fix: 'Set metadata_options { http_tokens = "required" } (http_put_response_hop_limit 1 or 2 for containers).',
  scanners: { checkov: ["CKV_AWS_79"], trivy: ["AVD-AWS-0028", "AVD-AWS-0130"], cdkNag: ["NIST.800.53.R5-EC2IMDSv2Enabled"] },
  resourceTypes: ["aws_instance", "aws_launch_template"],
  check: (resource) => {
    const options = block(resource.config, "metadata_options");
    if (options?.http_endpoint === "disabled" || options?.http_tokens === "required") return undefined;
    return `metadata_options.http_tokens is ${JSON.stringify(options?.http_tokens ?? "unset (optional)")}, so IMDSv1 is allowed`;
  },
});
