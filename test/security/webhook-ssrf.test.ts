import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { EnrichedRecord } from '@feedloop/schema';
import { generateSecret } from '@feedloop/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDestination } from '../../packages/destinations/src/webhook/webhook-destination.js';

// SECURITY.md, "SSRF through webhook URLs". private-address.test.ts proves isPrivateAddress address by address and
// the connect-time lookup (DNS rebinding); webhook-destination.test.ts proves one refusal (127.0.0.1). This proves
// it for the destination as configured, URL by URL, in the spellings a URL parser accepts for the same address.

let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => void (hits++, res.writeHead(204).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const record = (): EnrichedRecord => ({
  id: randomUUID(), touchpoint: 'checkout', metric: 'csat', value: 5, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 1, bucket: 'satisfied', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
});

const send = (url: string, allowPrivateNetworks?: boolean) =>
  webhookDestination({ id: 'hook', url, secrets: [generateSecret()], timeoutMs: 2_000, ...(allowPrivateNetworks === undefined ? {} : { allowPrivateNetworks }) }).send(record());

describe('a webhook URL pointing inside the network', () => {
  const inside = [
    'http://127.0.0.1:{port}/hook', // loopback
    'http://localhost:{port}/hook', // a name that resolves to loopback
    'http://2130706433:{port}/hook', // 127.0.0.1 as one number
    'http://0x7f.1:{port}/hook', // and in hex, shortened
    'http://[::1]:{port}/hook', // IPv6 loopback
    'http://[::ffff:127.0.0.1]:{port}/hook', // IPv4-mapped IPv6
    'http://169.254.169.254/latest/meta-data/', // cloud metadata (link-local)
    'http://[fe80::1]/hook', // IPv6 link-local
    'http://10.0.0.1/hook', // RFC 1918
    'http://192.168.1.1/hook',
    'http://172.16.0.1/hook',
    'http://100.64.0.1/hook', // carrier-grade NAT
    'http://[fd00::1]/hook', // IPv6 unique local
    'http://0.0.0.0:{port}/hook',
  ];

  it.each(inside)('%s is refused, for good, without a request (allowPrivateNetworks unset)', async (template) => {
    const before = hits;
    const outcome = await send(template.replace('{port}', String(port)));
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/private address.*allowPrivateNetworks/) });
    expect(hits).toBe(before);
  });

  it('is sent to once allowPrivateNetworks is set, and only then', async () => {
    const before = hits;
    expect(await send(`http://127.0.0.1:${port}/hook`, false)).toMatchObject({ kind: 'rejected' });
    expect(hits).toBe(before);
    expect(await send(`http://127.0.0.1:${port}/hook`, true)).toMatchObject({ kind: 'ok' });
    expect(hits).toBe(before + 1);
  });
});
