import { referencesIn } from "../../../tools/validation/references";

const shown = (text: string) => referencesIn(text).map(({ root, path }) => [root, ...path].join("."));

describe("references in Terraform template strings", () => {
  test.each([
    ["a plain reference", "${aws_kms_key.state.arn}", ["aws_kms_key.state.arn"]],
    [
      "a reference inside literal text",
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root",
      ["data.aws_partition.current.partition", "data.aws_caller_identity.current.account_id"],
    ],
    [
      "an index and an attribute after it",
      "${aws_db_instance.db.master_user_secret[0].secret_arn}",
      ["aws_db_instance.db.master_user_secret"],
    ],
    ["a splat", "${aws_subnet.private.*.id}", ["aws_subnet.private.*.id"]],
    ["function names, which are not references", '${join(",", aws_subnet.a.*.id)}', ["aws_subnet.a.*.id"]],
    [
      "object keys, which are not references",
      '${jsonencode({ Version = "2012-10-17", Resource = aws_s3_bucket.b.arn })}',
      ["aws_s3_bucket.b.arn"],
    ],
    ["a template nested in a quoted string", '${upper("${var.prefix}-x")}', ["var.prefix"]],
    ["for-expression symbols, which are local", "${[for s in aws_subnet.a : s.id]}", ["aws_subnet.a"]],
    ["a conditional", '${var.enabled ? local.name : "none"}', ["var.enabled", "local.name"]],
    ["escaped interpolations, which are literal text", "$${not.a.reference} and %%{ also.not }", []],
    [
      "names with hyphens, as construct paths produce",
      "${aws_s3_bucket.state_state-bucket_bucket.id}",
      ["aws_s3_bucket.state_state-bucket_bucket.id"],
    ],
    ["plain text", "no interpolation here", []],
  ])("GIVEN %s THEN the references are found", (_, text, expected) => {
    expect(shown(text)).toEqual(expected);
  });
});
