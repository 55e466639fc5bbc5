import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Ceilings for the built bundles (npm run build). The script tag's budget is 10 KB gzip, all included.
const BUDGETS = { 'feedloop.iife.js': 10_240, 'feedloop.mjs': 10_240 } as const;

describe('widget bundle size', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`${file} stays under ${budget} bytes gzip`, () => {
      const code = readFileSync(new URL(`../dist/${file}`, import.meta.url));
      const gzip = gzipSync(code, { level: 9 }).length;
      expect(gzip).toBeLessThanOrEqual(budget);
    });
  }

  it('has no zod and no Node built-ins in it', () => {
    const code = readFileSync(new URL('../dist/feedloop.iife.js', import.meta.url), 'utf8');
    expect(code).not.toMatch(/ZodError|node:|require\(/);
  });
});
