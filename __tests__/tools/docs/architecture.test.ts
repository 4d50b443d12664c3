import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { describeArchitecture, securityGroupRules } from "../../../tools/docs/architecture";
import { mermaidDiagram } from "../../../tools/docs/mermaid";
import { StackJson, StackModel } from "../../../tools/docs/terraform-json";
import { serviceTrustPolicy } from "../../../lib/iam";
import { SecureBucket } from "../../../modules/secure-bucket";
import { SecurityGroup } from "../../../modules/security-group";
import { testNetwork } from "../../support/fixtures";
import { synthModule } from "../../support/synth";

/**
 * A small three-tier stack from the real modules: network, an internet-facing load balancer in the
 * public subnets, one instance in private-1 reachable only from the load balancer and an admin range,
 * and a bucket the instance may use through its role.
 */
function threeTier(): StackJson {
  return synthModule((stack) => {
    const network = testNetwork(stack);
    const lbGroup = new SecurityGroup(stack, "lb-sg", { network, name: "lb-sg", description: "load balancer" });
    lbGroup.addIngress("https", { description: "HTTPS from anywhere", port: 443, from: { cidr: "0.0.0.0/0" } });
    const appGroup = new SecurityGroup(stack, "app-sg", { network, name: "app-sg", description: "application" });
    appGroup.addIngress("http-from-lb", { description: "app port from the load balancer", port: 8080, from: { securityGroup: lbGroup } });
    appGroup.addIngress("ssh-admins", { description: "SSH from the admin range", port: 22, from: { cidr: "203.0.113.0/24" } });
    appGroup.addIngress("metrics-vpc", { description: "metrics from the VPC", port: 9100, from: { cidr: "10.0.0.0/16" } });
    new Lb(stack, "alb", { name: "alb", loadBalancerType: "application", internal: false, subnets: network.publicSubnetIds, securityGroups: [lbGroup.id] });
    const bucket = new SecureBucket(stack, "files", { bucketName: "fixture-files" });
    const role = new IamRole(stack, "app-role", { name: "app", assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") });
    new IamRolePolicy(stack, "app-role-files", {
      role: role.id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/*` }] }),
    });
    const profile = new IamInstanceProfile(stack, "app-profile", { name: "app", role: role.name });
    new Instance(stack, "app", {
      ami: "ami-12345678",
      instanceType: "t3.small",
      subnetId: network.privateSubnets[0].id,
      vpcSecurityGroupIds: [appGroup.id],
      iamInstanceProfile: profile.name,
      metadataOptions: { httpTokens: "required" },
      rootBlockDevice: { encrypted: true, volumeSize: 20, volumeType: "gp3" },
      tags: { Name: "app" },
    });
    return network;
  }).json;
}

const json = threeTier();
const architecture = describeArchitecture(new StackModel(json));
const box = (address: string) => architecture.components.find((component) => component.addresses[0] === address)!;

describe("architecture from synthesized JSON", () => {
  test("GIVEN subnets routed to an internet gateway THEN they are public, the others private, with their AZ and CIDR", () => {
    expect(architecture.vpcs).toEqual([
      {
        address: "aws_vpc.network_vpc",
        cidr: "10.0.0.0/16",
        subnets: [
          expect.objectContaining({ name: "private-1", cidr: "10.0.11.0/24", availabilityZone: "us-east-1a", tier: "private" }),
          expect.objectContaining({ name: "private-2", cidr: "10.0.12.0/24", availabilityZone: "us-east-1b", tier: "private" }),
          expect.objectContaining({ name: "public-1", cidr: "10.0.1.0/24", availabilityZone: "us-east-1a", tier: "public" }),
          expect.objectContaining({ name: "public-2", cidr: "10.0.2.0/24", availabilityZone: "us-east-1b", tier: "public" }),
        ],
      },
    ]);
  });

  test("GIVEN subnets without route table associations THEN the Tier tag decides, defaulting to private", () => {
    const model = new StackModel({
      resource: {
        aws_vpc: { v: { cidr_block: "10.1.0.0/16" } },
        aws_subnet: {
          tagged: { vpc_id: "${aws_vpc.v.id}", cidr_block: "10.1.1.0/24", tags: { Tier: "public" } },
          plain: { vpc_id: "${aws_vpc.v.id}", cidr_block: "10.1.2.0/24" },
        },
      },
    });
    expect(describeArchitecture(model).vpcs[0].subnets.map((subnet) => [subnet.name, subnet.tier])).toEqual([
      ["plain", "private"],
      ["tagged", "public"],
    ]);
  });

  test("GIVEN subnet references THEN boxes sit in the subnets they reference: the instance in private-1, the load balancer across both public subnets", () => {
    expect(box("aws_instance.app")).toMatchObject({ kind: "compute", subnets: ["aws_subnet.network_private-1"], securityGroups: ["aws_security_group.app-sg"] });
    expect(box("aws_instance.app").label).toEqual(["EC2 app", "t3.small", "20 GB gp3 root"]);
    expect(box("aws_lb.alb")).toMatchObject({ kind: "load-balancer", subnets: ["aws_subnet.network_public-1", "aws_subnet.network_public-2"] });
    expect(box("aws_nat_gateway.network_nat-gateway-1")).toMatchObject({ subnets: ["aws_subnet.network_public-1"] });
  });

  test("GIVEN security-group paths THEN they become arrows: internet to the load balancer, load balancer to the app, admin and VPC ranges to the app", () => {
    const network = architecture.edges.filter((edge) => edge.kind === "network").map((edge) => [edge.from, edge.to, edge.label]);
    expect(network).toEqual(
      expect.arrayContaining([
        ["internet", "lb_alb", "tcp 443"],
        ["lb_alb", "instance_app", "tcp 8080"],
        ["cidr_203_0_113_0_24", "instance_app", "tcp 22"],
        ["cidr_10_0_0_0_16", "instance_app", "tcp 9100"],
      ]),
    );
    expect(architecture.peers).toEqual([
      { id: "cidr_10_0_0_0_16", label: "VPC range 10.0.0.0/16" },
      { id: "cidr_203_0_113_0_24", label: "203.0.113.0/24" },
      { id: "internet", label: "Internet" },
    ]);
  });

  test("GIVEN a rule admitting an AWS-managed prefix list THEN its peer is the list, by name (not an unknown range)", () => {
    const model = new StackModel({
      data: { aws_ec2_managed_prefix_list: { cloudfront: { name: "com.amazonaws.global.cloudfront.origin-facing" } } },
      resource: {
        aws_security_group: { origin: { name: "origin" } },
        aws_vpc_security_group_ingress_rule: {
          from_cloudfront: {
            security_group_id: "${aws_security_group.origin.id}",
            prefix_list_id: "${data.aws_ec2_managed_prefix_list.cloudfront.id}",
            from_port: 8443,
            to_port: 8443,
            ip_protocol: "tcp",
          },
        },
      },
    });
    expect(securityGroupRules(model).map((rule) => rule.peer)).toEqual([{ cidr: "prefix list com.amazonaws.global.cloudfront.origin-facing" }]);
  });

  test("GIVEN a role policy naming a bucket THEN the instance using the role has an IAM path to it, and to nothing else", () => {
    expect(architecture.edges.filter((edge) => edge.kind === "access")).toEqual([{ from: "instance_app", to: "s3_bucket_files", label: "IAM", kind: "access" }]);
  });

  test("GIVEN rules declared inline or as aws_security_group_rule THEN they are read like the separate rule resources", () => {
    const model = new StackModel({
      resource: {
        aws_security_group: {
          web: { name: "web", ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "inline" }] },
          db: { name: "db" },
        },
        aws_security_group_rule: {
          pg: { type: "ingress", security_group_id: "${aws_security_group.db.id}", source_security_group_id: "${aws_security_group.web.id}", from_port: 5432, to_port: 5432, protocol: "tcp" },
          out: { type: "egress", security_group_id: "${aws_security_group.db.id}", from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["10.0.0.0/8"] },
        },
      },
    });
    expect(securityGroupRules(model).map((rule) => [rule.securityGroup, rule.direction, rule.ports, rule.peer])).toEqual([
      ["aws_security_group.db", "egress", "all traffic", { cidr: "10.0.0.0/8" }],
      ["aws_security_group.db", "ingress", "tcp 5432", { securityGroup: "aws_security_group.web" }],
      ["aws_security_group.web", "ingress", "tcp 443", { cidr: "0.0.0.0/0" }],
    ]);
  });

  test("GIVEN CloudFront origins, replication, audit trails and alarms THEN they become dotted data paths", () => {
    const model = new StackModel({
      provider: { aws: [{ region: "us-east-1" }, { alias: "replica", region: "us-west-2" }] },
      resource: {
        aws_s3_bucket: { site: { bucket: "site" }, copy: { bucket: "copy", provider: "aws.replica" }, trail: { bucket: "trail" } },
        aws_cloudfront_distribution: {
          cdn: { aliases: ["www.example.org"], origin: [{ domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}", origin_access_control_id: "x" }] },
        },
        aws_s3_bucket_replication_configuration: { r: { bucket: "${aws_s3_bucket.site.id}", rule: [{ destination: { bucket: "${aws_s3_bucket.copy.arn}" } }] } },
        aws_cloudtrail: { audit: { name: "audit", s3_bucket_name: "${aws_s3_bucket.trail.bucket}" } },
        aws_sns_topic: { alarms: { name: "alarms" } },
        aws_cloudwatch_metric_alarm: { cpu: { alarm_actions: ["${aws_sns_topic.alarms.arn}"] } },
      },
    });
    const result = describeArchitecture(model);
    expect(result.edges.map((edge) => [edge.from, edge.to, edge.label, edge.kind])).toEqual([
      ["internet", "cloudfront_distribution_cdn", "HTTPS", "network"],
      ["cloudfront_distribution_cdn", "s3_bucket_site", "origin (OAC)", "data"],
      ["s3_bucket_site", "s3_bucket_copy", "replication", "data"],
      ["cloudtrail_audit", "s3_bucket_trail", "audit logs", "data"],
      ["alarms", "sns_topic_alarms", "notify", "data"],
    ]);
    expect(result.components.find((component) => component.id === "s3_bucket_copy")!.label).toEqual(["S3 copy", "us-west-2"]);
  });
});

describe("Mermaid diagram", () => {
  const diagram = mermaidDiagram(architecture);

  test("GIVEN the diagram THEN the VPC holds a public and a private tier, each subnet titled with its name, CIDR and AZ", () => {
    expect(diagram.split("\n")[0]).toBe("flowchart LR");
    expect(diagram).toContain('subgraph vpc_network_vpc["VPC 10.0.0.0/16"]');
    expect(diagram).toContain('subgraph vpc_network_vpc_public["Public subnets"]');
    expect(diagram).toContain('subgraph vpc_network_vpc_private["Private subnets"]');
    expect(diagram).toContain('subgraph subnet_network_private_1["private-1 · 10.0.11.0/24 · us-east-1a"]');
  });

  test("GIVEN a box in one subnet THEN it is drawn inside it; GIVEN a box across subnets THEN it sits in the tier and names them", () => {
    const lines = diagram.split("\n");
    const subnetStart = lines.findIndex((line) => line.includes("subgraph subnet_network_private_1"));
    expect(lines[subnetStart + 1]).toBe('        instance_app["EC2 app<br/>t3.small<br/>20 GB gp3 root"]');
    expect(diagram).toContain('lb_alb{{"ALB alb<br/>internet-facing<br/>in public-1, public-2"}}');
  });

  test("GIVEN an unused subnet THEN it is drawn dashed and says it has no resources", () => {
    expect(diagram).toContain('subnet_network_private_2["private-2 · 10.0.12.0/24 · us-east-1b<br/>(no resources)"]:::subnet');
  });

  test("GIVEN network and IAM paths THEN network paths are solid arrows labelled with ports; IAM paths are dotted", () => {
    expect(diagram).toContain('internet -->|"443"| lb_alb');
    expect(diagram).toContain('lb_alb -->|"8080"| instance_app');
    expect(diagram).toContain('instance_app -.->|"IAM"| s3_bucket_files');
    expect(diagram).toContain('cidr_203_0_113_0_24(["203.0.113.0/24"])');
  });

  test("GIVEN quotes in labels THEN they cannot break the diagram syntax", () => {
    const quoted = mermaidDiagram({ ...architecture, components: [{ ...box("aws_instance.app"), label: ['say "hi"'] }] });
    expect(quoted).toContain('instance_app["say #quot;hi#quot;"]');
  });
});
