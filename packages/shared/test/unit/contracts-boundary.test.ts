import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// A contract import pulls in nothing else: every file under src/contracts imports only zod, node:
// builtins and other contract files.
const CONTRACTS = join(import.meta.dirname, '..', '..', 'src', 'contracts');
const files = readdirSync(CONTRACTS, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'));

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);
}

describe('@chatops/shared/contracts', () => {
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s imports only zod, node: builtins and other contracts', (file) => {
    const source = readFileSync(join(CONTRACTS, file), 'utf8');
    const outside = importsOf(source).filter((spec) => {
      if (spec === 'zod' || spec.startsWith('node:')) return false;
      if (!spec.startsWith('.')) return true;
      return relative(CONTRACTS, join(CONTRACTS, file, '..', spec)).startsWith('..');
    });
    expect(outside).toEqual([]);
  });
});
