import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { envSchema as bot } from '../../services/bot/src/config.js';
import { envSchema as heaven } from '../../services/heaven/src/config.js';
import { envSchema as notifier } from '../../services/notifier/src/config.js';
// @ts-expect-error: a plain ES module of the repository's scripts, without types.
import * as reference from '../../scripts/env-reference.mjs';

type Variable = { name: string; description: string };
const { collectVariables, renderEnvExample, renderTable, withTable } = reference as {
  collectVariables(schemas: Record<string, z.ZodObject>): Variable[];
  renderEnvExample(variables: Variable[]): string;
  renderTable(variables: Variable[]): string;
  withTable(readme: string, table: string): string;
};

// The variables live in one place, the services' env schemas; the README's table and .env.example
// are generated from them (node scripts/env-reference.mjs) and must not drift.
const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const variables = collectVariables({ bot, heaven, notifier });

describe('the variables reference', () => {
  it('describes every variable of every schema', () => {
    expect(variables.filter((v) => !v.description).map((v) => v.name)).toEqual([]);
  });

  it("is what the README's table says (run node scripts/env-reference.mjs after changing a schema)", () => {
    const readme = read('README.md');
    expect(withTable(readme, renderTable(variables))).toBe(readme);
  });

  it('is what .env.example says', () => {
    expect(renderEnvExample(variables)).toBe(read('.env.example'));
  });
});
