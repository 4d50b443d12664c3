import { AppInstanceRole, AppInstanceRoleProps } from "../../modules/app-instance-role";
import { SecureBucket } from "../../modules/secure-bucket";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

function role(stack: PlatformStack, overrides: Partial<AppInstanceRoleProps> = {}): AppInstanceRole {
  return new AppInstanceRole(stack, "ec2-role", {
    roleName: "coherent-ec2-role-dev",
    instanceProfileName: "coherent-ec2-profile-dev",
    account: stack.account,
    bucket: new SecureBucket(stack, "artifacts", { bucketName: "coherent-artifacts-dev" }),
    bucketPolicyName: "coherent-ec2-s3-policy",
    ...overrides,
  });
}

describe("AppInstanceRole", () => {
  test("GIVEN the role THEN only EC2 can assume it and the instance profile carries it", () => {
    const { json } = synthModule((stack) => role(stack));
    const iamRole = resource(json, "aws_iam_role.ec2-role");
    expect(iamRole.name).toBe("coherent-ec2-role-dev");
    expect(policy(iamRole.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(resource(json, "aws_iam_instance_profile.ec2-role_instance-profile")).toMatchObject({
      name: "coherent-ec2-profile-dev",
      role: "${aws_iam_role.ec2-role.name}",
    });
  });

  test("GIVEN the bucket THEN object access and listing are limited to that one bucket", () => {
    const { json } = synthModule((stack) => role(stack));
    const inline = resource(json, "aws_iam_role_policy.ec2-role_bucket-policy");
    expect(inline.name).toBe("coherent-ec2-s3-policy");
    expect(policy(inline.policy).Statement).toEqual([
      {
        Sid: "ObjectAccess",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        Resource: "${aws_s3_bucket.artifacts.arn}/*",
      },
      { Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "${aws_s3_bucket.artifacts.arn}" },
    ]);
  });

  test("GIVEN the role THEN Session Manager and the CloudWatch agent policies are attached", () => {
    const { json } = synthModule((stack) => role(stack));
    const arns = Object.values(resources(json, "aws_iam_role_policy_attachment")).map((attachment) => attachment.policy_arn);
    expect(arns).toEqual([
      "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
  });

  test("GIVEN named secrets and their key THEN only those can be read, and decrypted only through Secrets Manager", () => {
    const { json } = synthModule((stack) =>
      role(stack, { readableSecretArns: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db"], secretsKmsKey: testKey(stack) }),
    );
    const statements = policy(resource(json, "aws_iam_role_policy.ec2-role_secrets-policy").policy).Statement;
    expect(statements[0]).toMatchObject({
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db"],
    });
    expect(statements[1]).toMatchObject({
      Action: "kms:Decrypt",
      Resource: "${aws_kms_key.key.arn}",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
  });

  test("GIVEN no secrets THEN there is no secrets policy at all", () => {
    const { json } = synthModule((stack) => role(stack));
    expect(Object.keys(resources(json, "aws_iam_role_policy"))).toEqual(["ec2-role_bucket-policy"]);
  });

  test.each([
    [
      { roleName: "coherent ec2 role" },
      /AppInstanceRole "test\/ec2-role": roleName = "coherent ec2 role": must be 1-64 letters, digits and \+=,\.@_-/,
    ],
    [
      { instanceProfileName: "x".repeat(65) },
      /AppInstanceRole "test\/ec2-role": instanceProfileName = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": must be 1-64 letters, digits and \+=,\.@_-/,
    ],
  ])("GIVEN %j THEN it is refused", (overrides, message) => {
    expect(() => role(moduleTestStack(), overrides)).toThrow(message);
  });
});
