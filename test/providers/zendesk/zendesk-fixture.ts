import { readFileSync } from 'node:fs';

/** A recorded Zendesk answer: test/fixtures/zendesk/answer-*.json. */
export interface FixtureAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const FIXTURES = new URL('../../fixtures/zendesk/', import.meta.url);

export function zendeskFixture<T = FixtureAnswer>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}
