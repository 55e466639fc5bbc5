import { z } from 'zod';
import { destinationCommon, type SecretSchema } from './common.js';

/** A HubSpot internal property name: lower-case letters, digits and `_`, starting with a letter. */
const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;
/** The same, where `{metric}` stands for the rating's metric (`feedloop_last_{metric}` → `feedloop_last_nps`). */
const PROPERTY_TEMPLATE = /^(?:[a-z]|\{metric\})(?:[a-z0-9_]|\{metric\})*$/;

const propertyName = z.string().max(100).regex(PROPERTY_NAME, 'a HubSpot property name is lower-case letters, digits and _, starting with a letter');
const propertyTemplate = z
  .string()
  .max(100)
  .regex(PROPERTY_TEMPLATE, 'a HubSpot property name is lower-case letters, digits and _, with {metric} for the metric');

/** Where the latest rating goes on the contact; `null` writes nothing there (docs/destinations/hubspot.md). */
const ContactProperties = z.object({
  /** Number property per metric: the latest value on the metric's scale. */
  value: propertyTemplate.nullable().default('feedloop_last_{metric}'),
  /** Date-and-time property per metric: when that rating was given. */
  at: propertyTemplate.nullable().default('feedloop_last_{metric}_at'),
  /** Multi-line text property: the latest comment (ratings without one leave it as it is). */
  comment: propertyName.nullable().default('feedloop_last_comment'),
  /** Single-line text property: the touchpoint of the latest rating. */
  touchpoint: propertyName.nullable().default('feedloop_last_touchpoint'),
});

const DEFAULT_PROPERTIES = {
  value: 'feedloop_last_{metric}',
  at: 'feedloop_last_{metric}_at',
  comment: 'feedloop_last_comment',
  touchpoint: 'feedloop_last_touchpoint',
};

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function hubspotConfig(secret: SecretSchema) {
  return z.object({
    ...destinationCommon,
    type: z.literal('hubspot'),
    /** A private-app access token (or an OAuth access token) with the contacts read and write scopes. */
    token: secret,
    /** HubSpot's API host; point it at a proxy or a test server. */
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.hubapi.com'),
    properties: ContactProperties.default(DEFAULT_PROPERTIES),
    /** Which ratings also get a note on the contact: every one, those with a comment, or none. */
    notes: z.enum(['all', 'with-comment', 'off']).default('all'),
    /** The note property with unique values that holds the Feedloop event id: what makes a repeated note an update. */
    noteIdProperty: propertyName.default('feedloop_event_id'),
    /** The HubSpot account's time zone (Settings → Account defaults): its daily API allowance resets at midnight there. */
    dailyResetTimeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "UTC" or "America/New_York"').default('UTC'),
  });
}
