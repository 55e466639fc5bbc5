import { METRIC_SCALES, type EnrichedRecord } from '@feedloop/schema';

/**
 * The `{placeholders}` a subject or custom-field template may use. The config schema keeps its own copy of this list
 * (the runtime package does not import adapters); test/destinations/zendesk.test.ts checks that both agree.
 */
export const TEMPLATE_FIELDS = [
  'id', 'site', 'touchpoint', 'metric', 'METRIC', 'value', 'min', 'max', 'score', 'bucket', 'comment',
  'user.id', 'user.email', 'user.name', 'url', 'title', 'sentiment', 'topics', 'channel', 'agent', 'interaction', 'timestamp',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

export type FieldValue = string | number | string[];

const PLACEHOLDER = /\{([A-Za-z.]+)\}/g;

function isTemplateField(name: string): name is TemplateField {
  return (TEMPLATE_FIELDS as readonly string[]).includes(name);
}

/** A record's value for one placeholder, typed (numbers stay numbers, topics a list); undefined when the record has none. */
export function fieldValue(record: EnrichedRecord, field: TemplateField): FieldValue | undefined {
  const scale = METRIC_SCALES[record.metric];
  switch (field) {
    case 'id': return record.id;
    case 'site': return record.site;
    case 'touchpoint': return record.touchpoint;
    case 'metric': return record.metric;
    case 'METRIC': return record.metric.toUpperCase();
    case 'value': return record.value;
    case 'min': return scale.min;
    case 'max': return scale.max;
    case 'score': return Math.round(record.score * 100) / 100;
    case 'bucket': return record.bucket;
    case 'comment': return record.comment?.trim() || undefined;
    case 'user.id': return record.user?.id;
    case 'user.email': return record.user?.email;
    case 'user.name': return record.user?.name;
    case 'url': return record.context?.url;
    case 'title': return record.context?.title;
    case 'sentiment': return record.sentiment?.label;
    case 'topics': return record.topics && record.topics.length > 0 ? [...record.topics] : undefined;
    case 'channel': return record.interaction?.channel;
    case 'agent': return record.interaction?.agentId;
    case 'interaction': return record.interaction?.id;
    case 'timestamp': return record.timestamp;
  }
}

function asText(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Replaces each known `{placeholder}` with the record's value as text (empty when absent); anything else stays as written. */
export function renderTemplate(template: string, record: EnrichedRecord): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isTemplateField(name) ? asText(fieldValue(record, name)) : whole));
}

/**
 * A custom field's value: a template that is exactly one placeholder gives the record's typed value (a number for
 * `{value}`, a list for `{topics}`, for multi-select fields); any other template gives text. Undefined when empty.
 */
export function templateValue(template: string, record: EnrichedRecord): FieldValue | undefined {
  const single = /^\{([A-Za-z.]+)\}$/.exec(template);
  if (single && isTemplateField(single[1]!)) return fieldValue(record, single[1]);
  const text = renderTemplate(template, record);
  return text === '' ? undefined : text;
}

/** The placeholders a template names that are not in `TEMPLATE_FIELDS`. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !isTemplateField(name));
}
