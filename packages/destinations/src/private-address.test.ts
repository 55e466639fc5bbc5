import { describe, expect, it } from 'vitest';
import { isPrivateAddress, privateAddressesOf } from './private-address.js';

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])(
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
