import { SALESFORCE_FIELD_DEFAULTS, type EnrichedRecord } from '@feedloop/schema';

/** What the adapter can write, and the default field API name for each (`null` = not written). */
export const DEFAULT_SALESFORCE_FIELDS = SALESFORCE_FIELD_DEFAULTS;

export type SalesforceFieldKey = keyof typeof DEFAULT_SALESFORCE_FIELDS;
export type SalesforceFieldMap = { readonly [K in SalesforceFieldKey]?: string | null };
export type SalesforceValue = string | number | boolean;

/** Salesforce URL fields hold at most 255 characters; Text fields default to 255 too. */
const SHORT_TEXT = 255;
const short = (text: string | undefined) => (text === undefined ? undefined : text.slice(0, SHORT_TEXT));

function valueOf(record: EnrichedRecord, key: SalesforceFieldKey): SalesforceValue | undefined {
  switch (key) {
    case 'metric': return record.metric;
    case 'value': return record.value;
    case 'score': return Math.round(record.score * 1000) / 1000;
    case 'bucket': return record.bucket;
    case 'touchpoint': return record.touchpoint;
    // Plain text, never HTML: map it to a (Long) Text Area, not a Rich Text Area.
    case 'comment': return record.comment?.trim() || undefined;
    case 'pageUrl': return short(record.context?.url);
    case 'email': return record.user?.email;
    case 'respondedAt': return record.timestamp;
    case 'sentiment': return record.sentiment?.label;
    case 'site': return short(record.site);
    case 'userId': return short(record.user?.id);
    case 'userName': return short(record.user?.name);
    case 'interactionId': return short(record.interaction?.id);
    case 'channel': return record.interaction?.channel;
    case 'agentId': return short(record.interaction?.agentId);
    case 'topics': return record.topics?.length ? short(record.topics.join(';')) : undefined;
    case 'country': return record.context?.country;
  }
}

/**
 * The Salesforce fields of one record under a mapping (over the defaults). Values the record does not have are left
 * out, so an upsert never clears a field; the external id is not among them (it is in the URL or set by the caller).
 */
export function salesforceFields(record: EnrichedRecord, mapping: SalesforceFieldMap = {}): Record<string, SalesforceValue> {
  const fields: Record<string, SalesforceValue> = {};
  for (const key of Object.keys(DEFAULT_SALESFORCE_FIELDS) as SalesforceFieldKey[]) {
    const name = mapping[key] === undefined ? DEFAULT_SALESFORCE_FIELDS[key] : mapping[key];
    if (!name) continue;
    const value = valueOf(record, key);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}
