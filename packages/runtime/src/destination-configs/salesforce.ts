import { SALESFORCE_FIELD_DEFAULTS } from '@feedloop/schema';
import { z } from 'zod';
import { destinationCommon, When, type SecretSchema } from './common.js';

/** An sObject or field API name: `Feedback__c`, `Comment__c`, `Case`. Checked so that it is safe in a URL path. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const apiName = (what: string) => z.string().regex(API_NAME, `${what} is a Salesforce API name such as Feedback__c`);

export { SALESFORCE_FIELD_DEFAULTS };

type FieldKey = keyof typeof SALESFORCE_FIELD_DEFAULTS;
const fieldName = apiName('a field name').nullable();
const fieldShape = Object.fromEntries(
  (Object.keys(SALESFORCE_FIELD_DEFAULTS) as FieldKey[]).map((key) => [key, fieldName.default(SALESFORCE_FIELD_DEFAULTS[key])]),
) as { [K in FieldKey]: z.ZodDefault<typeof fieldName> };

/** By default a follow-up is made for the "bad" bucket of every metric. */
export const SALESFORCE_FOLLOW_UP_BUCKETS = ['detractor', 'dissatisfied', 'hard', 'negative', 'unresolved'] as const;

export function salesforceConfig(secret: SecretSchema) {
  return z
    .object({
      ...destinationCommon,
      type: z.literal('salesforce'),
      /** `https://<MyDomain>.my.salesforce.com`, a sandbox's `…sandbox.my.salesforce.com`, or a test server. */
      instanceUrl: z.url({ protocol: /^https?$/ }),
      apiVersion: z.string().regex(/^v\d{2,3}\.0$/, 'an API version such as v66.0').default('v66.0'),
      auth: z
        .object({
          accessToken: secret.optional(),
          refreshToken: secret.optional(),
          clientId: secret.optional(),
          clientSecret: secret.optional(),
          /** Use your My Domain's `/services/oauth2/token` for the client-credentials grant; `test.salesforce.com` for sandboxes. */
          tokenUrl: z.url({ protocol: /^https?$/ }).default('https://login.salesforce.com/services/oauth2/token'),
        })
        .refine((a) => a.accessToken !== undefined || (a.clientId !== undefined && a.clientSecret !== undefined), {
          message: 'salesforce auth needs an accessToken, or clientId and clientSecret (with a refreshToken for the refresh-token grant, without for client credentials)',
        })
        .refine((a) => a.refreshToken === undefined || (a.clientId !== undefined && a.clientSecret !== undefined), {
          message: 'a refreshToken needs clientId and clientSecret',
          path: ['refreshToken'],
        }),
      /** The custom object a rating becomes, and its External ID (unique) field that holds the event id. */
      object: apiName('object').default('Feedback__c'),
      externalIdField: apiName('externalIdField').default('Feedback_Id__c'),
      fields: z.object(fieldShape).default(SALESFORCE_FIELD_DEFAULTS),
      /** An optional Task or Case for some ratings (by default the bad bucket of each metric), made after the upsert. */
      followUp: z
        .object({
          kind: z.enum(['none', 'task', 'case']).default('none'),
          when: When.unwrap().default(() => ({ buckets: [...SALESFORCE_FOLLOW_UP_BUCKETS], types: ['feedback.created' as const] })),
          /**
           * A custom External ID field on Task/Case that receives the event id: the follow-up is then upserted and a
           * repeat changes nothing. Without it, the follow-up is created only when the feedback upsert created the record.
           */
          externalIdField: apiName('followUp.externalIdField').optional(),
          /** The follow-up's field that points at the feedback record: Task `WhatId` unless set; Case none unless set. null: none. */
          linkField: apiName('followUp.linkField').nullable().optional(),
          /** Constant fields for every follow-up, e.g. `{ "OwnerId": "00G…", "Priority": "High", "Origin": "Web" }`. */
          fields: z.record(z.string().regex(API_NAME, 'a field API name'), z.union([z.string(), z.number(), z.boolean()])).default({}),
        })
        .default({ kind: 'none', when: { buckets: [...SALESFORCE_FOLLOW_UP_BUCKETS], types: ['feedback.created'] }, fields: {} }),
      /** When `Sforce-Limit-Info` shows this share of the org's daily API requests used, pause sends for `limitWaitMs`. */
      apiUsageThreshold: z.number().gt(0).max(1).default(0.95),
      /** How long to wait after `REQUEST_LIMIT_EXCEEDED` or crossing the threshold (no Retry-After is sent). */
      limitWaitMs: z.number().int().min(1_000).max(24 * 60 * 60_000).default(15 * 60_000),
    });
}
