import { METRIC_SCALES, type Bucket, type EnrichedRecord } from '@feedloop/schema';
import { METRIC_LABELS } from '../alert-figures.js';
import { truncateChars } from '../truncate-chars.js';
import { escapeToFit, slackDate, slackLink } from './slack-text.js';

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: Mrkdwn }
  | { type: 'section'; fields: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] };

/** An incoming-webhook body: `text` is the notification and fallback, `blocks` the message people read. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface SlackMessageOptions {
  /** A link under the message; `{id}` and `{site}` are replaced by the event id and site id. */
  dashboardUrl?: string;
}

/** Block Kit limits: header text, section text, a section field, fields per section, elements per context. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, fields: 10, contextElements: 10, fallback: 300 } as const;

const UNHAPPY: readonly Bucket[] = ['detractor', 'dissatisfied', 'hard', 'negative', 'unresolved'];
const MIDDLING: readonly Bucket[] = ['neutral', 'passive'];

function marker(bucket: Bucket): string {
  if (UNHAPPY.includes(bucket)) return '🔴';
  return MIDDLING.includes(bucket) ? '🟡' : '🟢';
}

/** The rating in words: `NPS 3/10`, `CSAT 2/5`, `Thumbs down`, `FCR no`. */
export function ratingText(record: Pick<EnrichedRecord, 'metric' | 'value'>): string {
  if (record.metric === 'thumbs') return record.value ? 'Thumbs up' : 'Thumbs down';
  if (record.metric === 'fcr') return record.value ? 'FCR yes' : 'FCR no';
  return `${METRIC_LABELS[record.metric]} ${record.value}/${METRIC_SCALES[record.metric].max}`;
}

/** What a glance should get: `🔴 NPS 3/10 · detractor · checkout`. Touchpoints are `[a-z0-9_.-]`, nothing to escape. */
export function headline(record: Pick<EnrichedRecord, 'metric' | 'value' | 'bucket' | 'touchpoint'>): string {
  return `${marker(record.bucket)} ${ratingText(record)} · ${record.bucket} · ${record.touchpoint}`;
}

/** The comment as a mrkdwn quote, escaped, fitting `max` with its `> ` prefixes. */
function quote(comment: string, max: number): string {
  const lines = comment.trim().replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n');
  let limit = max;
  for (;;) {
    const quoted = escapeToFit(lines, limit)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    if (quoted.length <= max || limit <= 1) return quoted;
    limit = Math.min(limit - 1, Math.floor((limit * max) / quoted.length));
  }
}

/** A labelled field; `value` is mrkdwn already escaped and cut well inside the 2,000-character limit. */
export const field = (label: string, value: string): Mrkdwn => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });

/** A header block: plain text (nothing in it is parsed), cut to Block Kit's 150 characters. */
export const header = (title: string): SlackBlock => ({ type: 'header', text: { type: 'plain_text', text: truncateChars(title, SLACK_LIMITS.header), emoji: true } });

/** Who answered, on what page, how it read: only what the record has. Values are escaped here. */
function fieldsOf(record: EnrichedRecord): Mrkdwn[] {
  const fields: Mrkdwn[] = [];
  const user = record.user;
  const who = [user?.name, user?.email].filter((part): part is string => Boolean(part?.trim()));
  if (who.length) fields.push(field('Customer', who.map((part) => escapeToFit(part.trim(), 400)).join(' · ')));
  else if (user?.id) fields.push(field('Customer', `user ${escapeToFit(user.id, 400)}`));
  const url = record.context?.url;
  if (url) {
    const label = truncateChars(record.context?.title?.trim() || url, 200);
    const link = slackLink(url, label);
    // A URL too long for a field is not cut (a cut link is a broken one): the label alone is shown.
    fields.push(field('Page', link.length <= 1500 ? link : escapeToFit(label, 400)));
  }
  if (record.sentiment) {
    const { label, score } = record.sentiment;
    fields.push(field('Sentiment', `${label} (${score.toFixed(2).replace('-', '−')})`));
  }
  if (record.topics?.length) fields.push(field('Topics', escapeToFit(record.topics.join(', '), 1000)));
  const interaction = record.interaction;
  if (interaction?.channel || interaction?.agentId || interaction?.id) {
    const parts = [
      interaction.channel,
      interaction.agentId ? `agent ${interaction.agentId}` : undefined,
      interaction.id ? `#${interaction.id}` : undefined,
    ].filter((part): part is string => Boolean(part));
    fields.push(field('Interaction', escapeToFit(parts.join(' · '), 1000)));
  }
  const device = record.context?.device;
  const where = [record.context?.country, device?.type, device?.browser].filter((part): part is string => Boolean(part));
  if (where.length) fields.push(field('Device', escapeToFit(where.join(' · '), 400)));
  return fields.slice(0, SLACK_LIMITS.fields);
}

function contextOf(record: EnrichedRecord, options: SlackMessageOptions): Mrkdwn[] {
  const elements: string[] = [];
  const date = slackDate(record.timestamp);
  if (date) elements.push(date);
  elements.push(`site \`${escapeToFit(record.site, 200)}\``);
  elements.push(`event \`${record.id}\``);
  if (options.dashboardUrl) {
    const href = options.dashboardUrl.replaceAll('{id}', encodeURIComponent(record.id)).replaceAll('{site}', encodeURIComponent(record.site));
    elements.push(slackLink(href, 'Open in Feedloop'));
  }
  return elements.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text }));
}

/**
 * The alert for one rating: the rating, bucket and touchpoint in the header; the comment quoted; who, where and
 * how it read as fields; when, site and event id in small print. Everything from the record is escaped.
 */
export function slackMessage(record: EnrichedRecord, options: SlackMessageOptions = {}): SlackMessage {
  return ratingMessage(record, headline(record), options);
}

/**
 * A rating's message under the given title (plain text, not escaped: it goes to the header and, escaped, to the
 * fallback). Shared by the rating itself and its `alert.detractor` follow-up, which differ only in the title.
 */
export function ratingMessage(record: EnrichedRecord, title: string, options: SlackMessageOptions = {}): SlackMessage {
  const comment = record.comment?.trim();
  const blocks: SlackBlock[] = [header(title)];
  if (comment) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: quote(comment, SLACK_LIMITS.section) } });
  const fields = fieldsOf(record);
  if (fields.length) blocks.push({ type: 'section', fields });
  blocks.push({ type: 'context', elements: contextOf(record, options) });
  const fallback = comment ? `${title}: “${comment.replace(/\s+/g, ' ')}”` : title;
  return { text: escapeToFit(fallback, SLACK_LIMITS.fallback), blocks };
}
