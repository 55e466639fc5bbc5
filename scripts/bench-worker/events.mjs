// Events for scripts/bench-worker.mjs: what the widget sends (a page context, a comment on about half of them, a mix of
// metrics so that every scale and bucket occurs), and the `{events}` job ingest would make of each.
import { randomUUID } from 'node:crypto';

export const SITE = {
  id: 'bench',
  publicKey: 'pk_bench_0123456789',
  secretKey: 'sk_bench_0123456789abcdef0123456789abcdef',
};

const METRICS = [
  ['csat', 1, 5],
  ['nps', 0, 10],
  ['ces', 1, 7],
  ['thumbs', 0, 1],
  ['emoji', 1, 5],
  ['fcr', 0, 1],
];
const TOUCHPOINTS = ['checkout', 'support.chat', 'help.article', 'onboarding.step-2'];
const COMMENTS = [
  'Delivery was late and the courier left the parcel at the wrong door.',
  'Quick and friendly, the agent sorted it out in two minutes.',
  'Took three tries before anyone understood the problem. Call me on +1 415 555 0100.',
  'The checkout kept asking for my card again; mail me at jane.doe@example.com',
  'Great docs, but the search could be better.',
];
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** The i-th wire event, with a fresh UUID: reused ids would be dropped as duplicates. */
export function wireEvent(i) {
  const [metric, min, max] = METRICS[i % METRICS.length];
  const event = {
    id: randomUUID(),
    touchpoint: TOUCHPOINTS[i % TOUCHPOINTS.length],
    metric,
    value: min + ((i * 7) % (max - min + 1)),
    context: {
      url: 'https://shop.example/checkout/done',
      title: 'Thank you for your order',
      locale: 'en-GB',
      timezone: 'Europe/London',
      screen: { width: 1440, height: 900 },
      sdk: { name: '@feedloop/widget', version: '0.1.0' },
    },
    createdAt: new Date().toISOString(),
  };
  if (i % 2 === 0) event.comment = COMMENTS[(i >> 1) % COMMENTS.length];
  if (i % 3 === 0) event.metadata = { plan: 'pro', arm: i % 2 ? 'a' : 'b' };
  return event;
}

/** The `{events}` job ingest makes of an event (packages/ingest/src/events-route.ts): the client's IP already truncated. */
export function eventJob(event, receivedAt) {
  return { site: SITE.id, event, receivedAt, timestamp: event.createdAt, userAgent: USER_AGENT, ip: '203.0.113.0' };
}

export const HEADERS = {
  'content-type': 'application/json',
  'user-agent': USER_AGENT,
  'x-feedloop-key': SITE.publicKey,
  // No Origin: a server-to-server client, which proves itself with the site's secret key.
  authorization: `Bearer ${SITE.secretKey}`,
};
