import type { AlertRecord, DetractorAlert, TargetMissedAlert } from '@feedloop/schema';
import { targetMissedFigures, targetMissedSentence } from '../alert-figures.js';
import { field, header, headline, ratingMessage, SLACK_LIMITS, type Mrkdwn, type SlackMessage, type SlackMessageOptions } from './slack-message.js';
import { escapeSlack, escapeToFit, slackDate } from './slack-text.js';

/**
 * `alert.detractor`: the rating's own message, titled so that it reads as a task, not as one more rating:
 * `Follow up: 🔴 NPS 3/10 · detractor · checkout`, then the quoted comment, who and where, and the dashboard link.
 */
export function detractorAlertMessage(alert: DetractorAlert, options: SlackMessageOptions = {}): SlackMessage {
  return ratingMessage(alert.rating, `Follow up: ${headline(alert.rating)}`, options);
}

/**
 * `alert.target_missed`: the metric and touchpoints in the header, the figure against the target in one sentence,
 * the window and site as fields, the alert's ids in small print. Nothing here comes from a customer; the site and
 * ids come from the config and the worker, and are escaped all the same.
 */
export function targetMissedMessage(alert: TargetMissedAlert): SlackMessage {
  const figures = targetMissedFigures(alert);
  const { target, window } = alert;
  const title = `🔴 ${figures.metric} target missed · ${figures.touchpoints}`;
  const sentence = `*${figures.headline}* ${figures.period} (${figures.sample}) — target ≥ ${figures.target}`;
  const fields: Mrkdwn[] = [
    field('Window', `${window.from} – ${window.to} (UTC)`),
    field('Site', escapeToFit(alert.site, 400)),
    field('Target', `\`${escapeToFit(target.id, 200)}\` · judged from ${target.minResponses} responses`),
  ];
  const smallPrint = [
    slackDate(alert.createdAt),
    `alert \`${escapeToFit(alert.id, 400)}\``,
    `tipped by event \`${escapeToFit(alert.eventId, 200)}\``,
  ].filter((text): text is string => text !== undefined);
  return {
    text: escapeToFit(`${title}: ${targetMissedSentence(figures)}`, SLACK_LIMITS.fallback),
    blocks: [
      header(title),
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(sentence) } },
      { type: 'section', fields },
      { type: 'context', elements: smallPrint.map((text) => ({ type: 'mrkdwn', text })) },
    ],
  };
}

/** The message for either alert. */
export function slackAlertMessage(alert: AlertRecord, options: SlackMessageOptions = {}): SlackMessage {
  return alert.type === 'alert.detractor' ? detractorAlertMessage(alert, options) : targetMissedMessage(alert);
}
