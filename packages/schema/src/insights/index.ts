/**
 * `@feedloop/schema/insights`: the metric maths of the insights API, as pure functions with no dependency
 * (browser-safe, like `@feedloop/schema/metrics`). Formulas and sources: docs/insights-maths.md.
 */
export { bucketCounts, count, entries, histogramOf, mergeHistograms, type BucketCounts, type Histogram } from './histogram.js';
export { wilsonInterval, Z95 } from './wilson.js';
export { adjustedNps, nps, npsInterval, NPS_ADJUSTMENT, type NpsCounts } from './nps-interval.js';
export { meanInterval, type MeanSummary } from './mean-interval.js';
export { lnGamma, regularizedBeta, studentTCritical, studentTTwoSidedP } from './student-t.js';
export { headline, headlineKind, headlineWeight, npsCounts, SUCCESS_BUCKET, type HeadlineResult } from './headline.js';
export { comparePeriods, MIN_RESPONSES_FOR_TEST, type PeriodComparison } from './compare-periods.js';
