#!/usr/bin/env node
// Summarizes V8 .cpuprofile files (from BENCH_CPU_PROF=1): self time by function and by package.
//   node bench/profile-summary.mjs <file.cpuprofile>... [--top 25]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topIdx = args.indexOf('--top');
const top = topIdx >= 0 ? Number(args.splice(topIdx, 2)[1]) : 25;

for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  // Shares are of the busy time: idle samples (waiting for I/O or for load) are left out.
  const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const total = [...self].filter(([id]) => !idleIds.has(id)).reduce((a, [, b]) => a + b, 0);
  // Inclusive time per function: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const where = f.url
      ? `${f.url
          .replace(/^file:\/\//, '')
          .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
          .replace(/^\/work\/main\//, '')}:${f.lineNumber + 1}`
      : '';
    return `${f.functionName || '(anonymous)'} ${where}`;
  };
  const inclusive = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    if (idleIds.has(profile.samples[i])) continue;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) seen.add(keyOf(byId.get(id)));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (dt[i] ?? 0));
  }
  const fns = new Map();
  const pkgs = new Map();
  for (const [id, us] of self) {
    const { callFrame: f } = byId.get(id);
    const where = f.url
      ? `${f.url
          .replace(/^file:\/\//, '')
          .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
          .replace(/^\/work\/main\//, '')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    let pkg = '(native/gc/idle)';
    if (f.url.includes('node_modules'))
      pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? '?';
    else if (f.url.startsWith('node:')) pkg = 'node: (core)';
    else if (f.url)
      pkg = f.url
        .replace(/^file:\/\/\/work\/main\//, '')
        .split('/')
        .slice(0, 2)
        .join('/');
    else if (f.functionName === '(idle)') pkg = '(idle)';
    else if (f.functionName === '(garbage collector)') pkg = '(gc)';
    else if (f.functionName === '(program)') pkg = '(program)';
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s busy (idle left out)`);
  console.log('  by package:');
  for (const [k, v] of [...pkgs]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => k !== '(idle)')
    .slice(0, 15))
    console.log(`   ${pct(v)}  ${k}`);
  console.log('  by function (self):');
  for (const [k, v] of [...fns]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !k.startsWith('(idle)'))
    .slice(0, top))
    console.log(`   ${pct(v)}  ${k}`);
  console.log('  by function (inclusive):');
  for (const [k, v] of [...inclusive]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !/^\((root|program|idle)\)/.test(k))
    .slice(0, top))
    console.log(`   ${pct(v)}  ${k}`);
}
