import type { Metric } from '@feedloop/schema/metrics';

export interface Strings {
  question: string;
  commentLabel: string;
  submit: string;
  sending: string;
  thanks: string;
  error: string;
  /** Accessible names of each value, lowest first; numbers are shown when absent. */
  valueLabels?: readonly string[];
}

const QUESTIONS: Record<Metric, string> = {
  csat: 'How satisfied are you?',
  nps: 'How likely are you to recommend us to a friend or colleague?',
  ces: 'It was easy to get what I needed.',
  thumbs: 'Was this helpful?',
  emoji: 'How did we do?',
  fcr: 'Was your issue resolved?',
};

const VALUE_LABELS: Partial<Record<Metric, readonly string[]>> = {
  csat: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  thumbs: ['No', 'Yes'],
  fcr: ['No', 'Yes'],
};

export function defaultStrings(metric: Metric): Strings {
  return {
    question: QUESTIONS[metric],
    commentLabel: 'Anything you would like to add? (optional)',
    submit: 'Send',
    sending: 'Sending…',
    thanks: 'Thank you for your feedback!',
    error: 'Sorry, we could not send your rating. Please try again.',
    ...(VALUE_LABELS[metric] ? { valueLabels: VALUE_LABELS[metric] } : {}),
  };
}
