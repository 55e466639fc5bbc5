// The webhook receiver ("the sink"): in the bench's process, answers 204 and notes when each webhook-id first arrived.
import { createServer } from 'node:http';
import { generateSecret, verifyWebhook } from '@feedloop/webhooks';
import { now } from './clock.mjs';
import { fail } from './fail.mjs';

/** Starts it on 127.0.0.1 and a free port; `url` is where the webhook destination posts, `secret` its signing secret. */
export async function startReceiver() {
  const sink = {
    arrivals: new Map(),
    requests: 0,
    verified: 0,
    secret: generateSecret(),
    waiter: undefined,
    url: undefined,
    reset() {
      this.arrivals = new Map();
      this.requests = 0;
      this.verified = 0;
    },
    /** Resolves once `count` distinct ids have arrived; rejects when nothing new arrives for `idleMs`. */
    waitFor(count, idleMs = 20_000) {
      return new Promise((resolve, reject) => {
        let seen = -1;
        const check = () => {
          if (this.arrivals.size >= count) {
            clearInterval(timer);
            return resolve();
          }
          if (this.arrivals.size === seen) {
            clearInterval(timer);
            reject(new Error(`the sink has ${this.arrivals.size} of ${count} events and got nothing new for ${idleMs / 1000} s`));
          }
          seen = this.arrivals.size;
        };
        const timer = setInterval(check, idleMs);
        this.waiter = () => this.arrivals.size >= count && (clearInterval(timer), resolve());
      });
    },
    close: () => server.close(),
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const at = now();
      sink.requests++;
      const id = req.headers['webhook-id'];
      // A few signatures per run are checked, so that a broken delivery fails loudly instead of counting as one.
      if (sink.verified < 3) {
        const verified = verifyWebhook(Buffer.concat(chunks).toString('utf8'), req.headers, sink.secret);
        if (!verified.ok) {
          res.writeHead(400).end();
          return fail(`a delivery did not verify: ${JSON.stringify(verified).slice(0, 300)}`);
        }
        sink.verified++;
      }
      if (typeof id === 'string' && !sink.arrivals.has(id)) sink.arrivals.set(id, at);
      res.writeHead(204).end();
      sink.waiter?.();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${server.address().port}/hook`;
  return sink;
}
