import { Testing } from "cdktf";
import { Construct } from "constructs";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { AddressTransparentGroup, inProductionStack, PlatformStack, PlatformStackProps } from "../../lib/platform-stack";
import { allAddresses, synthesize } from "../support/synth";

const props: PlatformStackProps = {
  system: "coherent",
  project: "Coherent PMO Platform",
  environment: "prod",
  region: "eu-west-1",
  tier: "production",
  allowedAccountIds: ["111122223333"],
  tags: { CostCenter: "pmo" },
  stateBackend: { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", region: "us-east-1", useLockfile: false },
};

describe("PlatformStack", () => {
  test("GIVEN remote state THEN the S3 key is <system>/<environment>/terraform.tfstate, encrypted, DynamoDB-locked", () => {
    const json = synthesize(new PlatformStack(Testing.app(), "coherent-prod", props));
    expect(json.terraform?.backend?.s3).toEqual({
      bucket: "org-tf-state",
      key: "coherent/prod/terraform.tfstate",
      region: "us-east-1",
      encrypt: true,
      dynamodb_table: "org-tf-locks",
    });
  });

  test("GIVEN a configured state key THEN Terraform encrypts state objects with it (not SSE-S3)", () => {
    const kmsKeyId = "arn:aws:kms:us-east-1:111122223333:key/dabe1478-fe48-47ca-b6f8-ca044b643a82";
    const json = synthesize(new PlatformStack(Testing.app(), "s", { ...props, stateBackend: { ...props.stateBackend!, kmsKeyId } }));
    expect(json.terraform?.backend?.s3).toMatchObject({ encrypt: true, kms_key_id: kmsKeyId });
  });

  test("GIVEN useLockfile THEN the native S3 lock file is added only when switched on", () => {
    const on = synthesize(new PlatformStack(Testing.app(), "s", { ...props, stateBackend: { ...props.stateBackend!, useLockfile: true } }));
    expect(on.terraform?.backend?.s3).toMatchObject({ use_lockfile: true, dynamodb_table: "org-tf-locks" });
    const off = synthesize(new PlatformStack(Testing.app(), "s", props));
    expect(off.terraform?.backend?.s3.use_lockfile).toBeUndefined();
  });

  test("GIVEN no remote state settings THEN the stack keeps local state outside cdktf.out", () => {
    const json = synthesize(new PlatformStack(Testing.app(), "state-backend", { ...props, stateBackend: undefined }));
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.state-backend.tfstate" } });
  });

  test("GIVEN a stack THEN the provider pins region and allowed accounts and tags everything", () => {
    const json = synthesize(new PlatformStack(Testing.app(), "s", props));
    expect(json.provider?.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["111122223333"],
        ignore_tags: [{ key_prefixes: ["elasticbeanstalk:"] }],
        default_tags: [
          // compat:keep-cdktf the tag value the stacks keep under CDK Terrain
          { tags: { Project: "Coherent PMO Platform", System: "coherent", Environment: "prod", ManagedBy: "cdktf", CostCenter: "pmo" } },
        ],
      },
    ]);
  });

  test("GIVEN a module that asks for it THEN a us-east-1 alias exists (and only then), and is the default provider in us-east-1", () => {
    const stack = new PlatformStack(Testing.app(), "s", props);
    expect(synthesize(stack).provider?.aws).toHaveLength(1);
    const alias = stack.usEast1Provider;
    const providers = synthesize(stack).provider?.aws ?? [];
    expect(providers[1]).toMatchObject({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["111122223333"] });
    expect(alias).toBe(stack.usEast1Provider);
    const east = new PlatformStack(Testing.app(), "e", { ...props, region: "us-east-1" });
    expect(east.usEast1Provider).toBe(east.provider);
  });

  test("GIVEN two constructs that would share an address THEN they are refused instead of one silently replacing the other", () => {
    const stack = new PlatformStack(Testing.app(), "s", { ...props, tier: "development" });
    new SnsTopic(new Construct(stack, "a"), "b", { name: "one" });
    new SnsTopic(stack, "a_b", { name: "two" });
    expect(() => synthesize(stack)).toThrow(/would share the Terraform address aws_sns_topic.a_b; rename one of them/);
  });

  test("GIVEN nested constructs THEN addresses are construct paths without hashes; `default` children take their parent's name", () => {
    const stack = new PlatformStack(Testing.app(), "s", { ...props, tier: "development" });
    const group = new Construct(stack, "alerts");
    new SnsTopic(group, "default", { name: "a" });
    new SnsTopic(new Construct(group, "nested"), "topic.v2", { name: "b" });
    expect(allAddresses(synthesize(stack))).toEqual(["aws_sns_topic.alerts", "aws_sns_topic.alerts_nested_topic_v2"]);
  });

  test("GIVEN resources gathered in an AddressTransparentGroup THEN their addresses are as if they sat in the group's parent", () => {
    const stack = new PlatformStack(Testing.app(), "s", { ...props, tier: "development" });
    const frontends = new AddressTransparentGroup(stack, "frontends");
    new SnsTopic(frontends, "web", { name: "a" });
    new SnsTopic(new Construct(frontends, "admin"), "default", { name: "b" });
    expect(allAddresses(synthesize(stack))).toEqual(["aws_sns_topic.admin", "aws_sns_topic.web"]);
  });

  test("GIVEN the stack's tier THEN only a production stack makes data-safety defaults strict", () => {
    const production = new PlatformStack(Testing.app(), "p", props);
    const development = new PlatformStack(Testing.app(), "d", { ...props, tier: "development" });
    expect(inProductionStack(new Construct(new Construct(production, "a"), "b"))).toBe(true);
    expect(inProductionStack(new Construct(development, "a"))).toBe(false);
  });
});
