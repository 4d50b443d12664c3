import { PolicyStatement } from "../../lib/iam";
import { synthModule } from "../support/synth";
import { grantedStatements, testGrantee } from "../support/fixtures";

const read = (resource: string): PolicyStatement => ({
  Sid: "ReadSecrets",
  Effect: "Allow",
  Action: "secretsmanager:GetSecretValue",
  Resource: [resource],
});

/** The synthesized statements of a policy given `statements` in turn. */
function policyOf(...statements: PolicyStatement[]) {
  const { json } = synthModule((stack) => {
    const grantee = testGrantee(stack);
    statements.forEach((statement) => grantee.addToPrincipalPolicy(statement));
    return grantee;
  });
  return grantedStatements(json);
}

describe("RolePolicy", () => {
  test("GIVEN two grants with the same Sid, actions and condition THEN they become one statement over both resources", () => {
    expect(policyOf(read("arn:secret:a"), read("arn:secret:b"))).toEqual([
      { ...read("arn:secret:a"), Resource: ["arn:secret:a", "arn:secret:b"] },
    ]);
  });

  test("GIVEN the same grant twice THEN the policy holds it once", () => {
    expect(policyOf(read("arn:secret:a"), read("arn:secret:a"))).toEqual([read("arn:secret:a")]);
  });

  test("GIVEN a second statement reusing a Sid for other actions THEN it is refused (IAM wants unique Sids)", () => {
    const { construct } = synthModule((stack) => {
      const grantee = testGrantee(stack);
      grantee.addToPrincipalPolicy(read("arn:secret:a"));
      return grantee;
    });
    expect(() => construct.addToPrincipalPolicy({ ...read("arn:secret:a"), Action: "secretsmanager:PutSecretValue" })).toThrow(
      'RolePolicy "test/grantee": statement Sid = "ReadSecrets": must name one grant: another statement already uses it',
    );
  });
});
