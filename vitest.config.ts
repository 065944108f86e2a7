import { defineConfig } from 'vitest/config';

// Root config: Vite's own config has `root: 'renderer'`, so tests need a config of their own.
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'electron/**/*.test.ts', 'resources/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
