import type { EnrichedRecord } from '@feedloop/schema';
import Sentiment from 'sentiment';

export type SentimentResult = NonNullable<EnrichedRecord['sentiment']>;

/** |score| at or above this is positive or negative; below, neutral. */
export const SENTIMENT_THRESHOLD = 0.1;

/**
 * A sentiment scorer for English comments, made once: the `sentiment` package (AFINN-165 lexicon, emoji, simple
 * negation) gives each known word −5…5 and `comparative`, their sum divided by the number of words; `score` is
 * tanh(comparative) rounded to 3 decimals, so −1…1, near-linear for the usual −1…1 comparatives and saturating
 * for a short, strong comment ("terrible!"). `label` is positive at ≥ 0.1, negative at ≤ −0.1, else neutral
 * (a comment with no lexicon word, such as "ok", scores 0).
 */
export function createSentiment(): (text: string) => SentimentResult {
  const analyser = new Sentiment();
  return (text) => {
    const { comparative } = analyser.analyze(text);
    // `+ 0` turns a −0 into 0.
    const score = Math.round(Math.tanh(Number.isFinite(comparative) ? comparative : 0) * 1000) / 1000 + 0;
    const label = score >= SENTIMENT_THRESHOLD ? 'positive' : score <= -SENTIMENT_THRESHOLD ? 'negative' : 'neutral';
    return { score, label };
  };
}
