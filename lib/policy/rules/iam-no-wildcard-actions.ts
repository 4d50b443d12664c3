import { IDENTITY_POLICY_TYPES, identityPolicies, readPolicy } from "../policy-documents";
import { defineRule } from "../types";

/** AWS managed policies that grant (nearly) everything. */
const ADMIN_POLICIES = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];

/** `*` or `service:*`. */
const isWildcardAction = (action: string) => action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action);

export const iamNoWildcardActions = defineRule({
  id: "iam-no-wildcard-actions",
  level: "warning",
  summary: "Identity policies allow named actions: no `*`, no `service:*`, no Allow with NotAction, no administrator managed policies.",
  explanation:
    "A wildcard grants every action the service has or will ever add, including the destructive and privilege-escalating ones; least privilege means listing what the workload calls.",
  fix: "List the actions the code uses (e.g. s3:GetObject, s3:PutObject); replace AdministratorAccess-style attachments with a policy scoped to the workload.",
  scanners: {
    checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274"],
    trivy: ["AVD-AWS-0057"],
    cdkNag: [
      "AwsSolutions-IAM5",
      "NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess",
      "NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess",
    ],
  },
  resourceTypes: [...IDENTITY_POLICY_TYPES, ...ATTACHMENT_TYPES],
  check: ({ type, config }, stack) => {
    if (ATTACHMENT_TYPES.includes(type)) {
      return ADMIN_POLICIES.test(String(config.policy_arn)) ? `attaches ${String(config.policy_arn)}` : undefined;
    }
    return identityPolicies(type, config).flatMap(({ where, policy }) => {
      const reading = readPolicy(policy, stack);
      if ("unreadable" in reading) return [`${where}: ${reading.unreadable}`];
      return reading.statements
        .filter((statement) => statement.effect === "Allow")
        .flatMap((statement) => {
          const label = `${where} statement ${statement.sid ?? "(no Sid)"}`;
          const wildcards = statement.actions.filter(isWildcardAction);
          return [
            ...(wildcards.length > 0 ? [`${label} allows ${wildcards.join(", ")}`] : []),
            ...(statement.notActions.length > 0 ? [`${label} allows everything except NotAction ${statement.notActions.join(", ")}`] : []),
          ];
        });
    });
  },
});
