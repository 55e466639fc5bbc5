import { buildApp } from '@feedloop/ingest';
import { createLogger } from '@feedloop/runtime';
import { startWorker } from '@feedloop/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_KEY, testConfig } from './helpers/config.js';
import { postAsBrowser, wireEvent } from './helpers/events.js';
import { deletePrefix } from './helpers/redis.js';

const { config } = testConfig();
const app = await buildApp(config);
const worker = await startWorker(config, { logger: createLogger({ level: 'silent' }) });
afterAll(async () => {
  await app.close();
  await worker.close();
  await deletePrefix(config.redis.prefix);
});

describe('insights from ratings posted through the pipeline', () => {
  it('counts what the widget sent, once, and answers it by touchpoint and agent', async () => {
    const chat = { id: 'chat-1', channel: 'chat' as const, agentId: 'agent-7' };
    const events = [
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 5, interaction: chat }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 4, interaction: chat }),
      wireEvent({ touchpoint: 'support.chat', metric: 'csat', value: 2, interaction: chat }),
      wireEvent({ touchpoint: 'checkout', metric: 'csat', value: 5 }),
    ];
    expect((await postAsBrowser(app, { batch: events, sentAt: new Date().toISOString() })).statusCode).toBe(202);
    // The same batch again (a widget retry): taken as duplicates, so it never reaches the worker to be counted.
    const again = await postAsBrowser(app, { batch: events, sentAt: new Date().toISOString() });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 4 });

    const ask = (groupBy: string) =>
      app.inject({ method: 'GET', url: `/v1/insights?site=shop&metric=csat&groupBy=${groupBy}`, headers: { authorization: `Bearer ${SECRET_KEY}` } });
    await expect.poll(async () => (await ask('touchpoint')).json().total?.count, { timeout: 10_000 }).toBe(4);
    const byTouchpoint = (await ask('touchpoint')).json();
    expect(byTouchpoint.total).toMatchObject({ count: 4, headline: 75 });
    expect(byTouchpoint.rows).toEqual([
      expect.objectContaining({ key: 'checkout', count: 1, headline: 100 }),
      expect.objectContaining({ key: 'support.chat', count: 3, histogram: { '2': 1, '4': 1, '5': 1 } }),
    ]);
    const byAgent = (await ask('agent')).json();
    expect(byAgent.rows).toEqual([expect.objectContaining({ key: 'agent-7', count: 3 })]);
  });
});
