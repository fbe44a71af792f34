import { githubCall } from '@chatops/shared/runtime';
import type { Octokit } from '@octokit/rest';
import type { RefSource } from '../ports.js';

/** At most this many pages of 100 of each (10,000 branches: more than a dialog's search needs). */
const MAX_PAGES = 100;

/**
 * A repository's branches and tags over the shared GitHub client: `GET /repos/{o}/{r}/branches` and
 * `/tags`, 100 a page, following GitHub's pagination (the Link header) page by page.
 */
export function createGitHubRefSource(octokit: Octokit): RefSource {
  return {
    async refs(repository) {
      const [owner, repo] = repository.split('/') as [string, string];
      const names = async (what: 'branches' | 'tags') => {
        const out: string[] = [];
        const pages = octokit.paginate.iterator(
          what === 'branches' ? octokit.rest.repos.listBranches : octokit.rest.repos.listTags,
          { owner, repo, per_page: 100 },
        );
        let n = 0;
        await githubCall(`${what === 'branches' ? 'branch' : 'tag'} list`, async () => {
          for await (const page of pages) {
            out.push(...page.data.map((r) => r.name));
            n += 1;
            if (n >= MAX_PAGES) break;
          }
        });
        return out;
      };
      const [branches, tags] = await Promise.all([names('branches'), names('tags')]);
      return { branches, tags };
    },
  };
}
