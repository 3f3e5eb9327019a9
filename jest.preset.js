// Shared Jest settings. SWC compiles TypeScript (with decorator metadata for Nest) in
// milliseconds; type errors are caught by the separate `typecheck` target instead.
const path = require('node:path');
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.exclude;
swcrc.jsc.baseUrl = __dirname;

const moduleNameMapper = {
  '^@pairline/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@pairline/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@pairline/server$': '<rootDir>/libs/server/src/index.ts',
  '^@pairline/server/(.*)$': '<rootDir>/libs/server/src/$1',
  '^@pairline/migrations$': '<rootDir>/migrations/index.ts',
  '^@pairline/testing$': '<rootDir>/tools/testing/index.ts',
};

function base(displayName, projectDir) {
  return {
    displayName,
    rootDir: __dirname,
    roots: [projectDir],
    testEnvironment: 'node',
    transform: {
      '/node_modules/.+\\.[cm]?js$': '<rootDir>/tools/testing/esm-to-cjs.js',
      '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }],
    },
    // NestJS 12 ships ES modules only; see tools/testing/esm-to-cjs.js.
    transformIgnorePatterns: [],
    moduleNameMapper,
  };
}

/** Pure tests: no network, no database. */
function unitProject(displayName, projectDir) {
  return { ...base(displayName, projectDir), testMatch: ['**/*.spec.ts'] };
}

/** Tests against real PostgreSQL and Redis; see scripts/test-services. */
function integrationProject(displayName, projectDir) {
  return {
    ...base(`${displayName}:integration`, projectDir),
    testMatch: ['**/*.int-spec.ts'],
    globalSetup: '<rootDir>/tools/testing/global-setup.ts',
    globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
    testTimeout: 30_000,
    maxWorkers: 2,
  };
}

module.exports = { unitProject, integrationProject };
