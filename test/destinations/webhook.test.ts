import { createServer, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { webhookDestination } from '@feedloop/destinations';
import { EnrichedRecord, FeedbackCreated } from '@feedloop/schema';
import { verifyWebhook } from '@feedloop/webhooks';
import { describe, expect, it } from 'vitest';

// What Feedloop sends a webhook receiver, as a fixture an integrator can test their consumer against.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/webhook/feedback-created.json', import.meta.url), 'utf8')) as {
  secret: string;
  request: { method: string; headers: Record<string, string>; body: string };
};

describe('the webhook request fixture', () => {
  it('verifies with its secret at the time it was signed, and parses as a feedback.created event', () => {
    const at = Number(fixture.request.headers['webhook-timestamp']) * 1000;
    const result = verifyWebhook(fixture.request.body, fixture.request.headers, fixture.secret, { now: at });
    expect(result).toMatchObject({ ok: true, id: fixture.request.headers['webhook-id'] });
    expect(FeedbackCreated.parse(JSON.parse(fixture.request.body)).data.bucket).toBe('detractor');
  });

  it('is what the webhook adapter sends: same method, headers and body shape, signed with the same scheme', async () => {
    const seen: { method?: string; headers?: IncomingHttpHeaders; body?: string } = {};
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        Object.assign(seen, { method: req.method, headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const record = EnrichedRecord.parse(JSON.parse(fixture.request.body).data);
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
      const outcome = await webhookDestination({ id: 'hook', url, secrets: [fixture.secret], allowPrivateNetworks: true }).send(record);
      expect(outcome).toEqual({ kind: 'ok', status: 204 });
      expect(seen.method).toBe(fixture.request.method);
      for (const name of Object.keys(fixture.request.headers)) expect(seen.headers).toHaveProperty(name);
      expect(seen.headers!['webhook-id']).toBe(fixture.request.headers['webhook-id']);
      const sent = JSON.parse(seen.body!);
      expect(Object.keys(sent)).toEqual(Object.keys(JSON.parse(fixture.request.body)));
      expect(sent.data).toEqual(record);
      expect(verifyWebhook(seen.body!, seen.headers!, fixture.secret)).toMatchObject({ ok: true });
    } finally {
      server.close();
    }
  });
});
