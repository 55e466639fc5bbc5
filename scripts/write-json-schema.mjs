// Writes docs/wire-event.schema.json from the zod schemas in @feedloop/schema (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { wireJsonSchema } from '@feedloop/schema';

const target = new URL('../docs/wire-event.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(wireJsonSchema(), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);
