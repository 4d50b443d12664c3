/**
 * A GitHub REST API stand-in for tests: answers from an in-memory list of issues and comments and
 * records every request, through the client's injected fetch (no network).
 */
import { Fetch, gitHub, GitHub } from "../../tools/ci/github";

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

export function fakeGitHub(lists: Record<string, unknown[]>): { github: GitHub; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetch: Fetch = (url, init) => {
    const { pathname, searchParams } = new URL(url);
    const path = pathname.replace("/repos/acme/platforms", "");
    const body = init.body ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    requests.push({
      method: init.method,
      path: `${path}${searchParams.get("state") ? `?state=${searchParams.get("state")}&labels=${searchParams.get("labels")}` : ""}`,
      body,
    });
    const page = Number(searchParams.get("page") ?? 1);
    const perPage = Number(searchParams.get("per_page") ?? 100);
    const list = Object.entries(lists).find(([prefix]) => `${path}?${searchParams.toString()}`.startsWith(prefix))?.[1];
    const answer = init.method === "GET" ? (list ?? []).slice((page - 1) * perPage, page * perPage) : { id: 1 };
    return Promise.resolve({
      ok: true,
      status: 200,
      json: () => Promise.resolve(answer),
      text: () => Promise.resolve(JSON.stringify(answer)),
    });
  };
  return { github: gitHub({ token: "t", repository: "acme/platforms", fetch }), requests };
}
