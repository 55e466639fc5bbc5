import { createServer, type Server } from 'node:http';
import { buildApp } from '@feedloop/ingest';
import { createLogger, parseConfig } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { generateSecret } from '@feedloop/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PUBLIC_KEY, SECRET_KEY } from '../helpers/config.js';
import { wireEvent } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../helpers/redis.js';

// SECURITY.md, "secrets in logs". operations.test.ts proves it for ingest's own lines; this runs the whole pipeline
// (ingest, worker, a webhook receiver that fails once, a Slack stand-in that fails once) at level debug and reads
// every line both wrote.

const WEBHOOK_SECRET = generateSecret();
const ADMIN_SECRET = 'admin-secret-0123456789abcdef';
const SLACK_TOKEN = 'T0SECRET/B0SECRET/xyzSlackHookToken42';
const EMAIL = 'jane.doe@example.com';
const COMMENT_EMAIL = 'call.me@example.org';
const PHONE = '+44 20 7946 0958';
const CLIENT_IP = '198.51.100.77';
const CLIENT_IP_2 = '203.0.113.201';

const lines: string[] = [];
const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
let receiver: Receiver;
let slack: Server;
const slackPosts: string[] = [];
let prefix: string;

beforeAll(async () => {
  // Each first request fails, so that the retry and failure paths log too.
  receiver = await startReceiver(WEBHOOK_SECRET, (n) => (n === 1 ? 500 : 204));
  slack = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      slackPosts.push(body);
      if (slackPosts.length === 1) res.writeHead(500).end('internal_error');
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  const slackUrl = `http://127.0.0.1:${(slack.address() as { port: number }).port}/services/${SLACK_TOKEN}`;
  prefix = randomPrefix();
  const env = { SK: SECRET_KEY, WH: WEBHOOK_SECRET, SLACK_URL: slackUrl, ADMIN: ADMIN_SECRET };
  const config = parseConfig(
    {
      redis: { url: REDIS_URL, prefix },
      // inject's peer is 127.0.0.1: trusted, so X-Forwarded-For names the client.
      ingest: { trustProxy: ['127.0.0.1'] },
      admin: { secret: { env: 'ADMIN' } },
      privacy: { ip: 'truncate', redact: ['email', 'phone'] },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'SK' }, origins: [ORIGIN] }],
      destinations: [
        { id: 'hook', type: 'webhook', url: receiver.url, secret: { env: 'WH' }, allowPrivateNetworks: true, retry: { attempts: 3, backoffMs: 20 } },
        { id: 'slack', type: 'slack', webhookUrl: { env: 'SLACK_URL' }, retry: { attempts: 3, backoffMs: 20 }, rateLimit: { max: 10, perMs: 1_000 } },
      ],
    },
    env,
  );
  const app = await buildApp(config, { logger });
  const worker = await startWorker(config, { logger });
  try {
    const comment = `Terrible. Call me at ${PHONE} or mail ${COMMENT_EMAIL}`;
    const event = wireEvent({ metric: 'csat', value: 1, comment, user: { id: 'u-1', email: EMAIL, name: 'Jane Doe' } });
    // A server sender: key in the query, secret key in Authorization, the client's IP in X-Forwarded-For.
    const server = await app.inject({
      method: 'POST',
      url: `/v1/events?key=${PUBLIC_KEY}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}`, 'x-forwarded-for': CLIENT_IP, 'user-agent': 'curl/8.5.0' },
      payload: JSON.stringify(event),
    });
    expect(server.statusCode).toBe(202);
    // A browser, key in the header; and two refusals: a wrong secret key, an unknown public key.
    const browser = wireEvent({ metric: 'nps', value: 9, user: { email: EMAIL } });
    const headers = { 'content-type': 'text/plain', 'x-feedloop-key': PUBLIC_KEY, origin: ORIGIN, 'x-forwarded-for': CLIENT_IP_2 };
    expect((await app.inject({ method: 'POST', url: '/v1/events', headers, payload: JSON.stringify(browser) })).statusCode).toBe(202);
    const wrong = { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}x`, 'x-forwarded-for': CLIENT_IP };
    expect((await app.inject({ method: 'POST', url: `/v1/events?key=${PUBLIC_KEY}`, headers: wrong, payload: JSON.stringify(event) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/v1/events', headers: { ...headers, 'x-feedloop-key': `${PUBLIC_KEY}zz` }, payload: '{}' })).statusCode).toBe(401);
    // A reader of the insights API, with the secret key.
    const insights = await app.inject({ method: 'GET', url: '/v1/insights?site=shop&metric=csat', headers: { authorization: `Bearer ${SECRET_KEY}`, 'x-forwarded-for': CLIENT_IP } });
    expect(insights.statusCode).toBe(200);
    await receiver.waitFor(2);
    const until = Date.now() + 15_000;
    while (slackPosts.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
  } finally {
    await worker.close();
    await app.close();
  }
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await new Promise<void>((resolve) => (slack ? slack.close(() => resolve()) : resolve()));
  if (prefix) await deletePrefix(prefix);
});

describe('the logs of a whole run at level debug', () => {
  it('cover what happened: requests, refusals, failed and retried deliveries', () => {
    expect(slackPosts.length).toBeGreaterThanOrEqual(2);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('request');
    expect(messages).toContain('request refused');
    expect(messages).toContain('delivery failed: will retry');
    expect(messages).toContain('delivered');
  });

  it('hold no key, secret, webhook URL token, e-mail, phone number or client IP', () => {
    const text = lines.join('\n');
    const secrets = {
      'public key': PUBLIC_KEY,
      'secret key': SECRET_KEY,
      'webhook secret': WEBHOOK_SECRET,
      'webhook secret (base64 part)': WEBHOOK_SECRET.replace(/^whsec_/, ''),
      'admin secret': ADMIN_SECRET,
      'Slack URL token': 'xyzSlackHookToken42',
      'user e-mail': EMAIL,
      'e-mail in the comment': COMMENT_EMAIL,
      'phone in the comment': PHONE,
      'client IP': CLIENT_IP,
      'second client IP': CLIENT_IP_2,
    };
    for (const [what, secret] of Object.entries(secrets)) expect(text.includes(secret), `${what} is in the log`).toBe(false);
  });
});
