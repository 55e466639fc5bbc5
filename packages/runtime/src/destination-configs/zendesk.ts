import { BUCKET_NAMES } from '@feedloop/schema/metrics';
import { z } from 'zod';
import { destinationCommon, When, type SecretSchema } from './common.js';

/**
 * The `{placeholders}` of `ticket.subject` and `ticket.customFields[].value`. The adapter's copy is
 * `TEMPLATE_FIELDS` in packages/destinations/src/zendesk/ticket-template.ts; test/destinations/zendesk.test.ts keeps them equal.
 */
export const ZENDESK_TEMPLATE_FIELDS = [
  'id', 'site', 'touchpoint', 'metric', 'METRIC', 'value', 'min', 'max', 'score', 'bucket', 'comment',
  'user.id', 'user.email', 'user.name', 'url', 'title', 'sentiment', 'topics', 'channel', 'agent', 'interaction', 'timestamp',
] as const;

const PLACEHOLDER = /\{([A-Za-z.]+)\}/g;
const Template = z
  .string()
  .min(1)
  .max(500)
  .superRefine((template, ctx) => {
    for (const [, name] of template.matchAll(PLACEHOLDER)) {
      if (!(ZENDESK_TEMPLATE_FIELDS as readonly string[]).includes(name!)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}; known: ${ZENDESK_TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}` });
      }
    }
  });

const Priority = z.enum(['low', 'normal', 'high', 'urgent']);

/** Ratings that need someone to follow up: detractors (NPS 0–6) and dissatisfied (CSAT / emoji 1–2), with a comment. */
export const ZENDESK_DEFAULT_WHEN = { buckets: ['detractor', 'dissatisfied'], hasComment: true, types: ['feedback.created'] } satisfies z.input<typeof When>;

/** Zendesk keeps an `Idempotency-Key` two hours; the external_id lookup must start before that, with a margin for clocks. */
const KEY_LIFETIME_MS = 2 * 60 * 60_000;
const LOOKUP_MARGIN_MS = 10 * 60_000;

const Ticket = z
  .object({
    /** Template; the default reads "NPS 3/10 at checkout: The courier never came". */
    subject: Template.default('{METRIC} {value}/{max} at {touchpoint}: {comment}'),
    /** For buckets not named in `priorityByBucket`. */
    priority: Priority.default('normal'),
    priorityByBucket: z.partialRecord(z.enum(BUCKET_NAMES), Priority).default({ detractor: 'high', dissatisfied: 'high', unresolved: 'high' }),
    /** Zendesk's ticket type; unset leaves it to Zendesk. */
    type: z.enum(['problem', 'incident', 'question', 'task']).optional(),
    /** The group the ticket is assigned to (Admin Center → People → Groups; the id is in the URL). */
    groupId: z.number().int().positive().optional(),
    /** More tags, on top of feedloop, touchpoint_<t>, metric_<m>, bucket_<b> (and topic_<t>). */
    tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'a tag is lower-case letters, digits, _ and - (Zendesk splits tags on spaces)')).max(20).default([]),
    /** Also tag the record's topics as topic_<t>. */
    topicTags: z.boolean().default(true),
    /** Ticket fields to fill: `{ "id": 360012345, "value": "{score}" }`; a string value is a template. */
    customFields: z
      .array(z.object({ id: z.number().int().positive(), value: z.union([Template, z.number(), z.boolean()]) }).strict())
      .max(50)
      .default([]),
    /** false: the customer's comment arrives as an internal note, visible to agents only. */
    publicComment: z.boolean().default(false),
    /** A rating without user.email: a ticket with the API user as requester, or refused (dead-lettered). */
    requesterWithoutEmail: z.enum(['api-user', 'reject']).default('api-user'),
  })
  .strict();

export function zendeskConfig(secret: SecretSchema) {
  return z
    .object({
      ...destinationCommon,
      type: z.literal('zendesk'),
      when: When.unwrap().default(() => ({ ...ZENDESK_DEFAULT_WHEN, buckets: [...ZENDESK_DEFAULT_WHEN.buckets], types: [...ZENDESK_DEFAULT_WHEN.types] })),
      /** The account's API host (https://<subdomain>.zendesk.com), or a sandbox, proxy or test server. */
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .refine((url) => !/\/api\/v2\/?$/.test(url), 'baseUrl is the host (https://<subdomain>.zendesk.com), without /api/v2')
        .transform((url) => url.replace(/\/+$/, '')),
      /** An agent's or admin's e-mail, with `apiToken` (Admin Center → Apps and integrations → Zendesk API). */
      email: z.email().optional(),
      apiToken: secret.optional(),
      /** Instead of email + apiToken: an OAuth access token (scopes `read write`, or `tickets:read tickets:write`). */
      oauthToken: secret.optional(),
      /** Half the smallest paid plan's 200 requests a minute, leaving room for Zendesk's other integrations. */
      rateLimit: destinationCommon.rateLimit.unwrap().default({ max: 100, perMs: 60_000 }),
      ticket: Ticket.prefault({}),
      /**
       * Records received longer ago than this are looked up by external_id before a ticket is created (their
       * Idempotency-Key may have expired). At most 110 minutes; 0 looks up every time.
       */
      findExistingAfterMs: z
        .number()
        .int()
        .min(0)
        .max(KEY_LIFETIME_MS - LOOKUP_MARGIN_MS, 'Zendesk keeps an Idempotency-Key two hours: look up existing tickets at most 110 minutes after receipt')
        .default(100 * 60_000),
    })
    .superRefine((d, ctx) => {
      const token = d.email !== undefined || d.apiToken !== undefined;
      if (d.oauthToken !== undefined && token) {
        ctx.addIssue({ code: 'custom', path: ['oauthToken'], message: 'give either oauthToken or email + apiToken, not both' });
      } else if (d.oauthToken === undefined) {
        if (d.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'a Zendesk destination needs email + apiToken (or oauthToken)' });
        if (d.apiToken === undefined) ctx.addIssue({ code: 'custom', path: ['apiToken'], message: 'a Zendesk destination needs email + apiToken (or oauthToken)' });
      }
    });
}
