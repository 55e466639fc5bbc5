import type { AlertRecord, EnrichedRecord } from '@feedloop/schema';
import type { Destination } from '../destination.js';
import type { Outcome } from '../outcome.js';
import { sendRequest, type HttpAnswer } from '../send-request.js';
import { classifySlack } from './classify-slack.js';
import { slackAlertMessage } from './slack-alert-message.js';
import { slackMessage, type SlackMessage } from './slack-message.js';

export interface SlackOptions {
  id: string;
  /** The incoming-webhook URL. It is the secret: it never appears in a reason or a log. */
  webhookUrl: string;
  /** A link under each message; `{id}` and `{site}` are replaced. */
  dashboardUrl?: string;
  timeoutMs?: number;
}

const USER_AGENT = 'Feedloop/0.1 (+https://feedloop.dev)';

/**
 * Posts a message per rating or alert to a Slack incoming webhook. Slack has no idempotency key for webhooks: a
 * delivery repeated after a lost answer posts the message again (rare, as delivery is at least once and repeats only
 * follow a timeout or a crash between Slack's answer and the job's completion).
 */
export function slackDestination(options: SlackOptions): Destination {
  const url = new URL(options.webhookUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;

  /** The one send path of ratings and alerts: they differ only in the message. */
  async function post(message: SlackMessage): Promise<Outcome> {
    let answer: HttpAnswer;
    try {
      answer = await sendRequest(url, { method: 'POST', headers: { 'user-agent': USER_AGENT }, body: message, timeoutMs });
    } catch (error) {
      return { kind: 'retry', reason: `Slack (${url.host}) did not answer: ${(error as Error).message}` };
    }
    return classifySlack(answer);
  }

  return {
    id: options.id,
    type: 'slack',
    send: (record: EnrichedRecord) => post(slackMessage(record, options)),
    sendAlert: (alert: AlertRecord) => post(slackAlertMessage(alert, options)),
  };
}
