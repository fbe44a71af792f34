#!/usr/bin/env node
// The chaos run (issue 7): deployments through the whole flow, on real processes and a private
// redis-server (AOF on, never the shared one), while the fake Slack/GitHub/CircleCI fail a share of
// calls, a random service is SIGKILLed and restarted every ~2 s, and Redis is killed and restarted
// once. Prints the figures and the checks; exits 1 if a check fails.
//   node scripts/chaos.mjs [--deployments 200] [--apps 5] [--envs staging,qa] [--fault-rate 0.1]
//                          [--kill-every-ms 2000] [--max-kills N] [--redis-restart-at 0.5] [--parallel 4]
//                          [--deadline-s 2400]
import { parseArgs } from 'node:util';
import { PrivateRedis, formatChaosReport, runChaos } from '@chatops/sandbox';

const { values } = parseArgs({
  options: {
    deployments: { type: 'string', default: '200' },
    apps: { type: 'string', default: '5' },
    envs: { type: 'string', default: 'staging,qa' },
    'fault-rate': { type: 'string', default: '0.1' },
    'kill-every-ms': { type: 'string', default: '2000' },
    'max-kills': { type: 'string', default: '' },
    'redis-restart-at': { type: 'string', default: '0.5' },
    parallel: { type: 'string', default: '4' },
    'deadline-s': { type: 'string', default: '2400' },
  },
});

if (!PrivateRedis.available()) {
  console.error(
    '[chaos] redis-server is not installed (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)',
  );
  process.exit(1);
}
const started = new Date();
const log = (line) => console.log(`[chaos +${((Date.now() - started.getTime()) / 1000).toFixed(1)}s] ${line}`);
const options = {
  deployments: Number(values.deployments),
  apps: Number(values.apps),
  environments: values.envs.split(',').filter(Boolean),
  faultRate: Number(values['fault-rate']),
  killEveryMs: Number(values['kill-every-ms']),
  maxKills: values['max-kills'] ? Number(values['max-kills']) : undefined,
  redisRestartAt: values['redis-restart-at'] === 'none' ? null : Number(values['redis-restart-at']),
  parallel: Number(values.parallel),
  deadlineMs: Number(values['deadline-s']) * 1000,
  log,
  abort: new AbortController(),
};
// Ctrl-C: stop the run's processes (services, private redis-server) before exiting.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => options.abort.abort());
log(`starting: ${JSON.stringify({ ...options, log: undefined, abort: undefined })}`);
const report = await runChaos({ ...options, signal: options.abort.signal });
console.log(`\n${formatChaosReport(report)}`);
process.exit(report.ok ? 0 : 1);
