import { readFileSync } from 'node:fs';

/** A body from test/fixtures/hubspot, as HubSpot's reference documents it. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/hubspot/${name}`, import.meta.url), 'utf8')) as T;
}
