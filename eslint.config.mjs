// Lint rules that protect the architecture: the module-boundary rule keeps the dependency arrows
// one way (domain depends on nothing; the web never reaches into the server).
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.data', '**/tmp', '**/test-results', '**/playwright-report', 'apps/web-e2e/artifacts'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:domain'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts'] },
            { sourceTag: 'scope:migrations', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts', 'scope:migrations'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts', 'scope:server'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:domain'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through loadConfig() (libs/server/src/config) so it is validated once at boot.',
        },
      ],
    },
  },
  {
    // Tests may use the shared test harness; production code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'tools/testing/**/*.ts', 'libs/server/src/testing/**/*.ts', 'bench/**/*.ts', 'apps/web-e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: '*', onlyDependOnLibsWithTags: ['scope:domain', 'scope:contracts', 'scope:server', 'scope:migrations', 'scope:testing'] },
          ],
        },
      ],
    },
  },
  {
    // Workspace-level tool configuration files are not project code.
    files: ['**/jest*.config.js', 'jest.preset.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // libs/domain is the business rules and nothing else: no framework, no I/O.
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'fastify', 'react', 'react-admin', 'node:*', 'fs', 'http'], message: 'libs/domain must stay free of frameworks and I/O.' },
          ],
        },
      ],
    },
  },
  {
    // The configuration module, the launcher, tests and tools are where the environment is read.
    files: ['libs/server/src/config/**', 'apps/api/src/cli.ts', 'scripts/**', 'tools/**', 'bench/**', 'apps/web-e2e/**', '**/*.spec.ts', '**/*.int-spec.ts', 'apps/web/vite.config.ts', '**/*.config.ts', '**/*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
