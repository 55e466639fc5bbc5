import { describe, expect, it } from 'vitest';
import { createSentiment } from './sentiment.js';

const sentiment = createSentiment();

describe('createSentiment', () => {
  it.each([
    ['great service, very fast', 'positive'],
    ['Love it! 😍', 'positive'],
    ['The delivery was not bad at all', 'positive'],
    ['terrible, the courier was late and rude', 'negative'],
    ['not good', 'negative'],
    ['the checkout was slow and confusing', 'negative'],
    ['ok', 'neutral'],
    ['Delivered on Tuesday.', 'neutral'],
    ['', 'neutral'],
  ] as const)('%s → %s', (text, label) => {
    expect(sentiment(text).label).toBe(label);
  });

  it('scores within −1…1, rounded to 3 decimals', () => {
    expect(sentiment('great service, very fast')).toEqual({ score: 0.635, label: 'positive' }); // tanh(3 / 4)
    expect(sentiment('terrible, the courier was late and rude')).toEqual({ score: -0.613, label: 'negative' }); // tanh(-5 / 7)
    expect(sentiment('ok')).toEqual({ score: 0, label: 'neutral' });
    for (const text of ['terrible', 'awesome awesome awesome', 'hate hate hate 😡']) {
      const { score } = sentiment(text);
      expect(Math.abs(score)).toBeLessThanOrEqual(1);
    }
  });

  it('takes the redaction placeholders as neutral words', () => {
    expect(sentiment('[email] [phone] [card]')).toEqual({ score: 0, label: 'neutral' });
  });
});
