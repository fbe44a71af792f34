// Packages the benchmark uses that are dependencies of the services, not of the root: resolved from
// where the services resolve them, so the competitors run the very same versions.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromShared = createRequire(new URL('../../packages/shared/package.json', import.meta.url));

export async function importFromServices(name) {
  return import(pathToFileURL(fromShared.resolve(name)).href);
}
