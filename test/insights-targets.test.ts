import { createRedis, insightsKeys, parseConfig, utcDay, type Config, type EventJob } from '@feedloop/runtime';
import type { TargetMissedAlert, WireEvent } from '@feedloop/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { createInsightsCounter } from '../packages/worker/src/insights/count-rating.js';
import { createTargetWatch } from '../packages/worker/src/insights/watch-targets.js';
import { toRecord } from '../packages/worker/src/to-record.js';
import { PUBLIC_KEY } from './helpers/config.js';
import { wireEvent } from './helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from './helpers/redis.js';

const DAY_MS = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type TargetInput = { metric: string; min: number; touchpoint?: string; minResponses?: number; windowDays?: number; sites?: string[]; id?: string; cooldownHours?: number };

/**
 * The counter and the target watch of a worker, on a fresh prefix, as the events processor uses them. `clock.now`
 * is the worker's clock (the ratings' own timestamps are whatever they say).
 */
function setup(targets: TargetInput[], prefix = randomPrefix()) {
  const clock = { now: Date.now() };
  const config: Readonly<Config> = parseConfig({
    redis: { url: REDIS_URL, prefix },
    sites: [
      { id: 'shop', publicKey: PUBLIC_KEY },
      { id: 'blog', publicKey: `${PUBLIC_KEY}_blog` },
    ],
    insights: { targets },
  });
  const redis = createRedis(REDIS_URL, 'worker');
  cleanups.push(async () => {
    await deletePrefix(config.redis.prefix);
    redis.disconnect();
  });
  const counter = createInsightsCounter(config, redis);
  const watch = createTargetWatch(config, redis, () => clock.now);
  /** Counts and judges one rating, as a job does; returns the target alerts it raised. */
  async function rate(event: WireEvent, site = 'shop'): Promise<TargetMissedAlert[]> {
    const record = toRecord(job(event, site));
    const targets = watch.targetsOf(record);
    await counter.count(record, targets);
    return watch.judge(record, targets);
  }
  const target = (id: string) => config.insights.targets.find((t) => t.id === id)!;
  return { config, redis, counter, watch, rate, clock, target, keys: insightsKeys(config.redis.prefix, 'shop') };
}

function job(event: WireEvent, site = 'shop'): EventJob {
  return { site, event, receivedAt: new Date().toISOString(), timestamp: event.createdAt };
}

const csat = (value: number, overrides: Partial<WireEvent> = {}) => wireEvent({ touchpoint: 'checkout', metric: 'csat', value, ...overrides });

async function rateAll(rate: (event: WireEvent) => Promise<TargetMissedAlert[]>, events: WireEvent[]): Promise<TargetMissedAlert[]> {
  const alerts: TargetMissedAlert[] = [];
  for (const event of events) alerts.push(...(await rate(event)));
  return alerts;
}

