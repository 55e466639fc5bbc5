import { z } from 'zod';
import { destinationCommon, When, type SecretSchema } from './common.js';

export function slackConfig(secret: SecretSchema) {
  return z.object({
    ...destinationCommon,
    type: z.literal('slack'),
    /**
     * The incoming-webhook URL (`https://hooks.slack.com/services/T…/B…/…`); the URL is the secret, so it travels
     * over https only. Plain http is allowed for loopback hosts, so a local test server can stand in for Slack.
     */
    webhookUrl: secret.pipe(
      z.url({ protocol: /^https?$/, error: 'the webhook URL is an http(s) URL' }).refine(
        (url) => url.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url),
        'the webhook URL is a secret: https only (http is allowed for 127.0.0.1 and localhost)',
      ),
    ),
    /**
     * By default the alerts (docs/insights.md): an unhappy answer with a comment, and a missed target. A `when` given
     * replaces this default entirely; without `types` it sends ratings.
     */
    when: When.unwrap().default(() => ({ types: ['alert.detractor' as const, 'alert.target_missed' as const] })),
    /** A link shown under each message; `{id}` and `{site}` are replaced by the event id and the site id. */
    dashboardUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Slack allows about one message a second per webhook, with short bursts. */
    rateLimit: destinationCommon.rateLimit.unwrap().default(() => ({ max: 1, perMs: 1_000 })),
  });
}
