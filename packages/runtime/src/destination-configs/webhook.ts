import { WEBHOOK_SECRET_PATTERN } from '@feedloop/schema';
import { z } from 'zod';
import { destinationCommon, type SecretSchema } from './common.js';

export function webhookConfig(secret: SecretSchema) {
  // Checked here so that a bad secret stops start-up instead of failing every delivery.
  const webhookSecret = secret.pipe(z.string().regex(WEBHOOK_SECRET_PATTERN, 'a webhook secret is whsec_ followed by the base64 of at least 16 bytes'));
  return z
    .object({
      ...destinationCommon,
      type: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/ }),
      secret: webhookSecret.optional(),
      secrets: z.array(webhookSecret).min(1).optional(),
      allowPrivateNetworks: z.boolean().default(false),
    })
    .refine((d) => d.secret !== undefined || d.secrets !== undefined, { message: 'a webhook needs a secret (or secrets)', path: ['secret'] });
}
