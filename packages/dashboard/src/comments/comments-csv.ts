import type { FeedbackComment } from '../api/api-types.js';
import type { CsvCell } from '../csv/to-csv.js';

export const COMMENTS_CSV_HEADER = ['timestamp', 'touchpoint', 'metric', 'value', 'bucket', 'comment', 'sentiment', 'sentiment_score', 'topics', 'channel', 'agent_id', 'id'];

/** One CSV line per comment; topics joined with `; `. */
export function commentsCsvRows(comments: readonly FeedbackComment[]): CsvCell[][] {
  return comments.map((c) => [
    c.timestamp,
    c.touchpoint,
    c.metric,
    c.value,
    c.bucket,
    c.comment,
    c.sentiment?.label,
    c.sentiment?.score,
    (c.topics ?? []).join('; '),
    c.channel,
    c.agentId,
    c.id,
  ]);
}
