import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { request } from 'undici';
import { publicHttpPool } from './http-pool.js';
import { isPrivateAddress, privateAddressesOf, PrivateAddressError, publicOnlyLookup } from './private-address.js';

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '::127.0.0.1'])(
    '%s is private',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1'])('%s is public', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe('privateAddressesOf', () => {
  it('resolves names before judging them', async () => {
    expect(await privateAddressesOf('localhost')).not.toEqual([]);
    expect(await privateAddressesOf('[::1]')).toEqual(['::1']);
    expect(await privateAddressesOf('8.8.8.8')).toEqual([]);
  });
});

describe('publicOnlyLookup', () => {
  const resolve = (host: string, all = false) =>
    new Promise<{ error: Error | null; address: unknown }>((done) =>
      publicOnlyLookup(host, { all }, (error, address) => done({ error, address })),
    );

  it('refuses a name that resolves to a private address, on the lookup the socket itself uses', async () => {
    const { error } = await resolve('localhost');
    expect(error).toBeInstanceOf(PrivateAddressError);
    expect(error?.message).toMatch(/localhost resolves to a private address/);
  });

  it('keeps the socket from connecting even when an earlier check was passed (DNS rebinding)', async () => {
    const server = createServer((_req, res) => res.end('secret metadata'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const error = await request(`http://localhost:${port}/`, { dispatcher: publicHttpPool }).then(() => undefined, (e: Error) => e);
      expect(error).toBeDefined();
      expect((error as Error & { cause?: unknown }).cause ?? error).toBeInstanceOf(PrivateAddressError);
    } finally {
      server.close();
    }
  });
});
