import type { EnrichedRecord } from '@feedloop/schema';
import type { SalesforceValue } from './salesforce-fields.js';

export type FollowUpKind = 'task' | 'case';

export interface FollowUpFieldOptions {
  /** The id of the feedback record in Salesforce, written to `linkField` when there is one. */
  feedbackId?: string;
  /** Task: `WhatId` by default (needs Allow Activities on the feedback object); Case: none unless you add a lookup. */
  linkField?: string | null;
  /** Constant fields (owner, priority, origin, record type…), written over the computed ones. */
  constants?: Readonly<Record<string, SalesforceValue>>;
}

const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;

/** `NPS 3 (detractor) at checkout`. */
export function followUpSubject(record: EnrichedRecord): string {
  return `Feedback: ${record.metric.toUpperCase()} ${record.value} (${record.bucket}) at ${record.touchpoint}`.slice(0, SUBJECT_MAX);
}

/** A plain-text description: Salesforce shows Task and Case descriptions as text, so HTML in a comment stays text. */
export function followUpDescription(record: EnrichedRecord): string {
  const lines = [
    `${record.metric.toUpperCase()} ${record.value} (${record.bucket}) at ${record.touchpoint}, ${record.timestamp}`,
    `Feedloop event ${record.id} (site ${record.site})`,
  ];
  const who = [record.user?.name, record.user?.email ? `<${record.user.email}>` : undefined].filter(Boolean).join(' ');
  if (who) lines.push(`Customer: ${who}`);
  if (record.context?.url) lines.push(`Page: ${record.context.url}`);
  if (record.interaction?.id) lines.push(`Interaction: ${record.interaction.id}${record.interaction.channel ? ` (${record.interaction.channel})` : ''}`);
  if (record.comment?.trim()) lines.push('', 'Comment:', record.comment.trim());
  return lines.join('\n').slice(0, DESCRIPTION_MAX);
}

/** The fields of the Task or Case made for one rating. */
export function followUpFields(record: EnrichedRecord, kind: FollowUpKind, options: FollowUpFieldOptions = {}): Record<string, SalesforceValue> {
  const fields: Record<string, SalesforceValue> = { Subject: followUpSubject(record), Description: followUpDescription(record) };
  if (kind === 'case') {
    if (record.user?.email) fields.SuppliedEmail = record.user.email;
    if (record.user?.name) fields.SuppliedName = record.user.name.slice(0, 80);
  }
  const linkField = options.linkField === undefined ? (kind === 'task' ? 'WhatId' : null) : options.linkField;
  if (linkField && options.feedbackId) fields[linkField] = options.feedbackId;
  return { ...fields, ...options.constants };
}
