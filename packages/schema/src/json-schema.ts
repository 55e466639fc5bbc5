import { z } from 'zod';
import { WireBatch, WireEvent } from './wire-event.js';

/** JSON Schema (draft 2020-12) of `POST /v1/events` bodies, generated from the zod schemas. */
export function wireJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(WireEvent, { id: 'WireEvent' });
  const body = z.union([WireBatch, WireEvent]);
  return {
    $id: 'https://feedloop.dev/schemas/wire-event.v1.json',
    title: 'Feedloop wire event v1: one event or { batch, sentAt }',
    ...z.toJSONSchema(body, { io: 'input', metadata: registry, unrepresentable: 'any' }),
  };
}
