import { h } from 'preact';
import type { FeedbackComment } from '../api/api-types.js';
import { formatTimestamp } from '../format/dates.js';
import { METRIC_INFO } from '../format/metric-format.js';

const signed = new Intl.NumberFormat('en', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const SENTIMENT_MARK = { positive: '+', neutral: '±', negative: '−' } as const;

/** The latest comments, newest first: when, where, the rating, the words, their sentiment and topics, who served. */
export function CommentsTable({ comments }: { comments: readonly FeedbackComment[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Latest comments">
      <table class="comments">
        <caption class="visually-hidden">Latest comments, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Touchpoint</th>
            <th scope="col">Rating</th>
            <th scope="col" class="comment-col">
              Comment
            </th>
            <th scope="col">Sentiment</th>
            <th scope="col">Topics</th>
            <th scope="col">Channel / agent</th>
          </tr>
        </thead>
        <tbody>
          {comments.map((c) => (
            <tr key={c.id} data-id={c.id}>
              <td class="nowrap">
                <time dateTime={c.timestamp}>{formatTimestamp(c.timestamp)}</time>
              </td>
              <td>{c.touchpoint}</td>
              <td class="nowrap">
                <span class="metric-tag">{METRIC_INFO[c.metric]?.label ?? c.metric}</span> {c.value}{' '}
                <span class={`bucket bucket-${c.bucket}`}>{c.bucket}</span>
              </td>
              <td class="comment-text">{c.comment}</td>
              <td class="nowrap" data-role="sentiment">
                {c.sentiment ? (
                  <span class={`sentiment ${c.sentiment.label}`}>
                    <span aria-hidden="true">{SENTIMENT_MARK[c.sentiment.label]} </span>
                    {c.sentiment.label} <span class="muted">({signed.format(c.sentiment.score)})</span>
                  </span>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td data-role="topics">
                {(c.topics ?? []).length ? (
                  <ul class="chips">
                    {(c.topics ?? []).map((topic) => (
                      <li key={topic} class="chip">
                        {topic}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>{[c.channel, c.agentId].filter(Boolean).join(' · ') || <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