describe('insights targets', () => {
  it('alerts once when the window falls below target, and again only after it recovered', async () => {
    const { rate, redis, keys, target } = setup([{ metric: 'csat', min: 80, minResponses: 5, cooldownHours: 0 }]);
    // 5 satisfied, then two unhappy: 5/6 = 83.3 % still meets 80 %, 5/7 = 71.4 % misses it.
    expect(await rateAll(rate, [csat(5), csat(5), csat(4), csat(5), csat(4), csat(1)])).toEqual([]);
    const tipping = csat(2);
    const first = await rate(tipping);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      type: 'alert.target_missed',
      id: expect.stringMatching(new RegExp(`^${tipping.id}-target-csat-all-\\d+$`)),
      site: 'shop',
      eventId: tipping.id,
      target: { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 80, minResponses: 5, windowDays: 7 },
      window: { from: utcDay(Date.now() - 6 * DAY_MS), to: utcDay(Date.now()), count: 7 },
    });
    expect(Object.keys(first[0]!.window).sort()).toEqual(['ci95', 'count', 'from', 'headline', 'to']);
    expect(first[0]!.window.headline).toBeCloseTo((100 * 5) / 7, 9);
    expect(first[0]!.window.ci95![0]).toBeLessThan(first[0]!.window.headline);

    // Still breached: more unhappy ratings raise nothing, and each keeps the breach alive for a window and a day.
    expect(await rateAll(rate, [csat(1), csat(3), csat(2)])).toEqual([]);
    const breachKey = keys.targetBreach(target('csat-all'));
    expect(await redis.ttl(breachKey)).toBeGreaterThan(7 * 86_400);
    expect(await redis.ttl(breachKey)).toBeLessThanOrEqual(8 * 86_400);
    // 5 of 10, then 15 of 20 satisfied: still below; 25 of 30 (83.3 %) meets the target and ends the breach.
    expect(await rateAll(rate, Array.from({ length: 20 }, () => csat(5)))).toEqual([]);
    expect(await redis.exists(breachKey)).toBe(0);
    // A new breach: 25 of 33 = 75.8 %.
    const again = await rateAll(rate, [csat(1), csat(1), csat(1)]);
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(first[0]!.id);
  });

  it('treats a fall within the cooldown as the same breach: a target hovering at its minimum alerts once', async () => {
    const { rate, redis, keys, target } = setup([{ metric: 'csat', min: 80, minResponses: 20 }]);
    // 16 of 20 satisfied: exactly 80 %, which meets the target.
    expect(await rateAll(rate, Array.from({ length: 20 }, (_, i) => csat(i < 16 ? 5 : 1)))).toEqual([]);
    // Then one unhappy rating (below 80 %) and four satisfied ones (back to exactly 80 %), sixty times over: the
    // window falls below its minimum sixty times, and recovers in between.
    const hovering = Array.from({ length: 300 }, (_, i) => csat(i % 5 === 0 ? 1 : 5));
    expect(await rateAll(rate, hovering)).toHaveLength(1);
    const breach = JSON.parse((await redis.get(keys.targetBreach(target('csat-all'))))!) as Record<string, unknown>;
    expect(breach.eventId).toEqual(expect.any(String));
  });

  it('raises the same alert when the tipping job runs again, and none for another rating', async () => {
    const { rate, counter, watch } = setup([{ metric: 'nps', min: 0, minResponses: 2, id: 'nps-floor' }]);
    const nps = (value: number) => wireEvent({ touchpoint: 'checkout', metric: 'nps', value });
    expect(await rate(nps(10))).toEqual([]);
    // One promoter and one detractor: NPS 0, which meets min 0 (a target is missed below it, not at it).
    expect(await rate(nps(2))).toEqual([]);
    const below = nps(0);
    const [breach] = await rate(below);
    expect(breach).toMatchObject({ id: expect.stringMatching(new RegExp(`^${below.id}-target-nps-floor-\\d+$`)), eventId: below.id });

    // The job stopped after counting: run again, its count is a repeat, and the alert comes again, the same.
    const record = toRecord(job(below));
    const targets = watch.targetsOf(record);
    expect(await counter.count(record, targets)).toBe(false);
    expect(await watch.judge(record, targets)).toEqual([{ ...breach, window: expect.objectContaining({ count: 3 }) }]);
    expect(await rate(nps(1))).toEqual([]);
  });

  it('raises the alert again when its job runs again after midnight or with too few responses left, and nothing else meanwhile', async () => {
    const { rate, counter, watch, clock } = setup([{ metric: 'csat', min: 90, minResponses: 5, windowDays: 1 }]);
    // One second before midnight (UTC) by the worker's clock; the ratings say they were given then.
    clock.now = Date.parse(`${utcDay(Date.now())}T23:59:59Z`);
    const at = new Date(clock.now).toISOString();
    await rateAll(rate, Array.from({ length: 4 }, () => csat(5, { createdAt: at })));
    const tipping = csat(1, { createdAt: at });
    const [alert] = await rate(tipping);
    expect(alert).toMatchObject({ window: { count: 5, headline: 80 } });

    // The job stopped before queueing the alert; it runs again five seconds later, in a new day whose window is
    // empty. Its claim still stands, so it raises the same alert, with the figures that made it.
    clock.now += 5_000;
    const record = toRecord(job(tipping));
    expect(await counter.count(record, watch.targetsOf(record))).toBe(false);
    expect(await watch.judge(record, watch.targetsOf(record))).toEqual([alert]);
    // Ratings of the new day: too few to judge, then below the target but the breach is another rating's: nothing.
    const now = () => new Date(clock.now).toISOString();
    expect(await rateAll(rate, [csat(1, { createdAt: now() }), csat(1, { createdAt: now() })])).toEqual([]);
    expect(await rateAll(rate, [csat(1, { createdAt: now() }), csat(1, { createdAt: now() }), csat(1, { createdAt: now() })])).toEqual([]);
    // The window is judged now (5 of 5 unhappy, 0 %) and still the claim is the tipping rating's: its job alone alerts.
    expect(await watch.judge(record, watch.targetsOf(record))).toEqual([alert]);
  });

  it('raises the alert again when its job runs again after the breach ended or came back, and a new claim gets a new id', async () => {
    const { rate, counter, watch } = setup([{ metric: 'csat', min: 80, minResponses: 5 }]);
    const judgeAgain = (event: WireEvent) => {
      const record = toRecord(job(event));
      return watch.judge(record, watch.targetsOf(record));
    };
    const countOnly = async (events: WireEvent[]) => {
      for (const event of events) await counter.count(toRecord(job(event)), watch.targetsOf(toRecord(job(event))));
    };
    await rateAll(rate, [csat(5), csat(5), csat(5), csat(1)]);
    const claimant = csat(1);
    const [alert] = await rate(claimant); // 3 of 5: claimed; say its job stopped before queueing the alert
    expect(alert).toBeDefined();
    await rateAll(rate, Array.from({ length: 5 }, () => csat(5))); // 8 of 10: met, the breach ended (cooldown)
    await countOnly([csat(1), csat(1), csat(1)]); // 8 of 13, counted but not yet judged
    // The claimant's job runs again: its alert comes again, the same, whatever became of the breach.
    expect(await judgeAgain(claimant)).toEqual([alert]);

    // With no cooldown, the breach's key is gone once it ends; the claimant's job running again after a new fall
    // claims a new breach: a new alert, with an id of its own.
    const quick = setup([{ metric: 'csat', min: 80, minResponses: 5, cooldownHours: 0 }]);
    await rateAll(quick.rate, [csat(5), csat(5), csat(5), csat(1)]);
    const first = csat(1);
    const [firstAlert] = await quick.rate(first);
    await rateAll(quick.rate, Array.from({ length: 5 }, () => csat(5)));
    for (const event of [csat(1), csat(1), csat(1)]) await quick.counter.count(toRecord(job(event)), quick.watch.targetsOf(toRecord(job(event))));
    quick.clock.now += 60_000;
    const record = toRecord(job(first));
    const [second] = await quick.watch.judge(record, quick.watch.targetsOf(record));
    expect(second).toMatchObject({ eventId: first.id, window: { count: 13 } });
    expect(second!.id).not.toBe(firstAlert!.id);
  });

  it('starts afresh when a target keeps its id but judges another metric or touchpoint', async () => {
    const prefix = randomPrefix();
    const before = setup([{ id: 'service', metric: 'csat', min: 80, minResponses: 3 }], prefix);
    expect(await rateAll(before.rate, [csat(1), csat(1), csat(1)])).toHaveLength(1);
    const after = setup([{ id: 'service', metric: 'csat', touchpoint: 'checkout', min: 80, minResponses: 3 }], prefix);
    // The old window (3 unhappy of 3) and its breach are not the new target's: it needs 3 responses of its own.
    expect(await rateAll(after.rate, [csat(5), csat(5)])).toEqual([]);
    expect(await rateAll(after.rate, [csat(1), csat(1)])).toHaveLength(1);
  });

  it('alerts again for a fall after the cooldown is over', async () => {
    const { rate } = setup([{ metric: 'thumbs', min: 50, minResponses: 2, cooldownHours: 2 / 3_600 }]);
    const thumb = (value: number) => wireEvent({ touchpoint: 'checkout', metric: 'thumbs', value });
    expect(await rateAll(rate, [thumb(0), thumb(0)])).toHaveLength(1);
    expect(await rateAll(rate, [thumb(1), thumb(1)])).toEqual([]); // 50 %: met, the breach ends
    expect(await rateAll(rate, [thumb(0)])).toEqual([]); // within the cooldown: the same breach
    expect(await rateAll(rate, [thumb(1), thumb(1)])).toEqual([]); // met again, ended again
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(await rateAll(rate, [thumb(0), thumb(0)])).toHaveLength(1);
  });

  it('raises one alert when many workers judge the same breach at once', async () => {
    const { rate } = setup([{ metric: 'csat', min: 90, minResponses: 10 }]);
    await rateAll(rate, Array.from({ length: 10 }, () => csat(5)));
    const alerts = (await Promise.all(Array.from({ length: 60 }, (_, i) => rate(csat(1 + (i % 3)))))).flat();
    expect(alerts).toHaveLength(1);
  });

  it('judges only the ratings a target covers: its metric, touchpoints, sites and window', async () => {
    const { rate, watch } = setup([
      { metric: 'csat', min: 80, touchpoint: 'support.*', minResponses: 1, sites: ['shop'] },
      { metric: 'ces', min: 5, minResponses: 2, windowDays: 3 },
    ]);
    const targetIds = (event: WireEvent, site = 'shop') => watch.targetsOf(toRecord(job(event, site))).map((t) => t.id);
    expect(targetIds(csat(1, { touchpoint: 'support.chat' }))).toEqual(['csat-support_any']);
    expect(targetIds(csat(1, { touchpoint: 'checkout' }))).toEqual([]);
    expect(targetIds(csat(1, { touchpoint: 'support.chat' }), 'blog')).toEqual([]);
    expect(targetIds(wireEvent({ touchpoint: 'checkout', metric: 'ces', value: 2 }), 'blog')).toEqual(['ces-all']);

    // Another site's ratings count in its own window.
    expect(await rate(wireEvent({ touchpoint: 'checkout', metric: 'ces', value: 1 }), 'blog')).toEqual([]);
    // Too few responses to judge, then a rating older than the 3-day window: counted for its day, judged never.
    expect(await rate(wireEvent({ touchpoint: 'checkout', metric: 'ces', value: 1 }))).toEqual([]);
    const old = new Date(Date.now() - 4 * DAY_MS).toISOString();
    expect(await rate(wireEvent({ touchpoint: 'checkout', metric: 'ces', value: 1, createdAt: old }))).toEqual([]);
    // Two in the window now, mean 1.5 < 5.
    const [alert] = await rate(wireEvent({ touchpoint: 'checkout', metric: 'ces', value: 2 }));
    expect(alert).toMatchObject({ site: 'shop', window: { count: 2, headline: 1.5 } });
  });

  it('keeps the latest comments, newest first, without who wrote them', async () => {
    const { rate, redis, keys } = setup([]);
    await rate(csat(1, { comment: '  Late again  ', user: { email: 'ana@example.com' }, interaction: { channel: 'chat', agentId: 'maya' } }));
    await rate(csat(5));
    const last = csat(4, { comment: 'fine' });
    await rate(last);
    await rate(last); // a repeat keeps nothing twice
    const stored = (await redis.lrange(keys.comments(), 0, -1)).map((entry) => JSON.parse(entry) as Record<string, unknown>);
    expect(stored).toEqual([
      expect.objectContaining({ id: last.id, comment: 'fine', value: 4, bucket: 'satisfied' }),
      expect.objectContaining({ comment: 'Late again', channel: 'chat', agentId: 'maya', topics: expect.any(Array) }),
    ]);
    expect(JSON.stringify(stored)).not.toContain('ana@example.com');
    expect(await redis.ttl(keys.comments())).toBeGreaterThan(300 * 86_400);
  });
});
