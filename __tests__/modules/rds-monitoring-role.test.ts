import { propChecks } from "../../lib/construct-validation";
import { checkEnhancedMonitoring, RdsMonitoringRole } from "../../modules/rds-monitoring-role";
import { moduleTestStack, policy, resource, synthModule } from "../support/synth";

describe("RdsMonitoringRole", () => {
  test("GIVEN the role THEN only RDS monitoring, for this account's DB instances, can assume it and it carries AmazonRDSEnhancedMonitoringRole in the stack's partition", () => {
    const { json, construct } = synthModule((stack) => new RdsMonitoringRole(stack, "monitoring", { roleName: "db-monitoring" }));
    const role = resource(json, "aws_iam_role.monitoring");
    expect(role.name).toBe("db-monitoring");
    // Only for this account's DB instances in the stack's Region (RDS documents both keys for this role).
    expect(policy(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "monitoring.rds.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.current-account.account_id}" },
          ArnLike: {
            "aws:SourceArn":
              "arn:${data.aws_partition.current-partition.partition}:rds:us-east-1:${data.aws_caller_identity.current-account.account_id}:db:*",
          },
        },
      },
    ]);
    expect(resource(json, "aws_iam_role_policy_attachment.monitoring_policy")).toEqual({
      role: "${aws_iam_role.monitoring.name}",
      // The stack's partition, read at plan time: arn:aws:..., arn:aws-us-gov:... or arn:aws-cn:...
      policy_arn: "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    expect(construct.arn).toMatch(/TfToken/);
  });

  test("GIVEN a role name IAM refuses THEN it is refused naming the construct", () => {
    expect(() => new RdsMonitoringRole(moduleTestStack(), "monitoring", { roleName: "db monitoring" })).toThrow(
      /RdsMonitoringRole "test\/monitoring": roleName = "db monitoring": must be 1-64 letters, digits and \+=,\.@_-/,
    );
  });

  test.each<[number, string, string | undefined]>([
    [60, "db", undefined],
    [1, "a".repeat(53), undefined],
    [0, "a".repeat(63), undefined],
    [3, "db", "monitoringIntervalSeconds = 3: must be one of 0, 1, 5, 10, 15, 30, 60 (0 turns Enhanced Monitoring off)"],
    [5, "a".repeat(54), `identifier = "${"a".repeat(54)}": must be at most 53 characters`],
  ])("GIVEN interval %d and a %s identifier THEN the problem is %j", (interval, identifier, problem) => {
    const check = () => checkEnhancedMonitoring(propChecks(moduleTestStack()), "identifier", identifier, interval);
    if (problem === undefined) expect(check).not.toThrow();
    else expect(check).toThrow(problem);
  });
});
