import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { PlatformStack } from "../../lib/platform-stack";
import { resolveValue, stackJson } from "../../lib/stack-json";
import { STACK_VARIANTS } from "../support/stack-variants";
import { moduleTestStack } from "../support/synth";

/** What cdktf's `toTerraform()` does with a value: its resolver over the whole value. */
function cdktfResolve(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** What cdktf's own `toTerraform()` returns for the stack, bypassing PlatformStack's. */
function cdktfJson(stack: TerraformStack): unknown {
  return TerraformStack.prototype.toTerraform.call(stack);
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: "x", unset: undefined };
  for (let level = 0; level < depth; level++) value = { child: value, unset: undefined };
  return value;
}

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { list: [1] };
  value.self = value;
  return value;
}

type ValueCase = [string, (stack: PlatformStack, bucket: S3Bucket) => unknown];
const cases: ValueCase[] = [
  [
    "literal JSON with unset keys and array elements",
    () => ({
      number: 1,
      unset: undefined,
      list: [1, undefined, "x", null, false],
      object: { nothing: null, no: false, unset: undefined, empty: {}, none: [] },
      interpolation: "${var.written_by_hand}",
      numberLikeText: "1e5, 2.5e-3, us-east-1e, cdktf-e2e",
    }),
  ],
  ["a string token", () => ({ name: Lazy.stringValue({ produce: () => "produced" }) })],
  ["a resource reference inside text", (_stack, bucket) => ({ resource: `${bucket.arn}/*`, list: [bucket.id, "literal"] })],
  [
    "a number token, alone and written into a string",
    () => {
      const port = Token.asNumber(Lazy.numberValue({ produce: () => 5432 }));
      return { port, text: `port ${port}` };
    },
  ],
  [
    "a list token",
    () => {
      const zones = Token.asList(Lazy.listValue({ produce: () => ["a", "b"] }));
      return { zones, nested: [{ zones }] };
    },
  ],
  [
    "a map token and a key that is a token",
    () => ({
      tags: Token.asStringMap(Lazy.anyValue({ produce: () => ({ Team: "ops" }) })),
      [Lazy.stringValue({ produce: () => "produced-key" })]: "value",
    }),
  ],
  [
    "a token producing data with unset keys",
    () => ({ produced: Lazy.anyValue({ produce: () => ({ kept: 1, unset: undefined, list: [undefined, 2] }) }) }),
  ],
  ["a Terraform function over a reference", (_stack, bucket) => ({ policy: Fn.jsonencode({ Resource: bucket.arn, Unset: undefined }) })],
  ["a class instance that is not a token", () => ({ when: new Date(0) })],
  ["nesting deeper than the literal walk goes", () => nested(150)],
];

describe("resolveValue: literal data copied, every token resolved by cdktf", () => {
  test.each(cases)("GIVEN %s WHEN resolved THEN the result is cdktf's, key order included", (_name, build) => {
    const stack = moduleTestStack();
    const value = build(stack, new S3Bucket(stack, "bucket"));
    const expected = cdktfResolve(stack, value);
    const actual = resolveValue(stack, value);
    expect(actual).toStrictEqual(expected);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  });

  test.each<[string, unknown]>([
    ["a function", { fn: () => "no" }],
    ["cdktf's map placeholder in a scalar position", { name: Token.STRING_MAP_TOKEN_VALUE }],
    ["a construct", { scope: new Construct(moduleTestStack(), "loose") }],
    ["an object that refers to itself", cyclic()],
  ])("GIVEN %s WHEN resolved THEN cdktf's error is raised, naming the same path", (_name, value) => {
    const stack = moduleTestStack();
    const cdktfError = (() => {
      try {
        cdktfResolve(stack, value);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("cdktf resolved it");
    })();
    // cdktf names the path it was at; here the value is resolved from where the token sits.
    expect(() => resolveValue(stack, value)).toThrow(cdktfError);
  });
});

describe("stackJson: what cdktf's toTerraform returns", () => {
  test.each(STACK_VARIANTS)("GIVEN the %s stack THEN stackJson equals cdktf's toTerraform", (_variant, build) => {
    const stack = build();
    expect(stackJson(stack)).toStrictEqual(cdktfJson(stack));
  });

  test("GIVEN overrides on the stack and a resource (a token replacing a value, a deletion, a moved block) and nested outputs THEN stackJson equals cdktf's toTerraform", () => {
    const stack = moduleTestStack();
    const group = new Construct(stack, "group");
    const bucket = new S3Bucket(group, "bucket", { bucket: "b", tags: { Keep: "yes" } });
    new TerraformOutput(group, "arn", { value: bucket.arn });
    bucket.addOverride("tags", Lazy.anyValue({ produce: () => ({ Replaced: "yes" }) }));
    bucket.addOverride("force_destroy", undefined);
    stack.addOverride("locals.bucket_arn", bucket.arn);
    stack.addOverride("provider.aws.0.region", undefined);
    stack.addOverride("moved", [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.group_bucket" }]);
    const expected = cdktfJson(stack);
    expect(stackJson(stack)).toStrictEqual(expected);
    expect(expected).toMatchObject({ locals: { bucket_arn: "${aws_s3_bucket.group_bucket.arn}" }, moved: [expect.any(Object)] });
  });

  test("GIVEN a stack WHEN synthesized THEN PlatformStack's toTerraform is stackJson's result", () => {
    const stack = moduleTestStack();
    new S3Bucket(stack, "bucket", { bucket: "b" });
    expect(stack.toTerraform()).toStrictEqual(cdktfJson(stack));
  });
});
