/** Links to GitHub's web UI (GITHUB_WEB_URL: github.com, or a GitHub Enterprise Server host). */
export function githubLinks(webUrl: string) {
  const base = webUrl.replace(/\/+$/, '');
  return {
    commit: (repository: string, sha: string) => `${base}/${repository}/commit/${encodeURIComponent(sha)}`,
    compare: (repository: string, from: string, to: string) =>
      `${base}/${repository}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`,
    user: (login: string) => `${base}/${encodeURIComponent(login)}`,
    repository: (repository: string) => `${base}/${repository}`,
  };
}

export type GithubLinks = ReturnType<typeof githubLinks>;
