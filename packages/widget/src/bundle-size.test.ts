import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Ceilings for the built files (npm run build), gzip level 9. The script tag's file holds everything (renderer,
// styles, English, outbox); other languages are fetched on demand, one small file each.
const BUDGETS = { 'feedloop.iife.js': 10_240, 'feedloop.mjs': 10_240 } as const;
const LOCALE_BUDGET = 1_024;
const dist = new URL('../dist/', import.meta.url);
const gzip = (path: string | URL) => gzipSync(readFileSync(path), { level: 9 }).length;

describe('widget bundle size', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`${file} stays under ${budget} bytes gzip`, () => {
      expect(gzip(new URL(file, dist))).toBeLessThanOrEqual(budget);
    });
  }

  it(`each language file stays under ${LOCALE_BUDGET} bytes gzip`, () => {
    const files = readdirSync(new URL('locales/', dist));
    expect(files.sort()).toEqual(['ar.json', 'de.json', 'es.json', 'fr.json', 'he.json', 'ja.json', 'pt.json']);
    for (const file of files) expect(gzip(new URL(`locales/${file}`, dist)), file).toBeLessThanOrEqual(LOCALE_BUDGET);
  });

  it('has no zod, no Node built-ins and no second copy of a UI library in it', () => {
    const code = readFileSync(new URL('feedloop.iife.js', dist), 'utf8');
    expect(code).not.toMatch(/ZodError|node:|require\(|preact|react/i);
  });
});
