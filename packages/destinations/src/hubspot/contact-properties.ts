import type { EnrichedRecord } from '@feedloop/schema';

/**
 * Which contact property receives what of the latest rating. `{metric}` in a name becomes the record's metric
 * (`feedloop_last_{metric}` → `feedloop_last_nps`); `null` writes nothing. Every named property must exist in
 * the HubSpot account (docs/destinations/hubspot.md lists them with their types).
 */
export interface ContactPropertyMapping {
  /** Number property: the rating on its metric's own scale (NPS 0–10, CSAT 1–5, thumbs 0–1…). */
  value: string | null;
  /** Date-and-time property: when that rating was given. */
  at: string | null;
  /** Multi-line text property: the latest comment, whatever the metric. Ratings without a comment leave it alone. */
  comment: string | null;
  /** Single-line text property: the touchpoint of the latest rating, whatever the metric. */
  touchpoint: string | null;
}

export const DEFAULT_CONTACT_PROPERTIES: ContactPropertyMapping = {
  value: 'feedloop_last_{metric}',
  at: 'feedloop_last_{metric}_at',
  comment: 'feedloop_last_comment',
  touchpoint: 'feedloop_last_touchpoint',
};

/** HubSpot matches contacts by e-mail without regard to case; so do the batch and its dedupe. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The contact properties one rating sets, as the strings HubSpot's object APIs take. */
export function contactProperties(record: EnrichedRecord, mapping: ContactPropertyMapping): Record<string, string> {
  const name = (template: string) => template.replaceAll('{metric}', record.metric);
  const properties: Record<string, string> = {};
  if (mapping.value) properties[name(mapping.value)] = String(record.value);
  if (mapping.at) properties[name(mapping.at)] = new Date(record.timestamp).toISOString();
  if (mapping.touchpoint) properties[mapping.touchpoint] = record.touchpoint;
  if (mapping.comment && record.comment) properties[mapping.comment] = record.comment;
  return properties;
}

/** One contact of a batch and the ratings that go to it. */
export interface ContactGroup {
  /** Normalized: the `id` of the upsert input. */
  email: string;
  /** Positions, in the batch, of this contact's records. */
  indexes: number[];
  /** What the upsert sets: the properties of its records merged oldest first, so the latest rating wins each. */
  properties: Record<string, string>;
}

/**
 * Groups the records that have an e-mail by contact, in first-seen order. HubSpot refuses a batch that names one
 * id twice, so a contact with several ratings in one batch gets one input whose properties are those of the
 * latest rating of each metric (and the latest comment and touchpoint).
 */
export function groupByContact(records: readonly EnrichedRecord[], mapping: ContactPropertyMapping): ContactGroup[] {
  const groups = new Map<string, ContactGroup>();
  records.forEach((record, index) => {
    const email = record.user?.email;
    if (!email) return;
    const key = normalizeEmail(email);
    const group = groups.get(key) ?? { email: key, indexes: [], properties: {} };
    group.indexes.push(index);
    groups.set(key, group);
  });
  for (const group of groups.values()) {
    // Stable sort: equal timestamps keep batch order, so the later record in the batch wins a tie.
    const oldestFirst = [...group.indexes].sort((a, b) => Date.parse(records[a]!.timestamp) - Date.parse(records[b]!.timestamp));
    for (const index of oldestFirst) Object.assign(group.properties, contactProperties(records[index]!, mapping));
  }
  return [...groups.values()];
}
