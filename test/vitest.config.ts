import { defineConfig } from 'vitest/config';

// Cross-service tests on the real stack (Kafka + ClickHouse), and scenario tests.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // A second detector joining and leaving mid-stream (about 160 s) runs with the fault suite
    // (`npm run test:faults`) to keep CI under 20 minutes.
    exclude: ['**/node_modules/**', 'faults/detector-handover.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
