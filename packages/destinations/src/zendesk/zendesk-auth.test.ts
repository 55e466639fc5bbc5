import { describe, expect, it } from 'vitest';
import { authorizationHeader, zendeskAuthOf } from './zendesk-auth.js';

describe('Zendesk credentials', () => {
  it('signs with Basic {email}/token:{apiToken} or Bearer {oauthToken}', () => {
    expect(authorizationHeader({ email: 'jdoe@example.com', apiToken: 'abc' })).toBe(`Basic ${btoa('jdoe@example.com/token:abc')}`);
    expect(authorizationHeader({ oauthToken: 'xyz' })).toBe('Bearer xyz');
  });

  it('takes the credentials a config gives, preferring OAuth', () => {
    expect(zendeskAuthOf({ email: 'a@b.co', apiToken: 't' })).toEqual({ email: 'a@b.co', apiToken: 't' });
    expect(zendeskAuthOf({ oauthToken: 'o', email: 'a@b.co' })).toEqual({ oauthToken: 'o' });
    expect(() => zendeskAuthOf({ email: 'a@b.co' })).toThrow(/apiToken, or oauthToken/);
  });
});
