import { METRIC_SCALES, type EnrichedRecord } from '@feedloop/schema';

/**
 * The ticket's first comment, as plain text (sent as `body`, never `html_body`, so markup in a customer's comment
 * shows as the characters typed): the rating, the comment, and what else the record knows about it.
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
