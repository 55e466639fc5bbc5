import { readFileSync } from 'node:fs';

/** A documented body from test/fixtures/salesforce. */
export const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/salesforce/${name}.json`, import.meta.url), 'utf8'));
