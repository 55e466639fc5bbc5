import { h } from 'preact';
import { useState } from 'preact/hooks';
import { METRIC_NAMES, type Metric } from '@feedloop/schema/metrics';
import type { ApiClient } from '../api/api-client.js';
import { CsvButton } from '../csv/csv-button.js';
import { csvFilename } from '../csv/csv-filename.js';
import { useLoad } from '../data/use-load.js';
import { todayUtc } from '../format/dates.js';
import { METRIC_INFO } from '../format/metric-format.js';
import { COMMENTS_CSV_HEADER, commentsCsvRows } from './comments-csv.js';
import { CommentsTable } from './comments-table.js';
import { describeError } from '../format/describe-error.js';

export interface CommentsSectionProps {
  client: ApiClient;
  touchpoint: string;
  version: number;
  onUnauthorized(): void;
}

const LIMIT = 50;
/** Rows shown before "Show all". */
const FIRST = 12;

/** The newest comments under the touchpoint filter, of every metric or one, with their CSV. */
export function CommentsSection({ client, touchpoint, version, onUnauthorized }: CommentsSectionProps) {
  const [metric, setMetric] = useState<Metric | 'all'>('all');
  const [all, setAll] = useState(false);
  const loaded = useLoad(
    (signal) => client.comments({ touchpoint, metric: metric === 'all' ? undefined : metric, limit: LIMIT }, signal),
    [client, touchpoint, metric, version],
    onUnauthorized,
  );
  const comments = loaded.data?.comments ?? [];
  const missing = loaded.error?.status === 404;

  return (
    <section class="section" aria-labelledby="comments-title" aria-busy={loaded.loading}>
      <div class="section-head">
        <h2 id="comments-title">Latest comments</h2>
        <div class="field inline">
          <label for="comments-metric">Metric</label>
          <select id="comments-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value as Metric | 'all')}>
            <option value="all">All metrics</option>
            {METRIC_NAMES.map((m) => (
              <option key={m} value={m}>
                {METRIC_INFO[m].label}
              </option>
            ))}
          </select>
        </div>
        {comments.length > 0 && (
          <CsvButton
            filename={csvFilename(client.site, 'comments', metric, todayUtc())}
            what="the latest comments"
            header={COMMENTS_CSV_HEADER}
            rows={() => commentsCsvRows(comments)}
          />
        )}
      </div>
      <p class="muted">
        The {LIMIT} newest comments {touchpoint === '*' ? 'on every touchpoint' : `on ${touchpoint}`}, whatever the period.
      </p>
      {missing && <p class="muted">This server does not list comments yet.</p>}
      {loaded.error && !missing && (
        <p class="error" role="alert">
          Could not load the comments: {describeError(loaded.error)}
        </p>
      )}
      {loaded.data && (comments.length ? <CommentsTable comments={all ? comments : comments.slice(0, FIRST)} /> : <p class="muted">No comments yet.</p>)}
      {comments.length > FIRST && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST}` : `Show all ${comments.length}`}
        </button>
      )}
    </section>
  );
}
