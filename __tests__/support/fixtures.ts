import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { serviceTrustPolicy } from "../../lib/iam";
import { PlatformStack } from "../../lib/platform-stack";
import { RolePolicy } from "../../modules/role-policy";
import { Construct } from "constructs";
import { policy, resource, SynthesizedStack, synthModule } from "./synth";
import { AppComputeProps } from "../../modules/app-compute";
import { AppInstanceRole } from "../../modules/app-instance-role";
import { MachineImage } from "../../modules/machine-image";
import { SecureBucket } from "../../modules/secure-bucket";
import { SecurityGroup } from "../../modules/security-group";
import { AlarmTopic } from "../../modules/alarm-topic";
import { KmsKey } from "../../modules/kms-key";
import { Network } from "../../modules/network";

/** Two AZs, a public and a private /24 in each, inside 10.0.0.0/16: the layout both seeds draw. */
export const TEST_NETWORK_LAYOUT = {
  vpcCidr: "10.0.0.0/16",
  publicSubnets: [
    { name: "public-1", cidr: "10.0.1.0/24" },
    { name: "public-2", cidr: "10.0.2.0/24" },
  ],
  privateSubnets: [
    { name: "private-1", cidr: "10.0.11.0/24" },
    { name: "private-2", cidr: "10.0.12.0/24" },
  ],
};

/** A network in that layout, for modules that need one to live in. */
export function testNetwork(stack: PlatformStack, overrides: Partial<ConstructorParameters<typeof Network>[2]> = {}): Network {
  return new Network(stack, "network", {
    namePrefix: "test-unit",
    region: "us-east-1",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    ...TEST_NETWORK_LAYOUT,
    ...overrides,
  });
}

/** A security group rule admitting HTTPS from the whole internet: what the guardrails flag unless excused. */
export function worldHttpsIngress(scope: Construct, securityGroupId: string): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, "https", {
    securityGroupId,
    description: "HTTPS from the internet",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
  });
}

/** An EC2 role's inline policy for grant tests: synthesized as `aws_iam_role_policy.grantee`. */
export function testGrantee(stack: PlatformStack): RolePolicy {
  const role = new IamRole(stack, "role", { name: "grantee-role", assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") });
  return new RolePolicy(stack, "grantee", { role, name: "grants" });
}

/** The statements granted into `testGrantee`'s policy. */
export function grantedStatements(json: SynthesizedStack): Record<string, unknown>[] {
  return policy(resource(json, "aws_iam_role_policy.grantee").policy).Statement;
}

/** What `grant` gives the test grantee on the construct `build` makes, as synthesized statements. */
export function grantsOf<T extends Construct>(build: (stack: PlatformStack) => T, grant: (construct: T, grantee: RolePolicy) => void) {
  return grantedStatements(
    synthModule((stack) => {
      const construct = build(stack);
      grant(construct, testGrantee(stack));
      return construct;
    }).json,
  );
}

export function testKey(stack: PlatformStack, id = "key"): KmsKey {
  return new KmsKey(stack, id, { alias: `test-${id}`, description: "test key", account: stack.account });
}

/** An alarm topic (`aws_sns_topic.alarms`, named `ops`) with its own key, for modules' alarm tests. */
export function testAlarmTopic(stack: PlatformStack, keyId = "key"): AlarmTopic {
  return new AlarmTopic(stack, "alarms", { topicName: "ops", kmsKey: testKey(stack, keyId), account: stack.account });
}

/** An instance role allowed into one bucket. */
function testInstanceRole(stack: PlatformStack): AppInstanceRole {
  const role = new AppInstanceRole(stack, "ec2-role", { roleName: "role", instanceProfileName: "profile", account: stack.account });
  new SecureBucket(stack, "artifacts", { bucketName: "artifacts" }).grantReadWrite(role.addInlinePolicy("bucket-policy", "bucket-access"));
  return role;
}

/** What AppServer and AppFleet share: a security group, an instance role on one bucket, Ubuntu, a script. */
export function testAppCompute(stack: PlatformStack, network: Network, userData: string): AppComputeProps {
  return {
    network,
    securityGroup: new SecurityGroup(stack, "app-sg", { network, name: "app-sg", description: "app" }),
    instanceRole: testInstanceRole(stack),
    image: new MachineImage(stack, "ubuntu-ami", {
      ssmParameterName: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
    }),
    userData,
  };
}
