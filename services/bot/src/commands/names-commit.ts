/**
 * Whether a ref is that commit's sha itself (whole or abbreviated: GitHub takes 4 characters and
 * more), not a branch or tag pointing at it. Pure.
 */
export function namesCommit(ref: string, sha: string): boolean {
  return ref.length >= 4 && sha.startsWith(ref);
}
