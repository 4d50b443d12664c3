import { driftSummary, driftTitle, reportDrift } from "../../../tools/ci/drift";
import { GitHubError, gitHub } from "../../../tools/ci/github";
import { planWith, resourceChange } from "../../support/plan-json";
import { fakeGitHub } from "../../support/fake-github";

const details = {
  summary: ["- `aws_security_group.app`: update (ingress)"],
  runUrl: "https://github.com/acme/platforms/actions/runs/9",
  today: "2026-12-07",
};
const openIssue = { number: 12, title: driftTitle("coherent-prod") };

describe("drift", () => {
  test("GIVEN a refresh-only plan THEN the summary names each drifted resource and the attributes changed outside Terraform", () => {
    const plan = {
      ...planWith([]),
      resource_drift: [
        resourceChange({
          address: "aws_security_group.app",
          actions: ["update"],
          before: { name: "app", ingress: [] },
          after: { name: "app", ingress: [{ from_port: 22 }] },
        }),
        resourceChange({ address: "aws_eip.nat", actions: ["delete"], before: { domain: "vpc" }, after: null }),
      ],
    };
    expect(driftSummary(plan)).toEqual(["- `aws_security_group.app`: update (ingress)", "- `aws_eip.nat`: delete"]);
  });

  test("GIVEN a drifted stack without an issue THEN one is opened with the drift label", async () => {
    const { github, requests } = fakeGitHub({ "/issues?": [] });
    expect(await reportDrift(github, "coherent-prod", "drifted", details)).toBe("opened");
    expect(requests.at(-1)).toEqual({
      method: "POST",
      path: "/issues",
      body: {
        title: "Drift: coherent-prod",
        labels: ["drift"],
        body: expect.stringContaining("- `aws_security_group.app`: update (ingress)"),
      },
    });
  });

  test("GIVEN a drifted stack with its issue open THEN that issue is updated, not a second opened; a pull request of the same title is ignored", async () => {
    const { github, requests } = fakeGitHub({
      "/issues?": [{ number: 3, title: driftTitle("coherent-prod"), pull_request: {} }, openIssue],
    });
    expect(await reportDrift(github, "coherent-prod", "drifted", details)).toBe("updated");
    expect(requests.filter((request) => request.method !== "GET")).toEqual([
      { method: "PATCH", path: "/issues/12", body: { body: expect.stringContaining("refresh-only") } },
    ]);
  });

  test("GIVEN a clean stack with its issue open THEN the issue is closed with a comment; GIVEN none THEN nothing is written", async () => {
    const drifted = fakeGitHub({ "/issues?": [openIssue] });
    expect(await reportDrift(drifted.github, "coherent-prod", "clean", details)).toBe("closed");
    expect(drifted.requests.filter((request) => request.method !== "GET")).toEqual([
      { method: "POST", path: "/issues/12/comments", body: { body: expect.stringContaining("Clean again on 2026-12-07") } },
      { method: "PATCH", path: "/issues/12", body: { state: "closed", state_reason: "completed" } },
    ]);
    const clean = fakeGitHub({ "/issues?": [] });
    expect(await reportDrift(clean.github, "coherent-dev", "clean", details)).toBe("none");
    expect(clean.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  test("GIVEN a plan that failed THEN no issue is touched", async () => {
    const { github, requests } = fakeGitHub({ "/issues?": [openIssue] });
    expect(await reportDrift(github, "coherent-prod", "failed", details)).toBe("none");
    expect(requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  test("GIVEN GitHub refuses a request THEN the error names the call and GitHub's answer", async () => {
    const github = gitHub({
      token: "t",
      repository: "acme/platforms",
      fetch: () =>
        Promise.resolve({
          ok: false,
          status: 403,
          json: () => Promise.resolve({}),
          text: () => Promise.resolve('{"message":"Resource not accessible by integration"}'),
        }),
    });
    await expect(reportDrift(github, "coherent-prod", "drifted", details)).rejects.toThrow(
      new GitHubError(
        'GitHub GET /issues?state=open&labels=drift&per_page=100&page=1 answered 403: {"message":"Resource not accessible by integration"}',
      ),
    );
  });
});
