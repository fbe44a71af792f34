import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, scrubSecrets } from '@chatops/shared/runtime';

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
});
