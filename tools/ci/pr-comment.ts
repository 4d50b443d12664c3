/**
 * One pull-request comment with every planned stack's review, kept up to date: found again by a hidden
 * marker and edited, never posted twice. GitHub's REST API refuses a longer comment with 422 "body is too
 * long (maximum is 65536 characters)" (documented nowhere else; quoted in danger/danger#424, measured in
 * dead-claudia/github-limits#13 as 262,144 bytes). A body of at most 65,536 UTF-16 units is within both
 * readings, so a long review is cut per stack, refused stacks first, with a link to the run whose artifacts
 * hold every saved plan and full review.
 */
import { GitHub } from "./github";

export const COMMENT_MARKER = "<!-- platforms:plan-review -->";
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

export interface StackReview {
  readonly stack: string;
  /** tools/plans/report.ts's Markdown review. */
  readonly markdown: string;
  /** The guard refused the plan, or the plan failed: shown first and kept whole when anything is. */
  readonly attention: boolean;
}

export function buildComment(reviews: readonly StackReview[], runUrl: string, limit = COMMENT_LIMIT): string {
  const ordered = [...reviews].sort((a, b) => Number(b.attention) - Number(a.attention) || a.stack.localeCompare(b.stack));
  const head = [
    COMMENT_MARKER,
    "## Terraform plans",
    "",
    `Saved plans, plan JSON and full reviews: [this run's artifacts](${runUrl}).`,
    "",
  ].join("\n");
  const note = (stack: string) =>
    `\n\n_${stack}: review trimmed to fit GitHub's comment limit; the full review is in [the run's artifacts](${runUrl})._`;
  const join = (sections: readonly string[]) => `${head}\n${sections.join("\n\n")}`;
  if (reviews.length === 0) return join(["No stack's synthesized JSON changed: nothing to plan."]);

  const sections = ordered.map((review) => review.markdown);
  // Cut the longest section until everything fits: each keeps at least its heading line and the note.
  while (join(sections).length > limit) {
    const longest = sections.reduce((best, section, index) => (section.length > sections[best].length ? index : best), 0);
    const lines = sections[longest].split("\n");
    const stack = ordered[longest].stack;
    const kept = lines.slice(0, Math.max(1, Math.floor(lines.length / 2)));
    const shorter = `${kept.join("\n")}${note(stack)}`;
    if (shorter.length >= sections[longest].length) break;
    sections[longest] = shorter;
  }
  const body = join(sections);
  return body.length <= limit
    ? body
    : `${body.slice(0, limit - 200)}\n\n_Cut at GitHub's comment limit: see [the run's artifacts](${runUrl})._`;
}

interface IssueComment {
  readonly id: number;
  readonly body?: string;
}

/** Edits the pull request's review comment, or posts it the first time. */
export async function upsertComment(github: GitHub, pullRequest: number, body: string): Promise<"created" | "updated"> {
  const comments = await github.list<IssueComment>(`/issues/${pullRequest}/comments`);
  const existing = comments.find((comment) => comment.body?.startsWith(COMMENT_MARKER));
  if (existing) {
    await github.request("PATCH", `/issues/comments/${existing.id}`, { body });
    return "updated";
  }
  await github.request("POST", `/issues/${pullRequest}/comments`, { body });
  return "created";
}
