import { describe, expect, it } from 'vitest';
import { foreignActionReason } from './foreign-action.js';

const HOST = 'ops.example:9464';
const json = { 'content-type': 'application/json' };

describe('foreignActionReason', () => {
  it('lets reads through whatever sent them, and preflights (they carry no credentials)', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(foreignActionReason(method, { host: HOST, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).toBeUndefined();
    }
  });

  it("takes the board's own actions: same-origin pages, and clients that are not browsers", () => {
    expect(foreignActionReason('PUT', { host: HOST, 'sec-fetch-site': 'same-origin', origin: `https://${HOST}` })).toBeUndefined();
    expect(foreignActionReason('POST', { host: HOST, 'sec-fetch-site': 'same-origin', ...json })).toBeUndefined();
    expect(foreignActionReason('PATCH', { host: HOST })).toBeUndefined();
    expect(foreignActionReason('DELETE', { host: HOST })).toBeUndefined();
    expect(foreignActionReason('POST', { host: HOST, 'content-type': 'Application/JSON; charset=utf-8' })).toBeUndefined();
  });

  it('refuses what Sec-Fetch-Site says another site, or a sibling subdomain, sent', () => {
    expect(foreignActionReason('PUT', { host: HOST, 'sec-fetch-site': 'cross-site' })).toMatch(/cross-site page/);
    expect(foreignActionReason('PUT', { host: HOST, 'sec-fetch-site': 'same-site' })).toMatch(/same-site page/);
  });

  it('refuses, in a browser without Sec-Fetch-Site, an Origin that is not the board’s host', () => {
    expect(foreignActionReason('PUT', { host: HOST, origin: 'https://evil.example' })).toMatch(/origin https:\/\/evil\.example/);
    expect(foreignActionReason('PUT', { host: HOST, origin: 'https://ops.example' })).toMatch(/origin/);
    expect(foreignActionReason('PUT', { host: HOST, origin: 'null' })).toMatch(/origin null/);
    expect(foreignActionReason('PUT', { origin: `https://${HOST}` })).toMatch(/origin/);
    // By host only: behind a TLS proxy the browser's https is the worker's http.
    expect(foreignActionReason('PUT', { host: HOST, origin: `https://${HOST}` })).toBeUndefined();
    expect(foreignActionReason('PUT', { host: 'OPS.example:9464', origin: `http://${HOST}` })).toBeUndefined();
  });

  it('refuses a POST another page could send without asking first: a form, text, or no body type at all', () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', undefined]) {
      const headers = type === undefined ? { host: HOST } : { host: HOST, 'content-type': type };
      expect(foreignActionReason('POST', headers), String(type)).toMatch(/application\/json/);
    }
    // Even from the board's own origin: its pages post JSON, so anything else is not them.
    expect(foreignActionReason('POST', { host: HOST, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' })).toMatch(/application\/json/);
  });
});
