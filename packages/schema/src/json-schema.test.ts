import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wireJsonSchema } from './json-schema.js';

describe('docs/wire-event.schema.json', () => {
  it('is the JSON Schema generated from the zod schemas (run `npm run docs:json-schema` after changing them)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/wire-event.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(wireJsonSchema())));
  });

  it('describes both the single event and the batch', () => {
    const schema = wireJsonSchema() as { anyOf: unknown[]; $defs: Record<string, { required: string[] }> };
    expect(schema.anyOf).toHaveLength(2);
    expect(schema.$defs.WireEvent!.required).toEqual(expect.arrayContaining(['id', 'touchpoint', 'metric', 'value', 'createdAt']));
  });
});
