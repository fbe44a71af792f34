import { Writable } from 'node:stream';
import { createLogger } from '@chatops/shared/runtime';

/** A logger whose lines (parsed) a test can read. */
export function captureLogger(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createLogger({ name: 'heaven', level, destination }) };
}
