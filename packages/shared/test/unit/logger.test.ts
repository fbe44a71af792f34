import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, REDACT_PATHS, scrubSecrets } from '@chatops/shared/runtime';
import { pino } from 'pino';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts secret values wherever they appear, and known secret paths', () => {
    const { lines, stream } = capture();
    const log = createLogger({ name: 'test', secrets: ['xoxb-very-secret-token'], destination: stream });
    log.info(
      { url: 'https://x/?t=xoxb-very-secret-token', token: 'abc123', headers: { authorization: 'Bearer zzz' } },
      'called with xoxb-very-secret-token',
    );
    const line = lines.join('');
    expect(line).not.toContain('xoxb-very-secret-token');
    expect(line).not.toContain('abc123');
    expect(line).not.toContain('zzz');
    expect(JSON.parse(line)).toMatchObject({ msg: 'called with [redacted]', token: '[redacted]', service: 'test' });
  });

  it('redacts a secret with quotes or backslashes as JSON escapes it in the line, with every secret given', () => {
    const { lines, stream } = capture();
    const log = createLogger({ name: 'test', secrets: ['pa"ss\\word-1', 'second-secret'], destination: stream });
    log.info({ note: 'pa"ss\\word-1 and second-secret' }, 'second-secret twice: second-secret');
    const line = lines.join('');
    expect(JSON.parse(line)).toMatchObject({ note: '[redacted] and [redacted]', msg: '[redacted] twice: [redacted]' });
  });

  it('leaves lines without secrets alone', () => {
    expect(scrubSecrets('{"msg":"hello"}', ['topsecret'])).toBe('{"msg":"hello"}');
  });

  it("writes every line as pino's own redaction does, objects and primitives, fields and bindings", () => {
    const ours = capture();
    const theirs = capture();
    const log = createLogger({ name: 'test', level: 'debug', destination: ours.stream });
    const reference = pino(
      {
        name: 'test',
        level: 'debug',
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        base: { service: 'test' },
        timestamp: pino.stdTimeFunctions.isoTime,
      },
      theirs.stream,
    );
    const lines: Array<[Record<string, unknown>, string]> = [
      [{ event: 'deployment', deliveryId: 'd-1', deploymentId: 42, jobId: 'deployment-42' }, 'queued'],
      [{ text: 'a "quoted" \\ line\nwith\u2028 ünïcode', n: -0.5, nan: Number.NaN, inf: Infinity, ok: false }, 'p'],
      [{ nothing: null, gone: undefined, when: new Date(0), list: [1, 'two', { token: 't' }] }, 'x'],
      [{ token: 't', response_url: 'https://hooks/x', secret: 's', password: 'p' }, 'top-level paths'],
      [{ a: { token: 't', response_url: 'u', secret: 's', password: 'p', keep: 1 }, b: { c: { token: 'deep' } } }, 'w'],
      [{ headers: { authorization: 'Bearer z', accept: '*/*' }, req: { headers: { authorization: 'a' } } }, 'h'],
      [{ req: { headers: { 'x-slack-signature': 's', 'x-hub-signature-256': 'h', 'circle-token': 'c' } } }, 'r'],
      [{ err: Object.assign(new Error('boom'), { token: 'in-error' }) }, 'failed'],
    ];
    for (const [fields, msg] of lines) {
      log.info(fields, msg);
      reference.info(fields, msg);
    }
    const bindings = { reqId: 'r-1', count: 3, token: 'bound', nested: { secret: 's', ok: true } };
    log.child(bindings).warn({ more: 'x' }, 'child');
    reference.child(bindings).warn({ more: 'x' }, 'child');
    const withoutTime = (out: string[]) => out.map((l) => l.replace(/"time":"[^"]+",/, ''));
    expect(ours.lines).toHaveLength(lines.length + 1);
    expect(withoutTime(ours.lines)).toEqual(withoutTime(theirs.lines));
    expect(ours.lines.join('')).not.toMatch(/Bearer z|in-error|"bound"|hooks\/x/);
  });
});
