import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { propChecks } from "../lib/construct-validation";
import { IAM_ROLE_NAME } from "../lib/aws-formats";
import { policyDocument, serviceTrustPolicy } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { SecureBucket } from "./secure-bucket";

/** AWS managed policies every app instance needs: Session Manager access and the CloudWatch agent. */
export const APP_INSTANCE_MANAGED_POLICIES = ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"] as const;

export interface AppInstanceRoleProps {
  /** IAM role name (account-wide, so include the environment). */
  readonly roleName: string;
  /** Instance profile name (account-wide). */
  readonly instanceProfileName: string;
  readonly account: AccountContext;
  /** The one bucket the instances may read, write, delete in and list. */
  readonly bucket: SecureBucket;
  /** Name of the inline bucket policy. @default "bucket-access" */
  readonly bucketPolicyName?: string;
  /** Secrets the instances may read (the database's managed secret, application secrets). @default - none */
  readonly readableSecretArns?: readonly string[];
  /** Customer-managed key of those secrets; decrypt is granted through Secrets Manager only. @default - AWS managed keys */
  readonly secretsKmsKey?: KmsKey;
}

/**
 * The role EC2 application instances run as: trusted by EC2 only, object access limited to one
 * bucket, read access to named secrets, plus Session Manager and the CloudWatch agent.
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

    new IamRolePolicy(this, "bucket-policy", {
      name: props.bucketPolicyName ?? "bucket-access",
      role: this.role.id,
      policy: policyDocument(
        {
          Sid: "ObjectAccess",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
          Resource: `${props.bucket.arn}/*`,
        },
        { Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: props.bucket.arn },
        // An SSE-KMS bucket needs its key for every read and write, and only through S3.
        ...(props.bucket.kmsKeyArn
          ? [
              {
                Sid: "BucketKeyViaS3",
                Effect: "Allow" as const,
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: props.bucket.kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${props.account.region}.amazonaws.com` } },
              },
            ]
          : []),
      ),
    });
    if (props.readableSecretArns?.length) {
      new IamRolePolicy(this, "secrets-policy", {
        name: "read-secrets",
        role: this.role.id,
        policy: policyDocument(
          {
            Sid: "ReadNamedSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: [...props.readableSecretArns],
          },
          ...(props.secretsKmsKey
            ? [
                {
                  Sid: "DecryptSecretsViaSecretsManager",
                  Effect: "Allow" as const,
                  Action: "kms:Decrypt",
                  Resource: props.secretsKmsKey.arn,
                  Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${props.account.region}.amazonaws.com` } },
                },
              ]
            : []),
        ),
      });
    }
    for (const policy of APP_INSTANCE_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, policy, {
        role: this.role.name,
        policyArn: `arn:${props.account.partition}:iam::aws:policy/${policy}`,
      });
    }
  }
}
