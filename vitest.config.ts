import { defineConfig } from 'vitest/config';

// Two tiers: `*.unit.test.ts` files test pure logic and need no services (`npm run test:unit`);
// everything else talks to the real Redis, Meilisearch and S3 that the global setup starts.
// `npm test` runs both.
const roots = ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tests/**/*.test.ts'];
const unit = roots.map((r) => r.replace('*.test.ts', '*.unit.test.ts'));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      { extends: true, test: { name: 'integration', include: roots, exclude: [...unit, '**/node_modules/**'], globalSetup: ['./packages/testing/src/global-setup.ts'] } },
    ],
  },
});
