import { parseConfig, type Config } from '@feedloop/runtime';
import { generateSecret } from '@feedloop/webhooks';
import { randomPrefix, REDIS_URL } from './redis.js';

export const PUBLIC_KEY = 'pk_test_0123456789';
export const ORIGIN = 'https://shop.example';
export const SECRET_KEY = 'sk_test_9f8e7d6c5b4a39281706';

export interface TestConfigOptions {
  prefix?: string;
  redisUrl?: string;
  webhookUrl?: string;
  secret?: string;
  retry?: { attempts: number; backoffMs: number };
}

/** A parsed config with one site and, given a URL, one webhook destination; secrets come through the env, as in production. */
export function testConfig(options: TestConfigOptions = {}): { config: Readonly<Config>; secret: string } {
  const secret = options.secret ?? generateSecret();
  const env = { TEST_WEBHOOK_SECRET: secret, TEST_SECRET_KEY: SECRET_KEY };
  const config = parseConfig(
    {
      redis: { url: options.redisUrl ?? REDIS_URL, prefix: options.prefix ?? randomPrefix() },
      sites: [{ id: 'shop', publicKey: PUBLIC_KEY, secretKey: { env: 'TEST_SECRET_KEY' }, origins: [ORIGIN] }],
      destinations: options.webhookUrl
        ? [
            {
              id: 'hook',
              type: 'webhook',
              url: options.webhookUrl,
              secret: { env: 'TEST_WEBHOOK_SECRET' },
              allowPrivateNetworks: true,
              retry: options.retry ?? { attempts: 5, backoffMs: 50 },
            },
          ]
        : [],
    },
    env,
  );
  return { config, secret };
}
