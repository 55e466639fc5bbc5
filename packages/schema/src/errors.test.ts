import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorBody, FeedloopError, isErrorCode } from './errors.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
// Rows of the table: | `CODE` | status | …
const documented = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => ({ code: m[1]!, status: Number(m[2]) }));

describe('error registry', () => {
  it('docs/errors.md lists exactly the registry’s codes, once each', () => {
    const codes = documented.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('docs/errors.md gives each code the registry’s status', () => {
    for (const { code, status } of documented) {
      expect(isErrorCode(code) && ERROR_CODES[code].status, code).toBe(status);
    }
  });

  it('builds the one error shape', () => {
    expect(errorBody('KEY_UNKNOWN')).toEqual({ error: { code: 'KEY_UNKNOWN', message: ERROR_CODES.KEY_UNKNOWN.message } });
    const error = new FeedloopError('RATE_LIMITED', 'slow down');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.toBody()).toEqual({ error: { code: 'RATE_LIMITED', message: 'slow down' } });
  });
});
