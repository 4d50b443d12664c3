import { PlatformStack } from "../../lib/platform-stack";
import { AppComputeProps } from "../../modules/app-compute";
import { AppInstanceRole } from "../../modules/app-instance-role";
import { MachineImage } from "../../modules/machine-image";
import { SecureBucket } from "../../modules/secure-bucket";
import { SecurityGroup } from "../../modules/security-group";
import { KmsKey } from "../../modules/kms-key";
import { Network } from "../../modules/network";

/** The Coherent seed layout, for modules that need a network to live in. */
export function testNetwork(stack: PlatformStack, overrides: Partial<ConstructorParameters<typeof Network>[2]> = {}): Network {
  return new Network(stack, "network", {
    namePrefix: "test-unit",
    region: "us-east-1",
    vpcCidr: "10.0.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    publicSubnets: [
      { name: "public-1", cidr: "10.0.1.0/24" },
      { name: "public-2", cidr: "10.0.2.0/24" },
    ],
    privateSubnets: [
      { name: "private-1", cidr: "10.0.11.0/24" },
      { name: "private-2", cidr: "10.0.12.0/24" },
    ],
    ...overrides,
  });
}

export function testKey(stack: PlatformStack, id = "key"): KmsKey {
  return new KmsKey(stack, id, { alias: `test-${id}`, description: "test key", account: stack.account });
}

/** What AppServer and AppFleet share: a security group, an instance role on one bucket, Ubuntu, a script. */
export function testAppCompute(stack: PlatformStack, network: Network, userData: string): AppComputeProps {
  return {
    network,
    securityGroup: new SecurityGroup(stack, "app-sg", { network, name: "app-sg", description: "app" }),
    instanceRole: new AppInstanceRole(stack, "ec2-role", {
      roleName: "role",
      instanceProfileName: "profile",
      account: stack.account,
      bucket: new SecureBucket(stack, "artifacts", { bucketName: "artifacts" }),
    }),
    image: new MachineImage(stack, "ubuntu-ami", {
      ssmParameterName: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
    }),
    userData,
  };
}
