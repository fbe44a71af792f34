// One jest run for the whole monorepo, in native ESM mode (the octokit packages are ESM-only).
// Workspace packages are mapped to their TypeScript sources, so no build is needed for unit and
// integration tests; the end-to-end tests start the services from their built output.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
};
const moduleNameMapper = {
  '^@chatops/shared/(contracts|runtime)$': '<rootDir>/packages/shared/src/$1/index.ts',
  '^@chatops/testkit$': '<rootDir>/packages/testkit/src/index.ts',
  '^@chatops/sandbox$': '<rootDir>/packages/sandbox/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/scripts/jest-setup.js'],
};

export default {
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,services}/*/test/unit/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,services}/*/test/integration/**/*.test.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
