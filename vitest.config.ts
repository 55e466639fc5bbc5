import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The widget's JSX compiles to its own `h` (packages/widget/src/dom.ts), in tests as in the build.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Redis-backed tests use random key prefixes and ports, so files run in parallel safely.
    fileParallelism: true,
  },
});
