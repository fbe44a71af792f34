#!/usr/bin/env node
// Everything a fresh machine with Node 20 needs before it can run chatops: pnpm at the pinned
// version, the dependencies from the lockfile, and the TypeScript build. Safe to run again.
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const wanted = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).packageManager.split('@')[1];

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`[setup] ${cmd} ${args.join(' ')} failed (exit ${res.status})`);
    process.exit(res.status ?? 1);
  }
}

let current = '';
try {
  current = execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
} catch {
  /* not installed */
}
if (current !== wanted) {
  console.log(`[setup] installing pnpm ${wanted} (found ${current || 'none'})`);
  run('npm', ['install', '--global', `pnpm@${wanted}`]);
}
run('pnpm', ['install', '--frozen-lockfile', '--reporter=silent']);
run('pnpm', ['--recursive', 'build']);
