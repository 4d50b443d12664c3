import { isPublicPrincipal, POLICY_ARGUMENT, resourcePolicyOf } from "../policy-documents";
import { defineRule } from "../types";

export const resourcePolicyNoPublicPrincipal = defineRule({
  id: "resource-policy-no-public-principal",
  level: "warning",
  summary: "Resource and trust policies never allow `*` (everyone) without a condition that narrows it.",
  explanation:
    "An Allow for Principal `*` opens the bucket, key, topic, queue, secret or role to every AWS account and, for S3, anonymous users; a condition such as aws:SourceArn or aws:PrincipalOrgID is what keeps it private.",
  fix: "Name the principal (service or account) or add a Condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID) to the statement.",
  scanners: {
    checkov: ["CKV_AWS_70", "CKV_AWS_33", "CKV_AWS_168"],
    cdkNag: ["NIST.800.53.R5-S3BucketPublicReadProhibited", "NIST.800.53.R5-S3BucketPublicWriteProhibited"],
  },
  resourceTypes: Object.keys(POLICY_ARGUMENT),
  check: (resource, stack) => {
    const { argument, reading } = resourcePolicyOf(resource, stack);
    if ("unreadable" in reading) return `${argument}: ${reading.unreadable}`;
    return reading.statements
      .filter((statement) => statement.effect === "Allow" && isPublicPrincipal(statement.principal) && !statement.hasCondition)
      .map((statement) => `${argument} statement ${statement.sid ?? "(no Sid)"} allows everyone (Principal *) without a condition`);
  },
});
