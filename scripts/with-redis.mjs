#!/usr/bin/env node
// Runs a command with a Redis that answers: the one at REDIS_URL (default redis://127.0.0.1:6379)
// if it answers PING, or else a private redis-server on a free port, stopped afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-redis.mjs <command> [args...]');
  process.exit(2);
}

function ping(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().includes('PONG')));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis = null;
if (!(await ping(url))) {
  const which = () => spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  let found = which();
  if (!found && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    console.log('[with-redis] installing redis-server (apt-get)');
    spawnSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null'],
      { stdio: 'inherit' },
    );
    found = which();
  }
  if (!found) {
    console.error(
      `[with-redis] no Redis answers at ${url} and redis-server is not installed.\n` +
        '  Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis),\n' +
        '  or point REDIS_URL at a Redis 6.2+ that answers.',
    );
    process.exit(1);
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'chatops-redis-'));
  redis = spawn(
    found,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await ping(process.env.REDIS_URL)); i++) await new Promise((r) => setTimeout(r, 100));
  console.log(`[with-redis] started a private redis-server at ${process.env.REDIS_URL}`);
} else {
  process.env.REDIS_URL = url;
}

const child = spawn(cmd, args, { stdio: 'inherit', env: process.env });
const stop = (signal) => child.kill(signal);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code, signal) => {
  if (redis) redis.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
