/**
 * Metric scales, buckets and scores. No zod here: the widget imports this file in the browser.
 */

export const METRIC_NAMES = ['csat', 'nps', 'ces', 'thumbs', 'emoji', 'fcr'] as const;
export type Metric = (typeof METRIC_NAMES)[number];

export const BUCKET_NAMES = [
  'satisfied', 'neutral', 'dissatisfied', 'promoter', 'passive', 'detractor',
  'easy', 'hard', 'positive', 'negative', 'resolved', 'unresolved',
] as const;
export type Bucket = (typeof BUCKET_NAMES)[number];

export { TOUCHPOINT_GLOB, touchpointMatcher } from './touchpoint-glob.js';

/** What a touchpoint name may be: `checkout`, `support.chat`, `onboarding_step-2`. */
export const TOUCHPOINT_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export interface MetricScale {
  readonly min: number;
  readonly max: number;
  /** Buckets from the highest values down; each covers values >= `from`. */
  readonly buckets: readonly { readonly bucket: Bucket; readonly from: number }[];
}

const satisfaction: MetricScale['buckets'] = [
  { bucket: 'satisfied', from: 4 },
  { bucket: 'neutral', from: 3 },
  { bucket: 'dissatisfied', from: 1 },
];

export const METRIC_SCALES: Readonly<Record<Metric, MetricScale>> = {
  csat: { min: 1, max: 5, buckets: satisfaction },
  emoji: { min: 1, max: 5, buckets: satisfaction },
  nps: {
    min: 0,
    max: 10,
    buckets: [
      { bucket: 'promoter', from: 9 },
      { bucket: 'passive', from: 7 },
      { bucket: 'detractor', from: 0 },
    ],
  },
  ces: {
    min: 1,
    max: 7,
    buckets: [
      { bucket: 'easy', from: 5 },
      { bucket: 'neutral', from: 4 },
      { bucket: 'hard', from: 1 },
    ],
  },
  thumbs: {
    min: 0,
    max: 1,
    buckets: [
      { bucket: 'positive', from: 1 },
      { bucket: 'negative', from: 0 },
    ],
  },
  fcr: {
    min: 0,
    max: 1,
    buckets: [
      { bucket: 'resolved', from: 1 },
      { bucket: 'unresolved', from: 0 },
    ],
  },
};

export function isMetric(name: unknown): name is Metric {
  return typeof name === 'string' && (METRIC_NAMES as readonly string[]).includes(name);
}

export function isValidValue(metric: Metric, value: unknown): value is number {
  const { min, max } = METRIC_SCALES[metric];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function assertValue(metric: Metric, value: number): void {
  if (!isValidValue(metric, value)) {
    const { min, max } = METRIC_SCALES[metric];
    throw new RangeError(`${metric} takes an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

/** The bucket a value falls into, e.g. `bucket('nps', 6) === 'detractor'`. */
export function bucket(metric: Metric, value: number): Bucket {
  assertValue(metric, value);
  const match = METRIC_SCALES[metric].buckets.find((b) => value >= b.from);
  // assertValue guarantees value >= min, and every scale's last bucket starts at min.
  return (match ?? METRIC_SCALES[metric].buckets.at(-1)!).bucket;
}

/** The value mapped linearly to 0…1: `(value − min) / (max − min)`. */
export function score(metric: Metric, value: number): number {
  assertValue(metric, value);
  const { min, max } = METRIC_SCALES[metric];
  return (value - min) / (max - min);
}

/** Every bucket a metric can produce, best first. */
export function bucketsOf(metric: Metric): Bucket[] {
  return METRIC_SCALES[metric].buckets.map((b) => b.bucket);
}

/**
 * The unhappy end of each metric: a rating in it, with a comment, is someone to follow up with (`alert.detractor`).
 */
export const NEGATIVE_BUCKET: Readonly<Record<Metric, Bucket>> = {
  csat: 'dissatisfied',
  emoji: 'dissatisfied',
  nps: 'detractor',
  ces: 'hard',
  thumbs: 'negative',
  fcr: 'unresolved',
};
