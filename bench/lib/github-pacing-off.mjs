// Loaded with `node --import` into the services for the "pacing off" end-to-end runs only: it
// replaces @octokit/plugin-throttling with a plugin that does nothing. As shipped, that plugin's
// `write` group lets one process send at most one POST/PATCH/PUT/DELETE to GitHub per second
// (Bottleneck maxConcurrent 1, minTime 1000 ms; GitHub's own guidance for content-creating
// requests), which caps the bot at one deployment a second and heaven at one status a second. With
// the pacing off, the run measures everything else. No service file is changed.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === '@octokit/plugin-throttling') {
    return { url: 'data:text/javascript,' + encodeURIComponent('export function throttling() { return {}; } throttling.VERSION = "off";'), shortCircuit: true };
  }
  return next(specifier, context);
}
`));
