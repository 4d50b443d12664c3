import { CheckResult, exitCodeOf, mergeLines, renderReport, rowFor, Verdict, worst } from "../../../tools/preflight/report";

const row = (verdict: Verdict, check = "account: aws", stack = "coherent-dev"): CheckResult => ({
  stack,
  check,
  verdict,
  detail: `${verdict} detail`,
});

describe("the live preflight's report", () => {
  test.each([
    [["pass", "warn"], 0],
    [["pass", "cannot run"], 3],
    [["cannot run", "fail", "warn"], 1],
    [["fail"], 1],
    [[], 0],
  ] as [Verdict[], number][])(
    "GIVEN verdicts %j THEN the exit code is %d: a failure outranks a check that could not run, which is never a pass",
    (verdicts, code) => {
      expect(exitCodeOf(verdicts.map((verdict) => row(verdict)))).toBe(code);
    },
  );

  test("GIVEN verdicts THEN the worst is a failure, then could-not-run, then a warning", () => {
    expect(worst(["pass", "warn", "cannot run"])).toBe("cannot run");
    expect(worst(["cannot run", "fail"])).toBe("fail");
    expect(worst(["pass"])).toBe("pass");
  });

  test("GIVEN several lines of one check THEN one row: the worst verdict, every detail in order, each distinct fix once", () => {
    const fix = "put the id of the public hosted zone in config/coherent-prod.json";
    expect(
      mergeLines("coherent-prod", "hosted zones", [
        { verdict: "pass", detail: "Z1 serves example.com" },
        { verdict: "fail", detail: "Z2: no such hosted zone", fix },
        { verdict: "cannot run", detail: "Z3: denied", fix },
      ]),
    ).toEqual({
      stack: "coherent-prod",
      check: "hosted zones",
      verdict: "fail",
      detail: "Z1 serves example.com\nZ2: no such hosted zone\nZ3: denied",
      fix,
    });
    expect(mergeLines("coherent-prod", "hosted zones", [{ verdict: "pass", detail: "Z1 serves example.com" }]).fix).toBeUndefined();
  });

  test("GIVEN a row maker for one stack and check THEN each row carries them with its verdict, detail and fix", () => {
    expect(rowFor("coherent-dev", "lock table")("warn", "locks is CREATING", "wait")).toEqual({
      stack: "coherent-dev",
      check: "lock table",
      verdict: "warn",
      detail: "locks is CREATING",
      fix: "wait",
    });
  });

  test("GIVEN rows of two stacks with multi-line details and fixes THEN each stack gets its table, continuation lines align under the detail, and the summary counts every verdict", () => {
    const results: CheckResult[] = [
      {
        stack: "a",
        check: "quota: Elastic IPs",
        verdict: "fail",
        detail: "us-east-1: the 6th of 5\nsecond line",
        fix: "request 7:\naws service-quotas ...",
      },
      { stack: "b", check: "bucket names", verdict: "pass", detail: "2 of 2 names free" },
      { stack: "a", check: "lock table", verdict: "cannot run", detail: "DescribeTable in us-east-1 was denied" },
    ];
    const report = renderReport(
      "preflight --live: account 210987654321",
      [
        { stack: "a", about: "config/a.json, us-east-1" },
        { stack: "b", about: "config/b.json, us-east-1" },
      ],
      results,
    );
    const lines = report.split("\n");
    expect(lines[0]).toBe("preflight --live: account 210987654321");
    expect(lines).toContain("a (config/a.json, us-east-1)");
    const failRow = lines.find((line) => line.includes("quota: Elastic IPs"))!;
    const detailColumn = failRow.indexOf("us-east-1: the 6th of 5");
    expect(failRow).toMatch(/^ {2}quota: Elastic IPs +fail +us-east-1: the 6th of 5$/);
    expect(lines[lines.indexOf(failRow) + 1]).toBe(`${" ".repeat(detailColumn)}second line`);
    expect(lines[lines.indexOf(failRow) + 2]).toBe(`${" ".repeat(detailColumn)}fix: request 7:`);
    expect(lines[lines.indexOf(failRow) + 3]).toBe(`${" ".repeat(detailColumn)}     aws service-quotas ...`);
    // Stack b's row is under b's heading, not a's.
    expect(lines.indexOf(lines.find((line) => line.includes("bucket names"))!)).toBeGreaterThan(
      lines.indexOf("b (config/b.json, us-east-1)"),
    );
    expect(lines[lines.length - 1]).toBe("preflight --live: 1 failed, 1 could not run, 0 warning(s), 1 passed: a check failed (exit 1).");
  });
});
