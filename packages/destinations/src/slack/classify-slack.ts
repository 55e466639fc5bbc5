import { classifyStatus } from '../classify-status.js';
import type { Outcome } from '../outcome.js';
import type { HttpAnswer } from '../send-request.js';

/**
 * What Slack's plain-text error codes mean for us. The webhook URL no longer working (disabled, removed, channel
 * deleted or archived, workspace restriction or gone) is `auth`: nothing will get through until someone makes a new
 * webhook and updates `webhookUrl`, so the destination is paused. A body Slack cannot read is `rejected`.
 */
const CODES: Record<string, { kind: 'auth' | 'rejected'; hint: string }> = {
  invalid_payload: { kind: 'rejected', hint: 'Slack could not read the message' },
  invalid_blocks: { kind: 'rejected', hint: 'Slack refused the message blocks' },
  invalid_blocks_format: { kind: 'rejected', hint: 'Slack refused the message blocks' },
  no_text: { kind: 'rejected', hint: 'the message had no text' },
  missing_text_or_fallback_or_attachments: { kind: 'rejected', hint: 'the message had no text' },
  too_many_attachments: { kind: 'rejected', hint: 'the message had too many attachments' },
  user_not_found: { kind: 'rejected', hint: 'Slack found no such user' },
  action_prohibited: { kind: 'auth', hint: 'the workspace does not allow this webhook to post here' },
  posting_to_general_channel_denied: { kind: 'auth', hint: 'only admins may post to this channel' },
  invalid_token: { kind: 'auth', hint: 'the webhook token is invalid or expired; create a new webhook' },
  team_disabled: { kind: 'auth', hint: 'the Slack workspace is disabled' },
  no_service: { kind: 'auth', hint: 'the webhook was disabled, removed or never existed; create a new webhook' },
  no_service_id: { kind: 'auth', hint: 'the webhook URL is malformed; copy it again from Slack' },
  no_team: { kind: 'auth', hint: 'the Slack workspace is gone or the URL is wrong; create a new webhook' },
  channel_not_found: { kind: 'auth', hint: 'the webhook’s channel was deleted; create a new webhook' },
  channel_is_archived: { kind: 'auth', hint: 'the webhook’s channel is archived; unarchive it or create a new webhook' },
};

/** Slack's answer body is a short code such as `no_service`; anything else is quoted, shortened. */
function codeOf(body: string): string {
  return body.trim().split(/\s/, 1)[0]?.slice(0, 80) ?? '';
}

/**
 * Every answer an incoming webhook documents, as an outcome: 200 `ok` ok; 429 throttled for `Retry-After`;
 * 400 rejected; 403 / 404 / 410 (the URL no longer posts anywhere) auth, which pauses the destination;
 * 408 and 5xx (`rollup_error`) retry. Never says the URL: it is the secret.
 */
export function classifySlack(answer: HttpAnswer): Outcome {
  const { status, headers, body } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  const code = codeOf(body);
  const known = CODES[code];
  if (status === 400 || status === 403 || status === 404 || status === 410) {
    const said = code ? ` ${code}` : '';
    const kind = known?.kind ?? (status === 400 ? 'rejected' : 'auth');
    const hint = known?.hint ?? (status === 400 ? 'Slack refused the message' : 'the webhook URL no longer posts; create a new webhook');
    return { kind, status, reason: `Slack answered ${status}${said}: ${hint}` };
  }
  const outcome = classifyStatus(status, headers, body.trim().slice(0, 200));
  return outcome.kind === 'ok' ? outcome : { ...outcome, reason: `Slack: ${outcome.reason}` };
}
