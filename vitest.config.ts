import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Apollo's packages load graphql as CommonJS; tests must use that one copy, not the ESM build.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
  },
});
