import { serviceTrustPolicy, SERVICES_WITHOUT_SOURCE_CONTEXT } from "../../lib/iam";

const statement = (document: string) => (JSON.parse(document) as { Statement: Record<string, unknown>[] }).Statement[0];

describe("serviceTrustPolicy", () => {
  test("GIVEN a source AWS documents THEN the service may assume the role only for that account and ARN", () => {
    const trust = statement(
      serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        account: "210987654321",
        arn: "arn:aws:ec2:us-east-1:210987654321:vpc-flow-log/*",
        documented: true,
      }),
    );
    expect(trust).toEqual({
      Effect: "Allow",
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": "210987654321" },
        ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:210987654321:vpc-flow-log/*" },
      },
    });
  });

  test("GIVEN a service that does not document the source keys THEN the conditions bind only when it sends them (IfExists)", () => {
    const trust = statement(serviceTrustPolicy("cloudtrail.amazonaws.com", { account: "210987654321", documented: false }));
    expect(trust.Condition).toEqual({ StringEqualsIfExists: { "aws:SourceAccount": "210987654321" } });
  });

  test("GIVEN no source THEN only EC2 (an instance role has no calling resource) is accepted; any other service is refused", () => {
    expect(SERVICES_WITHOUT_SOURCE_CONTEXT).toEqual(["ec2.amazonaws.com"]);
    expect(statement(serviceTrustPolicy("ec2.amazonaws.com")).Condition).toBeUndefined();
    expect(() => serviceTrustPolicy("config.amazonaws.com")).toThrow(
      'serviceTrustPolicy("config.amazonaws.com"): give the source account (and ARN) the service acts for: only ec2.amazonaws.com assumes roles without one',
    );
  });
});
