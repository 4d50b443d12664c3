import { SERVICES_WITHOUT_SOURCE_CONTEXT } from "../../iam";
import { Condition, POLICY_ARGUMENT, resourcePolicyOf, Statement } from "../policy-documents";
import { defineRule, StackView } from "../types";

/** Keys that name the account a service acts for. Operators may be `...IfExists` (see lib/iam.ts TrustSource). */
const ACCOUNT_KEYS = ["aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"];
/** Keys holding the calling resource's ARN: `aws:SourceArn`, or a service's own encryption context (CloudWatch Logs, CloudTrail). */
const isArnKey = (key: string) => key === "aws:sourcearn" || /^kms:encryptioncontext:aws:[a-z0-9-]+:arn$/.test(key);

/**
 * Whether an ARN condition value names an account. An S3 bucket ARN (`arn:aws:s3:::name`) does not, so
 * IAM's confused-deputy guidance asks for `aws:SourceAccount` beside it; a reference is read through the
 * resource it points at.
 */
function namesAccount(value: string, stack: StackView): boolean {
  if (/^\$\{[^}]*\}$/.test(value)) return stack.resolve(value)?.type !== "aws_s3_bucket";
  const account = value.split(":")[4];
  return account !== undefined && account !== "";
}

function hasSourceCondition(conditions: readonly Condition[], stack: StackView): boolean {
  return conditions.some(({ key, values }) => {
    const lower = key.toLowerCase();
    return ACCOUNT_KEYS.includes(lower) || (isArnKey(lower) && values.length > 0 && values.every((value) => namesAccount(value, stack)));
  });
}

const services = (statement: Statement): readonly string[] =>
  statement.principal === undefined || statement.principal === "*" ? [] : (statement.principal.Service ?? []);

export const servicePrincipalSourceCondition = defineRule({
  id: "service-principal-source-condition",
  level: "warning",
  summary:
    "Trust and resource policies that allow an AWS service name the account it acts for: `aws:SourceAccount`, or an `aws:SourceArn` that names the account.",
  explanation:
    "A service principal is shared by every AWS customer. Without a source condition, another account can have the same service act on this role, key, bucket or topic (the cross-service confused deputy, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). An ARN without an account (an S3 bucket's) needs `aws:SourceAccount` beside it.",
  fix: "Pass a TrustSource to serviceTrustPolicy (lib/iam.ts), or add `aws:SourceAccount` / `aws:SourceArn` to the statement; where the service does not document the keys, use the `...IfExists` operators.",
  scanners: { prowler: ["iam_role_cross_service_confused_deputy_prevention"] },
  resourceTypes: Object.keys(POLICY_ARGUMENT),
  check: (resource, stack) => {
    const { argument, reading } = resourcePolicyOf(resource, stack);
    if ("unreadable" in reading) return `${argument}: ${reading.unreadable}`;
    return reading.statements
      .filter((statement) => statement.effect === "Allow" && services(statement).length > 0)
      .filter((statement) => {
        // EC2 assumes instance roles with no calling resource to name; it is exempt in trust policies only.
        const exempt =
          resource.type === "aws_iam_role" && services(statement).every((service) => SERVICES_WITHOUT_SOURCE_CONTEXT.includes(service));
        return !exempt && !hasSourceCondition(statement.conditions, stack);
      })
      .map(
        (statement) =>
          `${argument} statement ${statement.sid ?? "(no Sid)"} allows ${services(statement).join(", ")} without a source condition`,
      );
  },
});
