import { listenLocally } from './listen-locally.js';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * A stand-in for a Slack incoming webhook on a random loopback port. It checks each request as Slack documents
 * it (POST to the hook's own `/services/T…/B…/…` path, a JSON body with `text` and/or Block Kit `blocks` within
 * Block Kit's limits), answers like Slack (200 `ok` as plain text, plain-text error codes with 400/403/404/410,
 * 429 with `Retry-After`, 500 `rollup_error`), and can be told to fail in each of those ways, to stop existing
 * (`revoke`: every later post gets 404 `no_service`), or not to answer at all. Answers are the fixtures in
 * test/fixtures/slack/answers.json.
 */

export type SlackAnswerName = keyof typeof ANSWERS;
export type SlackFailure = Exclude<SlackAnswerName, 'ok'> | 'hang';

interface FixtureAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  contentType?: string;
  outcome: 'ok' | 'retry' | 'throttled' | 'auth' | 'rejected';
}

export const ANSWERS = JSON.parse(readFileSync(new URL('../fixtures/slack/answers.json', import.meta.url), 'utf8')) as Record<
  | 'ok' | 'invalid_payload' | 'invalid_blocks' | 'no_text' | 'too_many_attachments' | 'user_not_found' | 'action_prohibited'
  | 'posting_to_general_channel_denied' | 'invalid_token' | 'team_disabled' | 'channel_not_found' | 'no_service' | 'no_team'
  | 'channel_is_archived' | 'rate_limited' | 'rollup_error' | 'service_unavailable',
  FixtureAnswer
>;

export interface ReceivedPost {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status?: number;
}

export interface SlackServer {
  /** The webhook URL to configure; its path is the secret. */
  webhookUrl: string;
  requests: ReceivedPost[];
  /** Messages Slack would have posted. */
  messages: { text?: string; blocks?: unknown[] }[];
  failNext(failure: SlackFailure, times?: number): void;
  /** The webhook is removed: every later post gets 404 `no_service`. */
  revoke(): void;
  close(): Promise<void>;
}

const LIMITS = { blocks: 50, header: 150, section: 3000, field: 2000, fields: 10, contextElements: 10, text: 40_000 };

interface TextObject {
  type?: unknown;
  text?: unknown;
}

const isText = (value: unknown, types: string[], max: number): boolean => {
  const object = value as TextObject | undefined;
  return (
    typeof object === 'object' && object !== null && types.includes(String(object.type)) &&
    typeof object.text === 'string' && object.text.length > 0 && object.text.length <= max
  );
};

/** What Slack would refuse in the blocks, as its error code; undefined when they are fine. */
function blocksProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > LIMITS.blocks) return 'invalid_blocks';
  for (const block of blocks as Record<string, unknown>[]) {
    switch (block?.type) {
      case 'header':
        if (!isText(block.text, ['plain_text'], LIMITS.header)) return 'invalid_blocks';
        break;
      case 'section': {
        const fields = block.fields;
        const textOk = block.text === undefined || isText(block.text, ['plain_text', 'mrkdwn'], LIMITS.section);
        const fieldsOk =
          fields === undefined ||
          (Array.isArray(fields) && fields.length > 0 && fields.length <= LIMITS.fields && fields.every((f) => isText(f, ['plain_text', 'mrkdwn'], LIMITS.field)));
        if (!textOk || !fieldsOk || (block.text === undefined && fields === undefined)) return 'invalid_blocks';
        break;
      }
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.contextElements) return 'invalid_blocks';
        if (!elements.every((e) => isText(e, ['plain_text', 'mrkdwn'], LIMITS.section))) return 'invalid_blocks';
        break;
      }
      case 'divider':
        break;
      default:
        return 'invalid_blocks';
    }
  }
  return undefined;
}

export async function startSlackServer(): Promise<SlackServer> {
  const hookPath = '/services/T0FEEDL00P/B0FEEDL00P/aW5jb21pbmctd2ViaG9vay1zZWNyZXQ';
  const requests: ReceivedPost[] = [];
  const messages: SlackServer['messages'] = [];
  const failures: SlackFailure[] = [];
  let revoked = false;

  function answer(res: ServerResponse, post: ReceivedPost, name: SlackAnswerName): void {
    const fixture = ANSWERS[name];
    post.status = fixture.status;
    res.writeHead(fixture.status, { 'content-type': fixture.contentType ?? 'text/plain; charset=utf-8', ...fixture.headers }).end(fixture.body);
  }

  function handle(post: ReceivedPost, res: ServerResponse): void {
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure) return answer(res, post, failure);
    if (revoked || post.path !== hookPath) return answer(res, post, 'no_service');
    if (post.method !== 'POST') return answer(res, post, 'invalid_payload');
    // Slack also takes a form-encoded `payload=`; the adapter sends JSON, so JSON is what is accepted here.
    if (!String(post.headers['content-type'] ?? '').startsWith('application/json')) return answer(res, post, 'invalid_payload');
    let message: { text?: unknown; blocks?: unknown };
    try {
      message = JSON.parse(post.body) as typeof message;
    } catch {
      return answer(res, post, 'invalid_payload');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return answer(res, post, 'invalid_payload');
    const hasText = typeof message.text === 'string' && message.text.trim() !== '' && message.text.length <= LIMITS.text;
    if (!hasText && message.blocks === undefined) return answer(res, post, 'no_text');
    if (message.blocks !== undefined) {
      const problem = blocksProblem(message.blocks);
      if (problem) return answer(res, post, problem as SlackAnswerName);
    }
    messages.push(message as SlackServer['messages'][number]);
    answer(res, post, 'ok');
  }

  const server = await listenLocally((req, body, res) => {
    const post: ReceivedPost = { method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body };
    requests.push(post);
    handle(post, res);
  });

  return {
    webhookUrl: `${server.url}${hookPath}`,
    requests,
    messages,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    revoke() {
      revoked = true;
    },
    close: () => server.close(),
  };
}
