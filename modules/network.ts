import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { propChecks } from "../lib/construct-validation";
import { IPV4_CIDR } from "../lib/aws-formats";
import { policyDocument, serviceTrustPolicy } from "../lib/iam";
import { accountOf } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";

export interface SubnetSpec {
  /** Name tag and Terraform address of the subnet, e.g. `app-subnet-1`. */
  readonly name: string;
  readonly cidr: string;
}

/** `none`: no outbound internet from private subnets; `single`: one shared NAT gateway; `per-az`: one per AZ. */
export type NatGatewayMode = "none" | "single" | "per-az";

export interface NetworkProps {
  /** Prefix for Name tags and log group names, e.g. `coherent-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcCidr: string;
  /** Subnet i of each tier is placed in availability zone i. */
  readonly availabilityZones: readonly string[];
  /** Internet-facing subnets (load balancers, NAT gateways, public instances). */
  readonly publicSubnets: readonly SubnetSpec[];
  /** Subnets without a route from the internet (databases, application instances). */
  readonly privateSubnets: readonly SubnetSpec[];
  /** @default "single" */
  readonly natGateways?: NatGatewayMode;
  /** Retention of the VPC flow log group. @default 90 */
  readonly flowLogRetentionDays?: number;
  /** Encrypts the flow log group (CloudWatch Logs is granted use of the key). @default - CloudWatch Logs' own encryption */
  readonly flowLogKmsKey?: KmsKey;
}

/**
 * A VPC with public and private subnets per availability zone, internet and NAT gateways, an S3
 * gateway endpoint, flow logs to CloudWatch Logs, and a default security group with no rules
 * (so nothing can use it by accident).
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnets: readonly Subnet[];
  readonly privateSubnets: readonly Subnet[];
  readonly natGateways: readonly NatGateway[];
  readonly flowLogGroup: CloudwatchLogGroup;
  /**
   * The public subnets' route to the internet gateway. What is reachable from the internet (an
   * internet-facing load balancer, an Elastic IP) depends on it, so a first apply never creates one
   * before the VPC has a way in: the provider documents that an EIP may need the gateway first
   * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eip), and ELB refuses an
   * internet-facing load balancer in a VPC without one.
   */
  readonly internetRoute: Route;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    validate(this, props);
    const natMode = props.natGateways ?? "single";
    const tags = (name: string) => ({ Name: `${props.namePrefix}-${name}` });
    this.vpcCidr = props.vpcCidr;
    this.availabilityZones = props.availabilityZones;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tags("vpc"),
    });
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, tags: tags("default-do-not-use") });

    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: tags("igw") });
    const publicRouteTable = new RouteTable(this, "public-route-table", { vpcId: this.vpc.id, tags: tags("public") });
    this.internetRoute = new Route(this, "public-internet-route", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });

    this.publicSubnets = props.publicSubnets.map((spec, index) => {
      const subnet = new Subnet(this, spec.name, {
        vpcId: this.vpc.id,
        cidrBlock: spec.cidr,
        availabilityZone: props.availabilityZones[index],
        // Instances that need a public address get an Elastic IP explicitly.
        mapPublicIpOnLaunch: false,
        tags: { Name: spec.name, Tier: "public" },
      });
      new RouteTableAssociation(this, `${spec.name}-route-table-association`, {
        subnetId: subnet.id,
        routeTableId: publicRouteTable.id,
      });
      return subnet;
    });

    const natCount = natMode === "none" ? 0 : natMode === "single" ? 1 : this.publicSubnets.length;
    this.natGateways = this.publicSubnets.slice(0, natCount).map((subnet, index) => {
      const eip = new Eip(this, `nat-eip-${index + 1}`, {
        domain: "vpc",
        tags: tags(`nat-eip-${index + 1}`),
        dependsOn: [this.internetRoute],
      });
      return new NatGateway(this, `nat-gateway-${index + 1}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: tags(`nat-${index + 1}`),
        dependsOn: [internetGateway],
      });
    });

    // One route table per private subnet, so switching NAT modes never renames resources.
    const privateRouteTables = props.privateSubnets.map((spec, index) => {
      const subnet = new Subnet(this, spec.name, {
        vpcId: this.vpc.id,
        cidrBlock: spec.cidr,
        availabilityZone: props.availabilityZones[index],
        mapPublicIpOnLaunch: false,
        tags: { Name: spec.name, Tier: "private" },
      });
      const routeTable = new RouteTable(this, `${spec.name}-route-table`, { vpcId: this.vpc.id, tags: { Name: spec.name } });
      new RouteTableAssociation(this, `${spec.name}-route-table-association`, { subnetId: subnet.id, routeTableId: routeTable.id });
      if (this.natGateways.length > 0) {
        new Route(this, `${spec.name}-nat-route`, {
          routeTableId: routeTable.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: this.natGateways[index % this.natGateways.length].id,
        });
      }
      return { subnet, routeTable };
    });
    this.privateSubnets = privateRouteTables.map((entry) => entry.subnet);

    // S3 traffic (artifacts, backups, Beanstalk bundles) stays on the AWS network and off the NAT bill.
    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [publicRouteTable.id, ...privateRouteTables.map((entry) => entry.routeTable.id)],
      tags: tags("s3-endpoint"),
    });

    this.flowLogGroup = new CloudwatchLogGroup(this, "flow-log-group", {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      retentionInDays: props.flowLogRetentionDays ?? 90,
      kmsKeyId: props.flowLogKmsKey?.arn,
    });
    props.flowLogKmsKey?.allowCloudWatchLogs();
    const { accountId, partition } = accountOf(this);
    const flowLogRole = new IamRole(this, "flow-log-role", {
      name: `${props.namePrefix}-vpc-flow-logs`,
      // AWS documents both source keys for flow logs (flow-logs-iam-role.html).
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        account: accountId,
        arn: `arn:${partition}:ec2:${props.region}:${accountId}:vpc-flow-log/*`,
        documented: true,
      }),
    });
    new IamRolePolicy(this, "flow-log-role-policy", {
      name: "write-flow-logs",
      role: flowLogRole.id,
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `${this.flowLogGroup.arn}:*`,
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
      tags: tags("flow-log"),
    });
  }

  get publicSubnetIds(): string[] {
    return this.publicSubnets.map((subnet) => subnet.id);
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }
}

function validate(network: Network, props: NetworkProps): void {
  const check = propChecks(network);
  check.format("vpcCidr", props.vpcCidr, IPV4_CIDR);
  const zones = props.availabilityZones.length;
  for (const tier of ["publicSubnets", "privateSubnets"] as const) {
    const count = props[tier].length;
    check.expect(count > 0, `${tier}.length`, count, "must list at least one subnet");
    check.expect(count <= zones, `${tier}.length`, count, `must be at most the ${zones} availability zones given (one subnet per zone)`);
  }
}
