import { PUBLIC_KEY, SECRET_KEY } from '../helpers/config.js';
import { HOOK_ID } from '../helpers/fault-run.js';
import { randomPrefix } from '../helpers/redis.js';

export const ZENDESK_ID = 'zendesk';
export const ZENDESK_LOGIN = { email: 'agent@example.com', apiToken: 'chaos-zendesk-token' };

export interface ChaosConfigOptions {
  redisUrl: string;
  port: number;
  /** Where the browser pages come from: the site's only allowed origin. */
  pageOrigin: string;
  webhookUrl: string;
  webhookSecret: string;
  zendeskUrl: string;
  /** Every destination's retry backoff; undefined keeps the product's default. */
  backoffMs?: number | undefined;
}

/**
 * The config file and environment of the chaos run's `feedloop` processes: one site (browsers by origin, the generator
 * with the secret key), every rating to a signed webhook, follow-ups (Zendesk's default `when`) to Zendesk.
 */
export function chaosConfig(options: ChaosConfigOptions) {
  const retry = options.backoffMs === undefined ? {} : { retry: { attempts: 10, backoffMs: options.backoffMs } };
  const rawConfig = {
    redis: { url: options.redisUrl, prefix: randomPrefix() },
    ingest: { host: '127.0.0.1', port: options.port },
    sites: [
      {
        id: 'shop',
        publicKey: PUBLIC_KEY,
        secretKey: { env: 'CHAOS_SECRET_KEY' },
        origins: [options.pageOrigin],
        // Clients retrying through an outage must not run into the site's limit.
        rateLimit: { perMinute: 100_000 },
      },
    ],
    destinations: [
      { id: HOOK_ID, type: 'webhook', url: options.webhookUrl, secret: { env: 'CHAOS_WEBHOOK_SECRET' }, allowPrivateNetworks: true, ...retry },
      {
        id: ZENDESK_ID,
        type: 'zendesk',
        baseUrl: options.zendeskUrl,
        email: ZENDESK_LOGIN.email,
        apiToken: { env: 'CHAOS_ZENDESK_TOKEN' },
        // Most of the fake's 700 a minute (Zendesk Enterprise).
        rateLimit: { max: 600, perMs: 60_000 },
        ...retry,
      },
    ],
  };
  const env = {
    CHAOS_SECRET_KEY: SECRET_KEY,
    CHAOS_WEBHOOK_SECRET: options.webhookSecret,
    CHAOS_ZENDESK_TOKEN: ZENDESK_LOGIN.apiToken,
    // Set: a process that finds no Redis fails instead of starting a throwaway one of its own.
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: 'info',
  };
  return { rawConfig, env };
}
