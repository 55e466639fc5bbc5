import { describe, expect, it } from 'vitest';
import { cleanUrl } from './clean-url.js';

const none = new Set<string>();

describe('cleanUrl', () => {
  it('drops the query string and the fragment', () => {
    expect(cleanUrl('https://shop.example/checkout?session=abc123&email=jo%40example.com#pay', none)).toBe('https://shop.example/checkout');
    expect(cleanUrl('https://shop.example/help#returns', none)).toBe('https://shop.example/help');
    expect(cleanUrl('https://shop.example/?', none)).toBe('https://shop.example/');
  });

  it('keeps only the parameters named, as they were sent', () => {
    const keep = new Set(['utm_source', 'utm campaign', 'ref']);
    expect(cleanUrl('https://shop.example/p?token=s3cret&utm_source=news%20letter&ref=a&ref=b#x', keep)).toBe(
      'https://shop.example/p?utm_source=news%20letter&ref=a&ref=b',
    );
    expect(cleanUrl('https://shop.example/p?utm+campaign=spring&utm_campaign=no', keep)).toBe('https://shop.example/p?utm+campaign=spring');
    expect(cleanUrl('https://shop.example/p?token=s3cret', keep)).toBe('https://shop.example/p');
    expect(cleanUrl('https://shop.example/p?%E0%A4%A=1&ref', keep)).toBe('https://shop.example/p?ref');
  });

  it('drops a user name and password', () => {
    expect(cleanUrl('https://jo:hunter2@shop.example/account', none)).toBe('https://shop.example/account');
  });

  it('keeps other schemes a referrer may carry, cleaned the same way', () => {
    expect(cleanUrl('android-app://com.google.android.gm/?q=1', none)).toBe('android-app://com.google.android.gm/');
  });

  it('answers undefined for what is not a URL', () => {
    for (const raw of ['', 'not a url', '/relative/path?x=1', 'http://exa mple.com/', 'https://[::1/']) expect(cleanUrl(raw, none)).toBeUndefined();
  });
});
