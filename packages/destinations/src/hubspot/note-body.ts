import { METRIC_SCALES, type EnrichedRecord, type Metric } from '@feedloop/schema';

const LABELS: Record<Metric, string> = { csat: 'CSAT', nps: 'NPS', ces: 'CES', thumbs: 'Thumbs', emoji: 'Emoji', fcr: 'First-contact resolution' };

/** HubSpot renders `hs_note_body` as HTML: everything a customer or a page wrote goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "NPS 9/10 (promoter)", "Thumbs up (positive)", "First-contact resolution: resolved". */
export function ratingText(record: Pick<EnrichedRecord, 'metric' | 'value' | 'bucket'>): string {
  switch (record.metric) {
    case 'thumbs':
      return `Thumbs ${record.value === 1 ? 'up' : 'down'} (${record.bucket})`;
    case 'fcr':
      return `${LABELS.fcr}: ${record.bucket}`;
    default:
      return `${LABELS[record.metric]} ${record.value}/${METRIC_SCALES[record.metric].max} (${record.bucket})`;
  }
}

/** HubSpot's limit for `hs_note_body`. */
export const NOTE_BODY_MAX = 65_536;

/**
 * The note on the contact's timeline: the rating, the comment, the touchpoint and the page, as escaped HTML —
 * a comment holding `<script>` shows as that text. Links are made only from http(s) URLs.
 */
export function noteBody(record: EnrichedRecord): string {
  const lines = [`<p><strong>${escapeHtml(ratingText(record))}</strong> at touchpoint <strong>${escapeHtml(record.touchpoint)}</strong></p>`];
  if (record.comment) lines.push(`<p>${escapeHtml(record.comment).replace(/\r?\n/g, '<br>')}</p>`);
  const url = record.context?.url;
  if (url) {
    const text = escapeHtml(record.context?.title || url);
    lines.push(/^https?:\/\//i.test(url) ? `<p>Page: <a href="${escapeHtml(url)}">${text}</a></p>` : `<p>Page: ${text}</p>`);
  }
  const extras: string[] = [];
  if (record.sentiment) extras.push(`sentiment ${record.sentiment.label}`);
  if (record.topics?.length) extras.push(`topics ${record.topics.join(', ')}`);
  if (extras.length) lines.push(`<p>${escapeHtml(extras.join(' · '))}</p>`);
  lines.push(`<p>Feedloop · site ${escapeHtml(record.site)} · event ${escapeHtml(record.id)}</p>`);
  const body = lines.join('');
  // Cannot happen with the schema's limits (comment 2,000, URL 2,048, title 500 characters); a guard all the same.
  return body.length <= NOTE_BODY_MAX ? body : body.slice(0, NOTE_BODY_MAX);
}
