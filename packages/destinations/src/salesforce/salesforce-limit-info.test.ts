import { describe, expect, it } from 'vitest';
import { parseLimitInfo } from './salesforce-limit-info.js';

describe('parseLimitInfo', () => {
  it('reads api-usage, with or without api-bursts', () => {
    expect(parseLimitInfo('api-usage=10018/100000')).toEqual({ used: 10018, limit: 100000 });
    expect(parseLimitInfo('api-usage=10018/100000; api-bursts=1/750')).toEqual({ used: 10018, limit: 100000 });
    expect(parseLimitInfo('api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)')).toEqual({ used: 25, limit: 5000 });
  });

  it('ignores what it cannot read', () => {
    expect(parseLimitInfo(undefined)).toBeUndefined();
    expect(parseLimitInfo('')).toBeUndefined();
    expect(parseLimitInfo('per-app-api-usage=17/250')).toBeUndefined();
    expect(parseLimitInfo('api-usage=5/0')).toBeUndefined();
  });
});
