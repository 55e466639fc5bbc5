/**
 * `text` cut to at most `max` UTF-16 units (what JavaScript and most APIs count as characters), ending with `…`
 * when it was cut. Never splits a surrogate pair, so an emoji at the edge is dropped whole.
 */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
