import * as fs from "fs";
import * as path from "path";
import { resources, synthesize, SynthesizedStack } from "../support/synth";
import { coherentStack, STACK_VARIANTS } from "../support/stack-variants";

/**
 * Every IAM role's effective permissions, one grant per line, pinned per stack variant in
 * __tests__/stacks/permissions/<variant>.txt: a line that is not pinned is a widening and fails.
 * After an intended, reviewed change: `UPDATE_PERMISSIONS=1 npx jest __tests__/stacks/permissions.test.ts`.
 */
const PINNED_DIR = path.join(__dirname, "permissions");

type Statement = {
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
};
const list = (value: string | string[] | undefined) => (value === undefined ? ["(none)"] : ([] as string[]).concat(value));
/** JSON with sorted keys, so equal conditions print equally whatever their order. */
const canonical = (value: unknown): string =>
  value === undefined
    ? "-"
    : JSON.stringify(value, (_key, inner) =>
        inner && typeof inner === "object" && !Array.isArray(inner)
          ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
          : inner,
      );

/** `aws_iam_role.<name>` a policy or attachment refers to (by id or name). */
function roleOf(reference: unknown, where: string): string {
  const match = /^\$\{aws_iam_role\.([^.]+)\.(id|name)\}$/.exec(String(reference));
  if (!match) throw new Error(`${where}: cannot tell which role "${String(reference)}" is`);
  return `aws_iam_role.${match[1]}`;
}

/**
 * One line per (role, effect, action, resource, condition), plus each role's trust and managed policies:
 * a set, so statement order, Sids and how statements are split or merged do not matter.
 */
function effectivePermissions(json: SynthesizedStack): string[] {
  const lines = new Set<string>();
  const grant = (role: string, statements: Statement[]) => {
    for (const statement of statements) {
      for (const action of list(statement.Action)) {
        for (const target of list(statement.Resource)) {
          lines.add([role, statement.Effect.toLowerCase(), action, target, canonical(statement.Condition)].join("\t"));
        }
      }
    }
  };
  for (const [name, role] of Object.entries(resources(json, "aws_iam_role"))) {
    for (const statement of JSON.parse(String(role.assume_role_policy)).Statement as Statement[]) {
      lines.add(
        [`aws_iam_role.${name}`, "trust", canonical(statement.Principal), statement.Action, canonical(statement.Condition)].join("\t"),
      );
    }
    if (role.inline_policy || role.managed_policy_arns)
      throw new Error(`aws_iam_role.${name}: inline_policy/managed_policy_arns are not read here`);
  }
  for (const [name, inline] of Object.entries(resources(json, "aws_iam_role_policy"))) {
    grant(roleOf(inline.role, `aws_iam_role_policy.${name}`), JSON.parse(String(inline.policy)).Statement);
  }
  for (const [name, attachment] of Object.entries(resources(json, "aws_iam_role_policy_attachment"))) {
    lines.add([roleOf(attachment.role, `aws_iam_role_policy_attachment.${name}`), "managed", attachment.policy_arn].join("\t"));
  }
  if (Object.keys(resources(json, "aws_iam_policy")).length) throw new Error("aws_iam_policy resources are not read here");
  return [...lines].sort();
}

const variants = STACK_VARIANTS.map(([variant, build]) => [variant, () => synthesize(build())] as const);

describe("IAM permissions stay least-privilege: no role gains a grant beyond the reviewed list", () => {
  test.each(variants)("GIVEN %s THEN no role gains a grant beyond the reviewed list", (variant, build) => {
    const file = path.join(PINNED_DIR, `${variant}.txt`);
    const actual = effectivePermissions(build());
    if (process.env.UPDATE_PERMISSIONS === "1") {
      fs.mkdirSync(PINNED_DIR, { recursive: true });
      fs.writeFileSync(file, `${actual.join("\n")}\n`);
    }
    const pinned = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    // Widening first, so the failure says what a role would gain.
    expect({ widened: actual.filter((line) => !pinned.includes(line)) }).toEqual({ widened: [] });
    expect({ noLongerGranted: pinned.filter((line) => !actual.includes(line)) }).toEqual({ noLongerGranted: [] });
  });

  test("GIVEN a role gaining one action THEN the comparison reports it as widened", () => {
    const json = synthesize(coherentStack("dev"));
    const before = effectivePermissions(json);
    const inline = Object.values(resources(json, "aws_iam_role_policy"))[0];
    const document = JSON.parse(String(inline.policy));
    document.Statement.push({ Effect: "Allow", Action: "s3:PutBucketPolicy", Resource: "*" });
    inline.policy = JSON.stringify(document);
    const after = effectivePermissions(json);
    expect(after.filter((line) => !before.includes(line))).toEqual([expect.stringMatching(/\tallow\ts3:PutBucketPolicy\t\*\t-$/)]);
  });
});
