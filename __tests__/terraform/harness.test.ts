import { Fn, TerraformIterator } from "cdktf";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { testNetwork } from "../support/fixtures";
import { moduleTestStack } from "../support/synth";
import { checkWithTerraform, describeWithTerraform, terraformHere } from "../support/terraform";

// The harness catches what only Terraform knows. Each case is a mistake Terraform rejects and the
// synthesized-JSON tests alone would let through.
describeWithTerraform("the Terraform harness", () => {
  const invalidEnum = moduleTestStack();
  testNetwork(invalidEnum).vpc.addOverride("instance_tenancy", "shared");
  const applyTimeForEach = forEachOnApplyTimeKeys();
  const unencryptedBucket = moduleTestStack();
  new S3Bucket(unencryptedBucket, "unencrypted", { bucket: "test-unencrypted-bucket", lifecycle: { preventDestroy: true } });
  const newerThanFallback = newerThanFallbackProvider();
  const appPortFromIpv6Internet = appPortOpenToIpv6Internet();

  // Every case's checks start at once and run in parallel; each test awaits its own.
  beforeAll(() => {
    for (const stack of [invalidEnum, applyTimeForEach, newerThanFallback]) void checkWithTerraform(stack);
    void checkWithTerraform(unencryptedBucket, { production: true });
    void checkWithTerraform(appPortFromIpv6Internet, { internetIngressPorts: [80, 443] });
  });

  test("GIVEN a value the AWS provider's validator rejects WHEN validated THEN Terraform's own message fails the stack", async () => {
    const stack = invalidEnum;
    await expect(stack).not.toBeValidTerraformHere();
    const check = await checkWithTerraform(stack);
    expect(check.validate.output).toContain('expected instance_tenancy to be one of ["default" "dedicated"], got shared');
  }, 300_000);

  test("GIVEN a for_each keyed on an attribute known only after apply WHEN planned THEN the mocked plan fails", async () => {
    const stack = applyTimeForEach;
    await expect(stack).toBeValidTerraformHere();
    await expect(stack).not.toPlanWithMockedAws();
    expect((await checkWithTerraform(stack)).plan?.output).toContain("Invalid for_each argument");
  }, 300_000);

  test("GIVEN production expectations and a bucket without encryption WHEN planned THEN Terraform reports the failed assertion", async () => {
    const stack = unencryptedBucket;
    await expect(stack).not.toPlanWithMockedAws({ production: true });
    expect((await checkWithTerraform(stack)).plan?.output).toContain(
      "aws_s3_bucket.unencrypted has no server-side encryption configuration",
    );
  }, 300_000);

  test("GIVEN web ports only for the internet and port 8080 open to ::/0 WHEN planned THEN Terraform reports the failed assertion", async () => {
    const stack = appPortFromIpv6Internet;
    await expect(stack).not.toPlanWithMockedAws({ internetIngressPorts: [80, 443] });
    expect((await checkWithTerraform(stack)).plan?.output).toContain("a security group opens a port other than 80 or 443 to the internet");
  }, 300_000);

  test("GIVEN values and arguments newer than a fallback provider WHEN validated THEN they are reported, not failed", async () => {
    const stack = newerThanFallback;
    const check = await checkWithTerraform(stack);
    expect(check.validate.output).toContain("Success");
    if (terraformHere().toolchain?.fallback) {
      expect(check.adjustments.map((a) => `${a.address}: ${a.description}`)).toEqual([
        expect.stringMatching(
          /^aws_cloudfront_distribution\.site: viewer_certificate\.minimum_protocol_version = "TLSv1\.3_2025" .* checked as "TLSv1\.2_2021"/,
        ),
        expect.stringMatching(/^aws_ssm_parameter\.regional: argument region is not known to hashicorp\/aws 5\.\d+\.\d+/),
      ]);
    } else {
      expect(check.adjustments).toEqual([]);
    }
  }, 300_000);
});

/** A for_each whose keys are bucket ids: unknown until the bucket exists. */
function forEachOnApplyTimeKeys() {
  const stack = moduleTestStack();
  const bucket = new S3Bucket(stack, "bucket", { bucketPrefix: "test-" });
  const perBucket = TerraformIterator.fromList(Fn.toset([bucket.id]));
  new SsmParameter(stack, "per-bucket", { forEach: perBucket, name: perBucket.value, type: "String", value: "x" });
  return stack;
}

/** HTTPS from the IPv4 internet (allowed), 8080 from the VPC (not the internet) and 8080 from the IPv6 internet. */
function appPortOpenToIpv6Internet() {
  const stack = moduleTestStack();
  const group = new SecurityGroup(stack, "web", { name: "test-web", vpcId: testNetwork(stack).vpc.id });
  const rule = (id: string, port: number, cidr: { cidrIpv4?: string; cidrIpv6?: string }) =>
    new VpcSecurityGroupIngressRule(stack, id, { securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port, ...cidr });
  rule("https", 443, { cidrIpv4: "0.0.0.0/0" });
  rule("app-vpc", 8080, { cidrIpv4: "10.0.0.0/8" });
  rule("app-ipv6", 8080, { cidrIpv6: "::/0" });
  return stack;
}

/** CloudFront's 2025 viewer policy and 6.x's per-resource `region`: accepted by the pinned provider only. */
function newerThanFallbackProvider() {
  const stack = moduleTestStack();
  new CloudfrontDistribution(stack, "site", {
    enabled: true,
    origin: [{ domainName: "example.s3.us-east-1.amazonaws.com", originId: "s3" }],
    defaultCacheBehavior: {
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      targetOriginId: "s3",
      viewerProtocolPolicy: "redirect-to-https",
      cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: {
      acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.3_2025",
    },
  });
  // hashicorp/aws 6.0 added a `region` argument to most resources.
  new SsmParameter(stack, "regional", { name: "/test/regional", type: "String", value: "x", region: "us-west-2" });
  return stack;
}
