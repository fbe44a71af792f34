import { createHash } from 'node:crypto';

/** The longest branch suffix of a transient environment's name (`review-<slug>`). */
const MAX_SLUG = 48;
const HASH_LENGTH = 8;

/**
 * A branch as a DNS-safe environment suffix, one per branch. A branch name that is already a slug
 * stays as it is (`feature-x`); any other gets 8 hex digits of its name's SHA-256 appended
 * (`feature/x` → `feature-x-5d1f0a3c`, `Feature-X` → `feature-x-…`), so two branches never share
 * one environment silently.
 */
export function branchSlug(ref: string): string {
  const branch = ref.replace(/^refs\/heads\//, '');
  const slug =
    branch
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_SLUG)
      .replace(/-+$/, '') || 'branch';
  // A branch named like a hashed slug gets a hash too: a kept slug never ends in one.
  const hashedLooking = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`).test(slug);
  if (slug === branch && !hashedLooking) return slug;
  const hash = createHash('sha256').update(branch).digest('hex').slice(0, HASH_LENGTH);
  return `${slug.slice(0, MAX_SLUG - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
}
