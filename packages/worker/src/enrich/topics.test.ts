import { describe, expect, it } from 'vitest';
import { compileTopics, DEFAULT_TOPICS, mergeTopics } from './topics.js';

const defaults = compileTopics(DEFAULT_TOPICS)!;

describe('default topics', () => {
  it.each([
    ['Prices are way too high', ['price']],
    ['Great value for money!', ['price']],
    ['It was delivered a day early', ['delivery']],
    ['Two deliveries, both shipped on time', ['delivery']],
    ['Shipping took forever', ['delivery', 'speed']],
    ['terrible, the courier was late and rude', ['delivery', 'speed', 'staff']],
    ['Waiting times were long', ['speed']],
    ['The agent was really helpful', ['staff']],
    ['Such a poor attitude', ['staff']],
    ['Customer-service answered in minutes', ['staff']],
    ['The handle arrived broken', ['delivery', 'quality']],
    ['Very user-friendly and easier than the old site', ['usability']],
    ['I was confused by the layout', ['usability']],
    ['The app crashes when I pay', ['bug']],
    ['Checkout doesn’t work on Firefox', ['bug']],
    ['the button doesnt work', ['bug']],
    ['PRICING IS CONFUSING', ['price', 'usability']],
    ['ok', []],
  ])('%s → %j', (text, topics) => {
    expect(defaults(text)).toEqual(topics);
  });

  it('matches whole words only', () => {
    expect(defaults('Our relationship with the chocolate shop is strong')).toEqual([]);
    expect(defaults('feedback about the feed')).toEqual([]);
    expect(defaults('later that day')).toEqual([]);
    expect(defaults('fast')).toEqual(['speed']);
  });

  it('has a handful of keywords per topic', () => {
    expect(Object.keys(DEFAULT_TOPICS)).toEqual(['price', 'delivery', 'speed', 'staff', 'quality', 'usability', 'bug']);
    for (const keywords of Object.values(DEFAULT_TOPICS)) expect(keywords.length).toBeGreaterThanOrEqual(6);
  });
});

describe('mergeTopics', () => {
  it('replaces a topic’s keywords, adds new topics and removes those given no keywords', () => {
    const merged = mergeTopics(DEFAULT_TOPICS, { delivery: ['courier'], returns: ['return label', 'refund'], bug: [] });
    expect(Object.keys(merged)).toEqual(['price', 'delivery', 'speed', 'staff', 'quality', 'usability', 'returns']);
    const match = compileTopics(merged)!;
    expect(match('shipping was fine, the courier was nice')).toEqual(['delivery']);
    expect(match('Where is my return label? I want a refund')).toEqual(['price', 'returns']);
    expect(match('the app crashed')).toEqual([]);
  });

  it('leaves the base alone without overrides', () => {
    expect(mergeTopics(DEFAULT_TOPICS, undefined)).toEqual(DEFAULT_TOPICS);
  });
});

describe('compileTopics', () => {
  it('is undefined when there is nothing to look for', () => {
    expect(compileTopics({})).toBeUndefined();
    expect(compileTopics({ empty: [] })).toBeUndefined();
  });

  it('takes keywords in other languages and with pattern characters, literally', () => {
    const match = compileTopics({ lieferung: ['Lieferung', 'Paket'], odd: ['c++', 'a.b'] })!;
    expect(match('Die LIEFERUNG kam spät')).toEqual(['lieferung']);
    expect(match('Pakete')).toEqual([]);
    expect(match('written in c++')).toEqual(['odd']);
    expect(match('axb')).toEqual([]);
  });
});
