import type { InsightsRow } from '../api/api-types.js';

export type SortKey = 'key' | 'count' | 'headline';
export interface Sort {
  by: SortKey;
  descending: boolean;
}

const byKey = (a: InsightsRow, b: InsightsRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Rows in the chosen order; rows without a figure go last either way, ties by key. */
export function sortRows(rows: readonly InsightsRow[], { by, descending }: Sort): InsightsRow[] {
  return [...rows].sort((a, b) => {
    if (by === 'key') return descending ? byKey(b, a) : byKey(a, b);
    const x = by === 'count' ? a.count : a.headline;
    const y = by === 'count' ? b.count : b.headline;
    if (x == null || y == null) return x == null && y == null ? byKey(a, b) : x == null ? 1 : -1;
    return (descending ? y - x : x - y) || byKey(a, b);
  });
}
