import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createDeliver } from './deliver.js';
import type { DeliveryContext } from './settle-delivery.js';

const context = { destination: { id: 'hook', type: 'webhook', send: () => Promise.reject(new Error('not reached')) } } as unknown as DeliveryContext;
const deliver = createDeliver(context, () => Promise.resolve([]));
const job = (data: unknown) => ({ queueName: '{deliver-hook}', data }) as Job;

describe('a delivery job whose data breaks its contract', () => {
  it('fails at once, saying what is wrong in the rating or the alert it carries', async () => {
    await expect(deliver(job({ destinationId: 'hook', record: { id: 'e1' } }))).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/^job data on \{deliver-hook\} breaks its contract: record\.\w+/),
    });
    await expect(deliver(job({ destinationId: 'hook', alert: { type: 'alert.detractor', id: 'e1-detractor' } }))).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/^job data on \{deliver-hook\} breaks its contract: alert\.\w+/),
    });
  });
});
