/**
 * The few GitHub REST calls the workflows make (https://docs.github.com/en/rest), with the token GitHub
 * gives each workflow run (GITHUB_TOKEN). `fetch` is injected so tests answer without a network.
 */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

export interface GitHub {
  request<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T>;
  /** Every item of a list endpoint, page by page (100 per page). */
  list<T>(path: string): Promise<T[]>;
}

export interface GitHubOptions {
  readonly token: string;
  /** `owner/name`, as GITHUB_REPOSITORY holds it. */
  readonly repository: string;
  /** @default "https://api.github.com" (GITHUB_API_URL on GitHub Enterprise) */
  readonly apiUrl?: string;
  readonly fetch?: Fetch;
}

export class GitHubError extends Error {}

export function gitHub(options: GitHubOptions): GitHub {
  const base = `${options.apiUrl ?? "https://api.github.com"}/repos/${options.repository}`;
  const send: Fetch = options.fetch ?? fetch;
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await send(`${base}${path}`, {
      method,
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${options.token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new GitHubError(`GitHub ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    request,
    async list<T>(path: string) {
      const items: T[] = [];
      for (let page = 1; ; page++) {
        const separator = path.includes("?") ? "&" : "?";
        const batch = await request<T[]>("GET", `${path}${separator}per_page=100&page=${page}`);
        items.push(...batch);
        if (batch.length < 100) return items;
      }
    },
  };
}

/** The client for this workflow run, from GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL. */
export function gitHubFromEnvironment(env: NodeJS.ProcessEnv = process.env): GitHub {
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, GITHUB_API_URL: apiUrl } = env;
  if (!token || !repository) throw new GitHubError("GITHUB_TOKEN and GITHUB_REPOSITORY must be set (a GitHub Actions run sets them)");
  return gitHub({ token, repository, apiUrl });
}
