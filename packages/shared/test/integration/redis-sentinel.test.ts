import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createRedis, parseSentinelUrl, type Redis } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';

/** A Sentinel that knows one master (the test Redis) and records the commands it received. */
async function fakeSentinel(master: {
  host: string;
  port: number;
}): Promise<{ port: number; commands: string[][]; server: Server; sockets: Set<Socket> }> {
  const commands: string[][] = [];
  const sockets = new Set<Socket>();
  const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.slice(parsed.length);
        commands.push(parsed.args);
        const [cmd, sub] = parsed.args.map((a) => a.toLowerCase());
        if (cmd === 'sentinel' && sub === 'get-master-addr-by-name')
          socket.write(`*2\r\n${bulk(master.host)}${bulk(String(master.port))}`);
        else if (cmd === 'sentinel') socket.write('*0\r\n');
        else if (cmd === 'ping') socket.write('+PONG\r\n');
        else if (cmd === 'info') socket.write(bulk('# Sentinel\r\nredis_mode:sentinel\r\n'));
        else socket.write('+OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, commands, server, sockets };
}

function parseCommand(buffer: string): { args: string[]; length: number } | null {
  const m = /^\*(\d+)\r\n/.exec(buffer);
  if (!m) return null;
  let at = m[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(m[1]); i += 1) {
    const len = /^\$(\d+)\r\n/.exec(buffer.slice(at));
    if (!len) return null;
    at += len[0].length;
    if (buffer.length < at + Number(len[1]) + 2) return null;
    args.push(buffer.slice(at, at + Number(len[1])));
    at += Number(len[1]) + 2;
  }
  return { args, length: at };
}

describe('parseSentinelUrl', () => {
  it('reads the Sentinels, the master name, the passwords, the database and TLS', () => {
    expect(
      parseSentinelUrl(
        'rediss+sentinel://:s3cret@10.0.0.1:26380/main' +
          '?sentinels=10.0.0.2:26379,[::1]:26381,10.0.0.4&sentinel_password=sp&db=2',
      ),
    ).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26380 },
        { host: '10.0.0.2', port: 26379 },
        { host: '::1', port: 26381 },
        { host: '10.0.0.4', port: 26379 },
      ],
      name: 'main',
      password: 's3cret',
      sentinelPassword: 'sp',
      db: 2,
      tls: {},
    });
    expect(parseSentinelUrl('redis+sentinel://sentinel/mymaster')).toEqual({
      sentinels: [{ host: 'sentinel', port: 26379 }],
      name: 'mymaster',
    });
  });

  it('leaves other URLs alone and refuses a Sentinel URL without a master name', () => {
    expect(parseSentinelUrl('redis://127.0.0.1:6379/0')).toBeNull();
    expect(() => parseSentinelUrl('redis+sentinel://127.0.0.1:26379')).toThrow(
      'a redis+sentinel:// URL needs the master name as its path',
    );
  });
});

describe('createRedis with a redis+sentinel:// URL', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('asks the Sentinel for the master and talks to it', async () => {
    const target = new URL(REDIS_URL);
    const sentinel = await fakeSentinel({ host: target.hostname, port: Number(target.port || 6379) });
    closers.push(
      () =>
        new Promise((resolve) => {
          for (const s of sentinel.sockets) s.destroy();
          sentinel.server.close(resolve);
        }),
    );
    const redis: Redis = createRedis(`redis+sentinel://127.0.0.1:${sentinel.port}/mymaster`, 'worker');
    const prefix = testPrefix('sentinel');
    closers.push(async () => {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    });
    await redis.set(`${prefix}:k`, 'v');
    expect(await redis.get(`${prefix}:k`)).toBe('v');
    expect(sentinel.commands.map((c) => c.join(' ').toLowerCase())).toContain(
      'sentinel get-master-addr-by-name mymaster',
    );
  });
});
