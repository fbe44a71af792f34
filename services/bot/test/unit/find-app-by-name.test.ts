import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findApp } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { findAppByName } from '../../src/commands/find-app-by-name.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const names = [
  'api',
  'API',
  'backend',
  'Backend',
  'web',
  'ghost',
  'nope',
  '',
  'api ',
  'constructor',
  '__proto__',
  'toString',
];

describe('findAppByName', () => {
  it.each(names)('answers as findApp for %j', (name) => {
    expect(findAppByName(config, name)).toEqual(findApp(config, name));
  });

  it('answers as findApp for any name', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), (name) => {
        expect(findAppByName(config, name)).toEqual(findApp(config, name));
      }),
    );
  });

  it('indexes each config object on its own', () => {
    const other = parseAppsConfig(TEST_CONFIG.replace('aliases: [backend]', 'aliases: [server]'));
    expect(findAppByName(config, 'backend')?.name).toBe('api');
    expect(findAppByName(other, 'backend')).toBeNull();
    expect(findAppByName(other, 'server')?.name).toBe('api');
  });
});
