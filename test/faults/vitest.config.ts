import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the whole fault suite on the real stack, at full size (issue #11's
// outages: ClickHouse 60 s, Kafka 30 s, the webhook target 5 min). `npm test` runs its fast subset.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/..`,
    include: ['faults/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['./support/global-setup.ts'],
    env: { VIGIL_FAULT_PROFILE: 'full' },
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
