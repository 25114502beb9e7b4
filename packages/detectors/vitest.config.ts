import { defineConfig } from 'vitest/config';

// Several tests replay a simulated week through the engine: seconds of work, more on a busy 2-core CI.
export default defineConfig({ test: { testTimeout: 30_000 } });
