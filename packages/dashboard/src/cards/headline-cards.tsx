import { h } from 'preact';
import type { InsightsAnswer, Target } from '../api/api-types.js';
import { HeadlineCard } from './headline-card.js';
import { targetFor } from './target-status.js';

export interface HeadlineCardsProps {
  answers: readonly InsightsAnswer[];
  targets: readonly Target[] | undefined;
  touchpoint: string;
  days: number;
}

/** A card per metric that had responses in the period, in the order of the metrics. */
export function HeadlineCards({ answers, targets, touchpoint, days }: HeadlineCardsProps) {
  return (
    <div class="cards">
      {answers.map((answer) => (
        <HeadlineCard key={answer.metric} metric={answer.metric} total={answer.total} days={days} target={targetFor(targets, answer.metric, touchpoint)} />
      ))}
    </div>
  );
}
