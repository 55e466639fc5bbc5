import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Ceilings for the built files (npm run build), gzip level 9: about 1.3 times what they weighed when set.
// dashboard.js holds Preact, its hooks and the whole app.
const BUDGETS = { 'dashboard.js': 19_600, 'dashboard.css': 4_096 } as const;
const dist = new URL('../dist/', import.meta.url);
const gzip = (file: string) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;

describe('dashboard bundle size', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`${file} stays under ${budget} bytes gzip`, () => {
      expect(gzip(file)).toBeLessThanOrEqual(budget);
    });
  }

  it('has no zod, no Node built-ins, and no debug build of Preact in it', () => {
    const code = readFileSync(new URL('dashboard.js', dist), 'utf8');
    expect(code).not.toMatch(/ZodError|node:|require\(|preact\/debug|localStorage/);
  });
});
