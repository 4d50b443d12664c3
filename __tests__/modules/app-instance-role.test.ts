import { AppInstanceRole, AppInstanceRoleProps } from "../../modules/app-instance-role";
import { SecureBucket } from "../../modules/secure-bucket";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, policy, resource, resources, synthesize, synthModule } from "../support/synth";

function role(stack: PlatformStack, overrides: Partial<AppInstanceRoleProps> = {}): AppInstanceRole {
  return new AppInstanceRole(stack, "ec2-role", {
    roleName: "coherent-ec2-role-dev",
    instanceProfileName: "coherent-ec2-profile-dev",
    account: stack.account,
    ...overrides,
  });
}

/** The role with the artifacts bucket granted into its `coherent-ec2-s3-policy`, as the Coherent stack does. */
function roleWithBucket(stack: PlatformStack): AppInstanceRole {
  const instanceRole = role(stack);
  new SecureBucket(stack, "artifacts", { bucketName: "coherent-artifacts-dev" }).grantReadWrite(
    instanceRole.addInlinePolicy("bucket-policy", "coherent-ec2-s3-policy"),
  );
  return instanceRole;
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

  test("GIVEN a bucket granted into an inline policy THEN the policy has that name and reaches that one bucket only", () => {
    const { json } = synthModule((stack) => roleWithBucket(stack));
    const inline = resource(json, "aws_iam_role_policy.ec2-role_bucket-policy");
    expect(inline).toMatchObject({ name: "coherent-ec2-s3-policy", role: "${aws_iam_role.ec2-role.id}" });
    expect(policy(inline.policy).Statement.map((statement) => statement.Resource)).toEqual([
      "${aws_s3_bucket.artifacts.arn}/*",
      "${aws_s3_bucket.artifacts.arn}",
    ]);
  });

  test("GIVEN an inline policy nobody grants into THEN synthesis fails, naming it", () => {
    const stack = moduleTestStack();
    role(stack).addInlinePolicy("secrets-policy", "read-secrets");
    expect(() => synthesize(stack)).toThrow(/RolePolicy "test\/ec2-role\/secrets-policy": nothing was granted to role read-secrets/);
  });

  test("GIVEN the role THEN Session Manager and the CloudWatch agent policies are attached", () => {
    const { json } = synthModule((stack) => role(stack));
    const arns = Object.values(resources(json, "aws_iam_role_policy_attachment")).map((attachment) => attachment.policy_arn);
    expect(arns).toEqual([
      "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
  });

  test("GIVEN no grant THEN the role has no inline policy at all", () => {
    const { json } = synthModule((stack) => role(stack));
    expect(resources(json, "aws_iam_role_policy")).toEqual({});
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
