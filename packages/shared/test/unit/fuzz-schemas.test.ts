import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import {
  type AppsConfig,
  ConfigError,
  chatCommandJobSchema,
  controlJobSchema,
  deploymentJobSchema,
  healthCheckJobSchema,
  notificationJobSchema,
} from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

// Property-based tests of the contracts every service trusts: the apps config schema and the job
// schemas never throw anything but their own errors on any input, and what they accept round-trips.
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const channel = fc.stringMatching(/^C[A-Z0-9]{4,10}$/);
const user = fc.stringMatching(/^U[A-Z0-9]{4,10}$/);

const environment = fc.record(
  {
    url: fc.webUrl(),
    production: fc.boolean(),
    confirm: fc.boolean(),
    transient: fc.boolean(),
    deployers: fc.array(user, { maxLength: 3 }),
    required_contexts: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const app = fc
  .record({
    repository: fc.tuple(word, word).map(([o, r]) => `${o}/${r}`),
    provider: fc.constant('circleci'),
    circleci: fc.record({ project_slug: word.map((w) => `gh/acme/${w}`) }),
    channel: fc.option(channel, { nil: undefined }),
    environments: fc.dictionary(word, environment, { minKeys: 1, maxKeys: 3 }),
  })
  .map((a) => (a.channel === undefined ? (({ channel: _c, ...rest }) => rest)(a) : a));

const config = fc.record({
  defaults: fc.record({ environment: word, channel }),
  apps: fc.dictionary(word, app, { minKeys: 1, maxKeys: 3 }),
});

const onlyConfigErrors = (text: string) => {
  try {
    parseAppsConfig(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message.startsWith('config:')).toBe(true);
  }
};

describe('the apps config schema under any input', () => {
  it('throws only a ConfigError naming the problem, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 200 })),
        onlyConfigErrors,
      ),
      { numRuns: 1000 },
    );
  });

  it('throws only a ConfigError for any YAML or JSON document', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ apps: fc.jsonValue() }),
          fc.record({ apps: fc.dictionary(word, fc.jsonValue()) }),
        ),
        (doc) => {
          onlyConfigErrors(toYaml(doc));
          onlyConfigErrors(JSON.stringify(doc) ?? 'null');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a config it accepts parses to the same result from YAML, from JSON, and from its own output', () => {
    let accepted = 0;
    fc.assert(
      fc.property(config, (doc) => {
        let parsed: AppsConfig;
        try {
          parsed = parseAppsConfig(toYaml(doc));
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError); // e.g. an alias clash the generator made
          return;
        }
        accepted += 1;
        expect(parseAppsConfig(JSON.stringify(doc))).toEqual(parsed);
        expect(parseAppsConfig(JSON.stringify(parsed))).toEqual(parsed);
        expect(parseAppsConfig(toYaml(parsed))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(150);
  });
});

describe('the job schemas under any input', () => {
  const schemas = {
    chatCommandJobSchema,
    controlJobSchema,
    deploymentJobSchema,
    healthCheckJobSchema,
    notificationJobSchema,
  };
  it.each(Object.entries(schemas))(
    '%s never throws, and what it accepts round-trips through JSON (as BullMQ stores it)',
    (_name, schema) => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.jsonValue(),
            fc.record({ command: fc.jsonValue(), deployment: fc.jsonValue(), status: fc.jsonValue() }),
          ),
          (data) => {
            const result = schema.safeParse(data);
            if (result.success) expect(schema.parse(JSON.parse(JSON.stringify(result.data)))).toEqual(result.data);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});
