import { LogGroups } from "../../modules/log-groups";
import { moduleTestStack, resource, synthModule } from "../support/synth";
import { testKey } from "../support/fixtures";

const names = { app: "/coherent/dev/app", nginx: "/coherent/dev/nginx", system: "/coherent/dev/system" };

describe("LogGroups", () => {
  test("GIVEN named groups THEN each exists with the retention, addressed by its key", () => {
    const { json, construct } = synthModule((stack) => new LogGroups(stack, "log-groups", { names, retentionDays: 30 }));
    expect(resource(json, "aws_cloudwatch_log_group.log-groups_app")).toEqual({ name: "/coherent/dev/app", retention_in_days: 30 });
    expect(resource(json, "aws_cloudwatch_log_group.log-groups_nginx").name).toBe("/coherent/dev/nginx");
    expect(resource(json, "aws_cloudwatch_log_group.log-groups_system").name).toBe("/coherent/dev/system");
    expect(Object.keys(construct.names)).toEqual(["app", "nginx", "system"]);
  });

  test("GIVEN a key THEN the groups are encrypted with it", () => {
    const { json } = synthModule((stack) => new LogGroups(stack, "log-groups", { names, retentionDays: 90, kmsKey: testKey(stack) }));
    expect(resource(json, "aws_cloudwatch_log_group.log-groups_app")).toMatchObject({
      kms_key_id: "${aws_kms_key.key.arn}",
      retention_in_days: 90,
    });
  });

  test.each<[{ names: Record<string, string>; retentionDays: number }, RegExp]>([
    [
      { names, retentionDays: 10 },
      /LogGroups "test\/log-groups": retentionDays = 10: must be one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653/,
    ],
    [{ names: {}, retentionDays: 30 }, /LogGroups "test\/log-groups": names = \{\}: must list at least one log group/],
    [
      { names: { app: "coherent dev app" }, retentionDays: 30 },
      /LogGroups "test\/log-groups": names\.app = "coherent dev app": must be 1-512 letters, digits and _-\/\.#/,
    ],
  ])("GIVEN %j THEN it is refused", (props, message) => {
    expect(() => new LogGroups(moduleTestStack(), "log-groups", props)).toThrow(message);
  });
});
