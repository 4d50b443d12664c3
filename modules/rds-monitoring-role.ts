import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { PropChecks, propChecks } from "../lib/construct-validation";
import { IAM_ROLE_NAME, MAX_IAM_ROLE_NAME } from "../lib/aws-formats";
import { serviceTrustPolicy } from "../lib/iam";
import { accountOf, DEFAULT_CHILD_ID } from "../lib/platform-stack";

/** Seconds between Enhanced Monitoring samples that RDS accepts; 0 turns Enhanced Monitoring off. */
export const ENHANCED_MONITORING_INTERVALS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

/** IAM's limit on role names. */
const ROLE_SUFFIX = "-monitoring";

/** Name of the monitoring role of the database `identifier`. */
export function monitoringRoleName(identifier: string): string {
  return `${identifier}${ROLE_SUFFIX}`;
}

/**
 * Checks a database's Enhanced Monitoring settings, in the database's name: an interval RDS refuses,
 * or an identifier too long to name the monitoring role after.
 */
export function checkEnhancedMonitoring(check: PropChecks, identifierProp: string, identifier: string, intervalSeconds: number): void {
  check.expect(
    ENHANCED_MONITORING_INTERVALS.includes(intervalSeconds),
    "monitoringIntervalSeconds",
    intervalSeconds,
    `must be one of ${ENHANCED_MONITORING_INTERVALS.join(", ")} (0 turns Enhanced Monitoring off)`,
  );
  const longest = MAX_IAM_ROLE_NAME - ROLE_SUFFIX.length;
  check.expect(
    intervalSeconds === 0 || identifier.length <= longest,
    identifierProp,
    identifier,
    `must be at most ${longest} characters with Enhanced Monitoring on (the role "${monitoringRoleName(identifier)}" would exceed IAM's ${MAX_IAM_ROLE_NAME})`,
  );
}

export interface RdsMonitoringRoleProps {
  /** IAM role name (account-wide), e.g. `coherent-prod-postgres-monitoring`. */
  readonly roleName: string;
}

/**
 * The role RDS assumes to publish Enhanced Monitoring OS metrics (processes, memory, swap, disk queue)
 * to CloudWatch Logs: trusted by monitoring.rds.amazonaws.com only, with the AWS managed policy
 * AmazonRDSEnhancedMonitoringRole.
 */
export class RdsMonitoringRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** RDS checks the role's permissions when the instance is created: make the instance depend on this. */
  readonly policyAttachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: RdsMonitoringRoleProps) {
    super(scope, id);
    propChecks(this).format("roleName", props.roleName, IAM_ROLE_NAME);
    const { accountId, partition, region } = accountOf(this);
    this.role = new IamRole(this, DEFAULT_CHILD_ID, {
      name: props.roleName,
      description: "RDS Enhanced Monitoring: publishes OS metrics to CloudWatch Logs",
      // RDS documents both source keys ("Protecting against the confused deputy problem",
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html).
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", {
        account: accountId,
        arn: `arn:${partition}:rds:${region}:${accountId}:db:*`,
        documented: true,
      }),
    });
    this.arn = this.role.arn;
    this.policyAttachment = new IamRolePolicyAttachment(this, "policy", {
      role: this.role.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
  }
}
