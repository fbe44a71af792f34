/** A ref as a DNS-safe environment suffix: `feature/Login_Page` → `feature-login-page`. */
export function branchSlug(ref: string): string {
  const slug = ref
    .toLowerCase()
    .replace(/^refs\/heads\//, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'branch';
}
