import * as fs from "fs";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Tier } from "../../lib/config/schema";
import { PlatformStack } from "../../lib/platform-stack";
import { terraformBlocks } from "../../lib/terraform-json";

/** Synthesized Terraform JSON of one stack. */
export interface SynthesizedStack {
  terraform?: { backend?: Record<string, Record<string, unknown>>; required_providers?: unknown };
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  [key: string]: unknown;
}

/** The account id as synthesized JSON holds it: read from the caller identity at plan time. */
export const ACCOUNT_ID = "${data.aws_caller_identity.current-account.account_id}";

/** Every S3 bucket name in the stack by address, the account id filled in with a 12-digit example. */
export function bucketNames(json: SynthesizedStack, accountId = "111122223333"): Record<string, string> {
  return Object.fromEntries(
    Object.entries(json.resource?.aws_s3_bucket ?? {}).map(([name, bucket]) => [
      name,
      String(bucket.bucket).split(ACCOUNT_ID).join(accountId),
    ]),
  );
}

/**
 * Parsed JSON walked key by key in assertions (WAF rules, event patterns). Any shape: a path that is not
 * there fails the assertion that reads it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type JsonTree = any;

/** Full synthesis (validations run) of a stack, parsed. */
export function synthesize(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack, true));
}

/** A bare PlatformStack for module tests, with remote state off, default tags and an account guard. */
export function moduleTestStack(id = "test", tier: Tier = "development"): PlatformStack {
  return new PlatformStack(Testing.app(), id, {
    system: "test",
    project: "Test",
    environment: "unit",
    tier,
    region: "us-east-1",
    allowedAccountIds: ["111122223333"],
  });
}

/** Builds a construct in a fresh stack (of `tier`) and returns the synthesized JSON next to the construct. */
export function synthModule<T extends Construct>(
  build: (stack: PlatformStack) => T,
  tier: Tier = "development",
): { json: SynthesizedStack; construct: T } {
  const stack = moduleTestStack("test", tier);
  const construct = build(stack);
  return { json: synthesize(stack), construct };
}

/** All resources of one type, keyed by Terraform name. */
export function resources(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The one resource with this address (`type.name`); fails loudly when absent. */
export function resource(json: SynthesizedStack, address: string): Record<string, unknown> {
  const [type, name] = address.split(/\.(.+)/);
  const found = json.resource?.[type]?.[name];
  if (!found) throw new Error(`no resource ${address}; have: ${allAddresses(json).join(", ")}`);
  return found;
}

/** Every `resource` and `data` address in the stack, sorted. */
export function allAddresses(json: SynthesizedStack): string[] {
  return terraformBlocks(json)
    .map((block) => block.address)
    .sort();
}

/**
 * Compares a stack's addresses with the reviewed list in __tests__/stacks/addresses/<stack>.txt.
 * `npm run addresses` rewrites the lists after an intended rename; the diff is the review.
 */
export function expectPinnedAddresses(json: SynthesizedStack, stackName: string): void {
  const file = path.join(__dirname, "..", "stacks", "addresses", `${stackName}.txt`);
  const actual = allAddresses(json);
  if (process.env.UPDATE_ADDRESSES === "1") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${actual.join("\n")}\n`);
  }
  const pinned = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  expect(actual).toEqual(pinned);
}

/** `<address> <port> <source CIDR or group>` of every security group ingress rule, sorted. */
export function ingressRules(json: SynthesizedStack): string[] {
  return Object.entries(resources(json, "aws_vpc_security_group_ingress_rule"))
    .map(
      ([name, rule]) =>
        `${name} ${String(rule.from_port)} ${String(rule.cidr_ipv4 ?? rule.referenced_security_group_id ?? rule.prefix_list_id)}`,
    )
    .sort();
}

/** Parses a JSON policy string from a synthesized attribute. */
export function policy(value: unknown): { Statement: Record<string, unknown>[] } {
  return JSON.parse(String(value));
}
