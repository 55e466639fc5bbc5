import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifyWebhook, type VerifyResult } from '@feedloop/webhooks';

export interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
  verified: VerifyResult;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Every request, answered or not: when it came (ms) and the status it got. */
  requests: { at: number; status: number; id: string | undefined }[];
  /** Resolves when `count` verified deliveries have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/**
 * A webhook consumer as an integrator would write it, on a random loopback port. `answer` picks the
 * status for each request (default 204), so tests can make it fail, throttle or refuse.
 */
export async function startReceiver(secret: string, answer: (n: number) => number = () => 204): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const requests: Receiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = answer(requests.length + 1);
      requests.push({ at: Date.now(), status, id: req.headers['webhook-id'] as string | undefined });
      if (status < 300) deliveries.push({ headers: req.headers, body, verified: verifyWebhook(body, req.headers, secret) });
      // A throttling receiver asks for one second, so tests can see the wait without sitting through a minute.
      res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    requests,
    async waitFor(count, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (deliveries.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} deliveries, got ${deliveries.length} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return deliveries;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
