import { describe, expect, it } from 'vitest';
import { classifySlack } from './classify-slack.js';

const answer = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, headers, body });

describe('classifySlack', () => {
  it.each([
    [200, 'ok', 'ok'],
    [400, 'invalid_payload', 'rejected'],
    [400, 'invalid_blocks', 'rejected'],
    [400, 'no_text', 'rejected'],
    [400, 'something_new', 'rejected'],
    [403, 'action_prohibited', 'auth'],
    [403, 'invalid_token', 'auth'],
    [403, 'posting_to_general_channel_denied', 'auth'],
    [404, 'no_service', 'auth'],
    [404, 'channel_not_found', 'auth'],
    [404, 'no_team', 'auth'],
    [410, 'channel_is_archived', 'auth'],
    [500, 'rollup_error', 'retry'],
    [502, '<html>bad gateway</html>', 'retry'],
    [503, '', 'retry'],
    [408, '', 'retry'],
    [302, '', 'rejected'],
  ])('HTTP %i %s is %s', (status, body, kind) => {
    expect(classifySlack(answer(status, body)).kind).toBe(kind);
  });

  it('throttles for Retry-After on 429', () => {
    expect(classifySlack(answer(429, 'rate_limited', { 'retry-after': '30' }))).toMatchObject({ kind: 'throttled', waitMs: 30_000 });
  });

  it('says what to do, and keeps Slack’s code', () => {
    expect(classifySlack(answer(404, 'no_service'))).toMatchObject({
      kind: 'auth', status: 404, reason: expect.stringMatching(/^Slack answered 404 no_service: .*create a new webhook/),
    });
    expect(classifySlack(answer(410, 'channel_is_archived')).kind).toBe('auth');
  });
});
