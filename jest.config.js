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
  // Two test files at a time on the 2-core CI machine: most of a test's time is spent waiting (Redis,
  // HTTP, the services' processes), and one file at a time (jest's default there) took 688 s against
  // 335 s for the same 233 files, all passing both ways.
  maxWorkers: 2,
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
