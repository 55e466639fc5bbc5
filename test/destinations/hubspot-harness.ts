import { randomUUID } from 'node:crypto';
import type { EnrichedRecord } from '@feedloop/schema';
import { hubspotDestination, type HubSpotOptions } from '../../packages/destinations/src/hubspot/hubspot-destination.js';
import { startHubSpotServer, type HubSpotServer, type HubSpotServerOptions } from '../providers/hubspot-server.js';

/**
 * What the HubSpot destination tests share: one local HubSpot at a time, an adapter pointed at it, and ratings.
 * Each test file wires the hooks: `beforeEach(() => start())` and `afterEach(() => server.close())`.
 */

/** The local HubSpot the current test talks to (a live binding: `start` replaces it). */
export let server: HubSpotServer;

/** Starts a local HubSpot with these options, closing the previous one. */
export async function start(options: HubSpotServerOptions = {}) {
  await server?.close();
  server = await startHubSpotServer(options);
}

export const destination = (options: Partial<HubSpotOptions> = {}) => hubspotDestination({ id: 'crm', token: server.token, baseUrl: server.url, ...options });

let clock = 0;
export function record(overrides: Partial<EnrichedRecord> = {}): EnrichedRecord {
  clock += 1000;
  const at = new Date(Date.parse('2026-11-23T10:00:00Z') + clock).toISOString();
  return {
    id: randomUUID(),
    touchpoint: 'checkout',
    metric: 'nps',
    value: 9,
    createdAt: at,
    site: 'shop',
    score: 0.9,
    bucket: 'promoter',
    receivedAt: at,
    timestamp: at,
    user: { email: 'ada@shop.example' },
    context: { url: 'https://shop.example/cart', title: 'Your cart' },
    ...overrides,
  };
}

export const paths = () => server.requests.map((r) => r.path);
export const inputsOf = (index: number) => (server.requests[index]!.body as { inputs: Record<string, unknown>[] }).inputs;
export const keysOf = (value: unknown) => Object.keys(value as object).sort();
