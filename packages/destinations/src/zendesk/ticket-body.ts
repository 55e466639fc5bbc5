import type { Bucket, EnrichedRecord } from '@feedloop/schema';
import { commentHtml } from './comment-text.js';
import { renderTemplate, templateValue, type FieldValue } from './ticket-template.js';
import { prefixedTag, zendeskTag } from './zendesk-tag.js';

export const ZENDESK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ZendeskPriority = (typeof ZENDESK_PRIORITIES)[number];
export const ZENDESK_TICKET_TYPES = ['problem', 'incident', 'question', 'task'] as const;
export type ZendeskTicketType = (typeof ZENDESK_TICKET_TYPES)[number];

/** What a rating's ticket looks like. The config schema (`ticket`) gives every key with the defaults below. */
export interface ZendeskTicketMapping {
  /** Template with `{placeholders}` (ticket-template.ts); cut to `SUBJECT_MAX` characters. */
  subject: string;
  /** For buckets not in `priorityByBucket`. */
  priority: ZendeskPriority;
  priorityByBucket: Partial<Record<Bucket, ZendeskPriority>>;
  /** Unset: Zendesk's default (no type). */
  type?: ZendeskTicketType | undefined;
  groupId?: number | undefined;
  /** Added to `feedloop`, `touchpoint_<t>`, `metric_<m>`, `bucket_<b>` (and `topic_<t>` with `topicTags`). */
  tags: string[];
  topicTags: boolean;
  /** `value` strings are templates; one that is exactly one placeholder sends the typed value (number, list). */
  customFields: { id: number; value: string | number | boolean }[];
  /** false: the comment is an internal note, seen by agents only. */
  publicComment: boolean;
  /** A rating without `user.email`: ticket with the API user as requester, or refuse it (rejected). */
  requesterWithoutEmail: 'api-user' | 'reject';
}

export const DEFAULT_SUBJECT = '{METRIC} {value}/{max} at {touchpoint}: {comment}';
export const SUBJECT_MAX = 150;

export const DEFAULT_TICKET_MAPPING: ZendeskTicketMapping = {
  subject: DEFAULT_SUBJECT,
  priority: 'normal',
  priorityByBucket: { detractor: 'high', dissatisfied: 'high', unresolved: 'high' },
  tags: [],
  topicTags: true,
  customFields: [],
  publicComment: false,
  requesterWithoutEmail: 'api-user',
};

/** The body of `POST /api/v2/tickets`. */
export interface ZendeskTicketRequest {
  ticket: {
    subject: string;
    comment: { html_body: string; public: boolean };
    requester?: { name: string; email: string };
    tags: string[];
    external_id: string;
    priority: ZendeskPriority;
    type?: ZendeskTicketType;
    group_id?: number;
    custom_fields?: { id: number; value: FieldValue | boolean }[];
  };
}

export type TicketBuild = { ok: true; body: ZendeskTicketRequest } | { ok: false; reason: string };

/** A subject from the template: one line, no dangling separator when a placeholder was empty, at most `SUBJECT_MAX` characters. */
export function ticketSubject(template: string, record: EnrichedRecord): string {
  const line = renderTemplate(template, record)
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,·—–-]+$/u, '')
    .trim();
  return fitSubject(line || `${record.metric.toUpperCase()} ${record.value} at ${record.touchpoint}`);
}

/** A subject cut to `SUBJECT_MAX` characters, with `…` when cut. */
export function fitSubject(subject: string): string {
  return subject.length <= SUBJECT_MAX ? subject : `${subject.slice(0, SUBJECT_MAX - 1).trimEnd()}…`;
}

/** The tags: `feedloop`, the touchpoint, metric and bucket, the topics, then the configured ones; each once. */
export function ticketTags(record: EnrichedRecord, mapping: Pick<ZendeskTicketMapping, 'tags' | 'topicTags'>): string[] {
  const tags = [
    'feedloop',
    prefixedTag('touchpoint', record.touchpoint),
    prefixedTag('metric', record.metric),
    prefixedTag('bucket', record.bucket),
    ...(mapping.topicTags ? (record.topics ?? []).map((topic) => prefixedTag('topic', topic)) : []),
    ...mapping.tags.map(zendeskTag),
  ];
  return [...new Set(tags.filter((tag): tag is string => Boolean(tag)))];
}

/**
 * The ticket for one rating. Deterministic: the same record and mapping always give the same bytes, which is what
 * Zendesk's `Idempotency-Key` needs (the same key with another body is refused).
 */
export function ticketBody(record: EnrichedRecord, given: Partial<ZendeskTicketMapping> = {}): TicketBuild {
  const mapping: ZendeskTicketMapping = { ...DEFAULT_TICKET_MAPPING, ...given };
  const email = record.user?.email;
  if (!email && mapping.requesterWithoutEmail === 'reject') {
    return { ok: false, reason: 'the rating has no user.email, and requesterWithoutEmail is "reject"' };
  }
  const customFields = mapping.customFields.flatMap((field) => {
    const value = typeof field.value === 'string' ? templateValue(field.value, record) : field.value;
    return value === undefined ? [] : [{ id: field.id, value }];
  });
  const ticket: ZendeskTicketRequest['ticket'] = {
    subject: ticketSubject(mapping.subject, record),
    comment: { html_body: commentHtml(record), public: mapping.publicComment },
    ...(email ? { requester: { name: record.user?.name?.trim() || email.split('@')[0] || email, email } } : {}),
    tags: ticketTags(record, mapping),
    external_id: record.id,
    priority: mapping.priorityByBucket[record.bucket] ?? mapping.priority,
    ...(mapping.type ? { type: mapping.type } : {}),
    ...(mapping.groupId !== undefined ? { group_id: mapping.groupId } : {}),
    ...(customFields.length > 0 ? { custom_fields: customFields } : {}),
  };
  return { ok: true, body: { ticket } };
}
