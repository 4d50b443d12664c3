import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { propChecks } from "../lib/construct-validation";
import { IAM_ROLE_NAME } from "../lib/aws-formats";
import { serviceTrustPolicy } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { RolePolicy } from "./role-policy";

/** AWS managed policies every app instance needs: Session Manager access and the CloudWatch agent. */
export const APP_INSTANCE_MANAGED_POLICIES = ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"] as const;

export interface AppInstanceRoleProps {
  /** IAM role name (account-wide, so include the environment). */
  readonly roleName: string;
  /** Instance profile name (account-wide). */
  readonly instanceProfileName: string;
  readonly account: AccountContext;
}

/**
 * The role EC2 application instances run as: trusted by EC2 only, with Session Manager and the
 * CloudWatch agent. Everything else arrives through inline policies that resources grant into
 * (`artifacts.grantReadWrite(role.addInlinePolicy(...))`).
 */
export class AppInstanceRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: AppInstanceRoleProps) {
    super(scope, id);
    const check = propChecks(this);
    check.format("roleName", props.roleName, IAM_ROLE_NAME);
    check.format("instanceProfileName", props.instanceProfileName, IAM_ROLE_NAME);
    this.role = new IamRole(this, DEFAULT_CHILD_ID, {
      name: props.roleName,
      description: "Application instances: one artifacts bucket, named secrets, SSM and CloudWatch agent",
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    this.roleArn = this.role.arn;
    this.instanceProfile = new IamInstanceProfile(this, "instance-profile", { name: props.instanceProfileName, role: this.role.name });
    for (const policy of APP_INSTANCE_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, policy, {
        role: this.role.name,
        policyArn: `arn:${props.account.partition}:iam::aws:policy/${policy}`,
      });
    }
  }

  /** A new inline policy of the role (`name` as IAM shows it) for resources to grant into. */
  addInlinePolicy(id: string, name: string): RolePolicy {
    return new RolePolicy(this, id, { role: this.role, name });
  }
}
