import { METRIC_SCALES, type EnrichedRecord } from '@feedloop/schema';

/**
 * The ticket's first comment as text: the rating, the comment, and what else the record knows about it. It is sent
 * escaped, as `html_body` (commentHtml): Zendesk reads Markdown in `body`, which would turn a customer's
 * `[refund](https://…)` into a link or `![](https://…)` into an image fetched when an agent opens the ticket.
 */
export function commentText(record: EnrichedRecord): string {
  const { max } = METRIC_SCALES[record.metric];
  const lines: string[] = [
    `${record.metric.toUpperCase()} ${record.value}/${max} (${record.bucket}) at ${record.touchpoint} on ${record.site}`,
    '',
    record.comment?.trim() ? `“${record.comment.trim()}”` : 'No comment.',
    '',
  ];
  const answers = Object.entries(record.answers ?? {});
  if (answers.length > 0) {
    lines.push('Answers:', ...answers.map(([key, value]) => `- ${key}: ${String(value)}`));
  }
  const user = record.user;
  if (user && (user.name || user.email || user.id)) {
    const who = [user.name, user.email ? `<${user.email}>` : undefined].filter(Boolean).join(' ');
    lines.push(`Customer: ${[who || undefined, user.id ? `id ${user.id}` : undefined].filter(Boolean).join(', ')}`);
  } else {
    lines.push('Customer: anonymous');
  }
  const page = [record.context?.title, record.context?.url].filter(Boolean).join(' — ');
  if (page) lines.push(`Page: ${page}`);
  if (record.sentiment) lines.push(`Sentiment: ${record.sentiment.label} (${record.sentiment.score.toFixed(2)})`);
  if (record.topics && record.topics.length > 0) lines.push(`Topics: ${record.topics.join(', ')}`);
  const interaction = record.interaction;
  if (interaction && (interaction.channel || interaction.id || interaction.agentId)) {
    lines.push(`Interaction: ${[interaction.channel, interaction.id, interaction.agentId ? `agent ${interaction.agentId}` : undefined].filter(Boolean).join(', ')}`);
  }
  lines.push(`Answered at ${record.timestamp}`, `Feedloop event ${record.id}`);
  return lines.join('\n');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows exactly the characters written, line breaks kept: what every ticket comment is sent as. */
export function textAsHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  return `<p>${escaped.replace(/\n/g, '<br>')}</p>`;
}

/** The comment text as HTML that shows exactly the characters typed, line breaks kept. */
export function commentHtml(record: EnrichedRecord): string {
  return textAsHtml(commentText(record));
}
