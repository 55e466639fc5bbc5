import { describe, expect, it } from 'vitest';
import { parseDevice } from './device.js';

const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  iPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  googlebotSmartphone:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  headlessChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  curl: 'curl/8.5.0',
};

describe('parseDevice', () => {
  it.each([
    ['Chrome on Windows', UA.chromeWindows, { browser: 'Chrome', os: 'Windows', type: 'desktop', bot: false }],
    ['Safari on a Mac', UA.safariMac, { browser: 'Safari', os: 'Mac OS', type: 'desktop', bot: false }],
    ['Firefox on Linux', UA.firefoxLinux, { browser: 'Firefox', os: 'Linux', type: 'desktop', bot: false }],
    ['Safari on an iPhone', UA.iPhone, { browser: 'Mobile Safari', os: 'iOS', type: 'mobile', bot: false }],
    ['Safari on an iPad', UA.iPad, { browser: 'Mobile Safari', os: 'iOS', type: 'tablet', bot: false }],
    ['Chrome on an Android phone', UA.android, { browser: 'Chrome', os: 'Android', type: 'mobile', bot: false }],
    ['Chrome on an Android tablet', UA.androidTablet, { browser: 'Chrome', os: 'Android', type: 'tablet', bot: false }],
    ['Googlebot', UA.googlebot, { bot: true }],
    ['Googlebot smartphone', UA.googlebotSmartphone, { browser: 'Chrome', os: 'Android', type: 'mobile', bot: true }],
    ['headless Chrome', UA.headlessChrome, { browser: 'Chrome Headless', os: 'Linux', bot: true }],
    ['curl', UA.curl, { bot: true }],
  ])('%s', (_name, userAgent, expected) => {
    expect(parseDevice(userAgent)).toEqual(expected);
  });

  it('answers undefined without a user agent', () => {
    expect(parseDevice(undefined)).toBeUndefined();
    expect(parseDevice('')).toBeUndefined();
  });

  it('hands out a fresh object each time, from the cache', () => {
    const first = parseDevice(UA.iPhone)!;
    first.bot = true;
    expect(parseDevice(UA.iPhone)).toMatchObject({ bot: false });
  });
});
