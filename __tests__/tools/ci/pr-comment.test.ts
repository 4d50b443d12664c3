import { buildComment, COMMENT_LIMIT, COMMENT_MARKER, upsertComment } from "../../../tools/ci/pr-comment";
import { fakeGitHub } from "../../support/fake-github";

const RUN = "https://github.com/acme/platforms/actions/runs/42";
const review = (stack: string, lines: number, attention = false) => ({
  stack,
  attention,
  markdown: [
    `### ${attention ? "❌" : "✅"} \`${stack}\`: create ${lines}, update 0, replace 0, delete 0`,
    ...Array.from({ length: lines }, (_, i) => `| create | \`aws_s3_object.file_${i}\` |  |`),
  ].join("\n"),
});

describe("the pull-request plan comment", () => {
  test("GIVEN reviews that fit THEN the comment holds them all, refused stacks first, with the marker and the artifacts link", () => {
    const body = buildComment([review("coherent-dev", 2), review("treasury-plane-prod", 1, true)], RUN);
    expect(body.startsWith(`${COMMENT_MARKER}\n## Terraform plans`)).toBe(true);
    expect(body).toContain(`[this run's artifacts](${RUN})`);
    expect(body.indexOf("treasury-plane-prod")).toBeLessThan(body.indexOf("coherent-dev"));
    expect(body).not.toContain("trimmed");
  });

  test("GIVEN reviews far over GitHub's 65,536-character limit THEN the comment fits, every stack keeps its heading, and trimmed ones say where the rest is", () => {
    const body = buildComment([review("coherent-prod", 3000), review("treasury-plane-prod", 3000, true), review("coherent-dev", 5)], RUN);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    for (const stack of ["coherent-prod", "treasury-plane-prod", "coherent-dev"]) expect(body).toContain(`\`${stack}\`: create`);
    expect(body).toContain(
      `_coherent-prod: review trimmed to fit GitHub's comment limit; the full review is in [the run's artifacts](${RUN})._`,
    );
    expect(body).toContain("aws_s3_object.file_4`"); // the short review is whole
  });

  test("GIVEN no changed stack THEN the comment says there is nothing to plan", () => {
    expect(buildComment([], RUN)).toContain("nothing to plan");
  });

  test("GIVEN no earlier comment THEN it is posted; GIVEN one with the marker among many pages of comments THEN that one is edited", async () => {
    const fresh = fakeGitHub({ "/issues/7/comments": [{ id: 1, body: "LGTM" }] });
    expect(await upsertComment(fresh.github, 7, "body")).toBe("created");
    expect(fresh.requests.at(-1)).toEqual({ method: "POST", path: "/issues/7/comments", body: { body: "body" } });

    const many = [...Array.from({ length: 150 }, (_, id) => ({ id, body: "chatter" })), { id: 999, body: `${COMMENT_MARKER}\nold` }];
    const later = fakeGitHub({ "/issues/7/comments": many });
    expect(await upsertComment(later.github, 7, "new")).toBe("updated");
    expect(later.requests.filter((request) => request.method === "GET")).toHaveLength(2);
    expect(later.requests.at(-1)).toEqual({ method: "PATCH", path: "/issues/comments/999", body: { body: "new" } });
  });
});
