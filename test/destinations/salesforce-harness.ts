import { randomUUID } from 'node:crypto';
import type { EnrichedRecord } from '@feedloop/schema';
import { salesforceDestination, type SalesforceOptions } from '../../packages/destinations/src/salesforce/salesforce-destination.js';
import { startFakeSalesforce, type FakeSalesforce, type FakeSalesforceOptions } from '../providers/salesforce-server.js';

/**
 * What the Salesforce destination tests share: fake orgs (each test file closes them with `afterEach(closeFakes)`),
 * an adapter pointed at one, and ratings.
 */

const servers: FakeSalesforce[] = [];

export async function closeFakes() {
  for (const server of servers.splice(0)) await server.close();
}

export async function fake(options: FakeSalesforceOptions = {}) {
  const server = await startFakeSalesforce({ accessToken: 'static-token', ...options });
  servers.push(server);
  return server;
}

export const destination = (server: FakeSalesforce, extra: Partial<SalesforceOptions> = {}) =>
  salesforceDestination({
    id: 'sf',
    instanceUrl: server.url,
    credentials: { accessToken: 'static-token', clientId: 'client-id', clientSecret: 'client-secret', refreshToken: 'refresh-token', tokenUrl: server.tokenUrl },
    timeoutMs: 2_000,
    ...extra,
  });

export const record = (extra: Partial<EnrichedRecord> = {}): EnrichedRecord => ({
  id: randomUUID(), touchpoint: 'checkout', metric: 'nps', value: 9, createdAt: '2026-11-23T10:00:00Z',
  site: 'shop', score: 0.9, bucket: 'promoter', receivedAt: '2026-11-23T10:00:01Z', timestamp: '2026-11-23T10:00:00Z',
  ...extra,
});
export const detractor = (extra: Partial<EnrichedRecord> = {}) => record({ value: 2, score: 0.2, bucket: 'detractor', comment: '<i>slow</i> delivery', ...extra });
