import type { CiRef, GitHubPort, RefKind, TriggerContext } from '../ports.js';

/**
 * The branch or tag a CI builds for a deployment (a CI builds a branch head or a tag, never a given
 * sha; the sha to deploy goes in the parameters). Pure: a branch or a tag is built as itself; a
 * commit (a rollback, an auto-deploy) builds the branch it came from, the signed `chatops.branch`,
 * else null: the repository's default branch.
 */
export function ciRefOf(kind: RefKind, ref: string, signedBranch: string | undefined): CiRef | null {
  if (kind === 'branch') return { branch: ref };
  if (kind === 'tag') return { tag: ref };
  return signedBranch ? { branch: signedBranch } : null;
}

/**
 * The CI ref of a deployment: the one the app's config names; else a branch the bot signed as the
 * deployment's ref (the default branch it deployed); else the deployment's ref as GitHub knows it
 * (GET …/branches/{ref}, then …/git/ref/tags/{ref}; never by the look of the string).
 */
export async function resolveCiRef(
  github: Pick<GitHubPort, 'refKind' | 'defaultBranch'>,
  ctx: TriggerContext,
  configured: string | undefined,
): Promise<CiRef> {
  if (configured) return { branch: configured };
  if (ctx.chatops?.branch && ctx.chatops.branch === ctx.deployment.ref) return { branch: ctx.deployment.ref };
  const [owner, repo] = ctx.repository.split('/') as [string, string];
  const kind = await github.refKind({ owner, repo }, ctx.deployment.ref);
  return (
    ciRefOf(kind, ctx.deployment.ref, ctx.chatops?.branch) ?? { branch: await github.defaultBranch({ owner, repo }) }
  );
}

/** The name a CI is given for its ref (workflow_dispatch takes a branch or tag name alike). */
export const ciRefName = (ref: CiRef): string => ('branch' in ref ? ref.branch : ref.tag);
