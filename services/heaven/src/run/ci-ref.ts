import type { CiRef, GitHubPort, RefKind, TriggerContext } from '../ports.js';

/**
 * The branch or tag a CI builds for a ref GitHub knows as a branch or a tag (a CI builds a branch
 * head or a tag, never a given sha; the sha to deploy goes in the parameters); null for a commit.
 * Pure.
 */
export function ciRefOf(kind: RefKind, ref: string): CiRef | null {
  if (kind === 'branch') return { branch: ref };
  if (kind === 'tag') return { tag: ref };
  return null;
}

/**
 * The CI ref of a deployment: the one the app's config names; else a branch the bot signed as the
 * deployment's ref (the default branch it deployed); else the deployment's ref as GitHub knows it
 * (GET …/branches/{ref}, then …/git/ref/tags/{ref}; never by the look of the string). A commit (a
 * rollback, an approved or promoted sha, an auto-deploy) builds the ref the bot signed as where it
 * came from (`chatops.branch`, a branch or a tag, as GitHub knows it now), else the default branch.
 */
export async function resolveCiRef(
  github: Pick<GitHubPort, 'refKind' | 'defaultBranch'>,
  ctx: TriggerContext,
  configured: string | undefined,
): Promise<CiRef> {
  if (configured) return { branch: configured };
  const signed = ctx.chatops?.branch;
  if (signed && signed === ctx.deployment.ref) return { branch: signed };
  const [owner, repo] = ctx.repository.split('/') as [string, string];
  const built = ciRefOf(await github.refKind({ owner, repo }, ctx.deployment.ref), ctx.deployment.ref);
  if (built) return built;
  const from = signed ? ciRefOf(await github.refKind({ owner, repo }, signed), signed) : null;
  return from ?? { branch: await github.defaultBranch({ owner, repo }) };
}

/** The name a CI is given for its ref (workflow_dispatch takes a branch or tag name alike). */
export const ciRefName = (ref: CiRef): string => ('branch' in ref ? ref.branch : ref.tag);
