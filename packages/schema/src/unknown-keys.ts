import { z } from 'zod';

// Looked up for every event ingest reads: worked out once per schema.
const shapes = new WeakMap<z.ZodType, Record<string, z.ZodType> | undefined>();

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  if (shapes.has(schema)) return shapes.get(schema);
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  const shape = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
  shapes.set(schema, shape);
  return shape;
}

/**
 * Dotted paths of the keys in `value` that `schema` does not know. Parsing strips them silently;
 * this names them so the sender learns, and a newer widget's rating is still accepted by an older server.
 */
export function unknownKeys(schema: z.ZodType, value: unknown, prefix = ''): string[] {
  const shape = objectShape(schema);
  if (!shape || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    // Own keys only: `constructor` or `__proto__` in a body are unknown fields, not Object.prototype's.
    const childSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!childSchema) found.push(prefix + key);
    else found.push(...unknownKeys(childSchema, child, `${prefix}${key}.`));
  }
  return found;
}
