const MAX_TAG = 80;

/**
 * A value as a Zendesk tag: Zendesk splits tags on spaces, so we keep to lower-case letters, digits, `_` and `-`
 * (accents dropped, anything else becomes `_`): `support.chat` → `support_chat`. Empty when nothing is left.
 */
export function zendeskTag(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_TAG);
}

/** `prefix_value` as a tag, or undefined when the value has nothing tag-worthy in it. */
export function prefixedTag(prefix: string, value: string): string | undefined {
  const tag = zendeskTag(value);
  return tag ? `${prefix}_${tag}`.slice(0, MAX_TAG) : undefined;
}
