import { truncateChars } from '../truncate-chars.js';

/**
 * Text as Slack shows it, not as it parses it. Slack uses `&`, `<` and `>` as control characters (links, mentions
 * such as `<!channel>`, dates) and asks for exactly these three to be sent as HTML entities; nothing else is
 * encoded. Everything a customer wrote goes through here, so a comment can neither ping a channel nor hide a link.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}


/**
 * `escapeSlack(text)` cut so that the escaped result fits `max` (escaping lengthens `&`, `<` and `>`), without
 * ever cutting an entity in half: the raw text is cut, then escaped.
 */
export function escapeToFit(text: string, max: number): string {
  let limit = max;
  for (;;) {
    const escaped = escapeSlack(truncateChars(text, limit));
    if (escaped.length <= max || limit <= 1) return escaped.length <= max ? escaped : '';
    // Escaping at most quintuples a character: shrink in proportion, and by one at least.
    limit = Math.min(limit - 1, Math.floor((limit * max) / escaped.length));
  }
}

/**
 * A link in mrkdwn, `<url|label>`: the URL with `&`, `<`, `>` escaped and `|` percent-encoded (it would end the
 * URL early), the label escaped. A URL that is not http(s) is not linked: only the label is shown.
 */
export function slackLink(url: string, label: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeSlack(label);
  return `<${escapeSlack(url.replace(/\|/g, '%7C'))}|${escapeSlack(label)}>`;
}

/**
 * A time as Slack's date token: each reader sees it in their own time zone. The ISO time, escaped, is the fallback
 * for clients that cannot. Undefined for a time that does not parse.
 */
export function slackDate(iso: string): string | undefined {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return undefined;
  return `<!date^${Math.floor(millis / 1000)}^{date_short_pretty} {time}|${escapeSlack(iso)}>`;
}
