import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStart } from './read-start.js';

describe('readStart', () => {
  it('reads at most the limit and stops reading the rest', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1;
        this.push('x'.repeat(512));
      },
    });
    const text = await readStart(endless, 1024);
    expect(text).toBe('x'.repeat(1024));
    expect(produced).toBeLessThan(10);
    expect(endless.destroyed).toBe(true);
  });

  it('returns short bodies whole', async () => {
    expect(await readStart(Readable.from(['not ', 'found']))).toBe('not found');
  });
});
