import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, deliveryQueueName, EVENTS_QUEUE, QUEUE_STREAMS } from '@feedloop/runtime';
import { generateSecret } from '@feedloop/webhooks';
import { toRecord } from '@feedloop/worker';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wireEvent } from '../../../test/helpers/events.js';
import { deletePrefix, randomPrefix, REDIS_URL } from '../../../test/helpers/redis.js';
import { main } from './main.js';

const prefix = randomPrefix();
const file = join(mkdtempSync(join(tmpdir(), 'feedloop-dlq-')), 'feedloop.config.json');
const connection = createRedis(REDIS_URL, 'worker');
const crm = new Queue(deliveryQueueName('crm'), { connection, prefix, streams: QUEUE_STREAMS });
const events = new Queue(EVENTS_QUEUE, { connection, prefix, streams: QUEUE_STREAMS });
const crmEvents = [wireEvent(), wireEvent()];
const brokenEvent = wireEvent();

/** Runs `feedloop …` in this process, capturing what it writes. */
async function feedloop(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const dlq = (...args: string[]) => feedloop('dlq', ...args, '--config', file);

/** Two dead deliveries on `deliver-crm` and one dead event, failed by workers as the real ones fail. */
beforeAll(async () => {
  process.env.DLQ_CLI_TEST_SECRET = generateSecret();
  writeFileSync(
    file,
    JSON.stringify({
      redis: { url: REDIS_URL, prefix },
      sites: [{ id: 'shop', publicKey: 'pk_dlq_test_1234' }],
      destinations: [{ id: 'crm', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: { env: 'DLQ_CLI_TEST_SECRET' } }],
    }),
  );
  for (const event of crmEvents) {
    const record = toRecord({ site: 'shop', event, receivedAt: new Date().toISOString(), timestamp: event.createdAt });
    await crm.add('deliver', { destinationId: 'crm', record }, { jobId: `${event.id}.crm`, attempts: 5 });
  }
  await events.add('event', { site: 'shop', event: brokenEvent }, { jobId: brokenEvent.id, attempts: 5 });
  const workers = [
    new Worker(crm.name, () => Promise.reject(new UnrecoverableError('HTTP 400: the receiver refused the payload')), { connection, prefix }),
    new Worker(events.name, () => Promise.reject(new UnrecoverableError('job data on {events} breaks its contract: event.receivedAt')), { connection, prefix }),
  ];
  for (let i = 0; i < 200 && (await crm.getFailedCount()) + (await events.getFailedCount()) < 3; i++) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(workers.map((w) => w.close()));
});

afterAll(async () => {
  await Promise.all([crm.close(), events.close()]);
  connection.disconnect();
  await deletePrefix(prefix);
});

describe('feedloop dlq', () => {
  it('lists dead letters as an aligned table, newest first, and as JSON', async () => {
    const { code, stdout } = await dlq('list');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^FAILED AT +QUEUE +JOB ID +ATTEMPTS +REASON$/);
    const column = lines[0]!.indexOf('QUEUE');
    expect(lines.slice(1).map((line) => line.slice(column).split(' ')[0]).sort()).toEqual(['deliver-crm', 'deliver-crm', 'events']);
    const failedAt = lines.slice(1).map((line) => line.split(' ')[0]!);
    expect(failedAt).toEqual([...failedAt].sort().reverse());
    const eventLine = lines.find((line) => line.includes(brokenEvent.id))!;
    expect(eventLine.slice(column)).toMatch(/^events +[0-9a-f-]+ +1 +job data on \{events\} breaks its contract: event.receivedAt$/);
    expect(lines.filter((line) => line.includes('HTTP 400: the receiver refused the payload'))).toHaveLength(2);
    expect(lines.every((line) => line.indexOf('JOB ID') === -1 || line.indexOf('JOB ID') === lines[0]!.indexOf('JOB ID'))).toBe(true);

    const json = await dlq('list', '--destination', 'crm', '--limit', '1', '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as unknown[];
    expect(rows).toEqual([
      {
        queue: 'deliver-crm',
        destination: 'crm',
        jobId: expect.stringMatching(/\.crm$/),
        eventId: expect.toBeOneOf(crmEvents.map((e) => e.id)),
        failedAt: expect.any(String),
        attempts: 1,
        reason: 'HTTP 400: the receiver refused the payload',
      },
    ]);
    expect((await dlq('list', '--since', '1h')).stdout.trimEnd().split('\n')).toHaveLength(4);
    expect((await dlq('list', '--since', '2999-01-01')).stdout).toBe('no dead letters\n');
  });

  it('shows one dead letter with its reason and data', async () => {
    const { code, stdout } = await dlq('show', `${crmEvents[0]!.id}.crm`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^job +[0-9a-f-]+\.crm$/m);
    expect(stdout).toMatch(/^state +failed \(dead letter\)$/m);
    expect(stdout).toMatch(/^reason +HTTP 400: the receiver refused the payload$/m);
    expect(stdout).toContain(`"id": "${crmEvents[0]!.id}"`);
    expect((await dlq('show', 'no-such-job')).code).toBe(1);
  });

  it('refuses usage errors with a clear message and exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['drop'], /add --yes/],
      [['rewind'], /Unknown dlq subcommand "rewind"/],
      [[], /needs a subcommand/],
      [['list', '--limit', 'ten'], /--limit takes a positive whole number/],
      [['replay', '--limit', '5'], /--limit does not apply to "dlq replay"/],
      [['show'], /exactly one job id/],
      [['list', '--since', 'yesterday'], /since "yesterday" is neither an ISO date\/time/],
      [['list', '--destination', 'hubspot'], /no destination "hubspot" in the configuration \(known: events, crm\)/],
      [['list', '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const result = await dlq(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    // Nothing was touched.
    expect(await crm.getFailedCount()).toBe(2);
  });

  it('replays by destination, says how many per queue, and replays nothing the second time', async () => {
    expect(await dlq('replay', '--destination', 'crm')).toMatchObject({ code: 0, stdout: 'replayed 2 dead letters (deliver-crm: 2)\n' });
    expect(await dlq('replay', '--destination', 'crm')).toMatchObject({ code: 0, stdout: 'replayed 0 dead letters\n' });
    expect(await crm.getJobCounts('failed', 'waiting')).toEqual({ failed: 0, waiting: 2 });
    const replayed = await crm.getJob(`${crmEvents[0]!.id}.crm`);
    expect(replayed?.attemptsMade).toBe(0);
  });

  it('drops by id, and drops everything only with --yes', async () => {
    expect(await dlq('drop', brokenEvent.id, 'not-a-job')).toMatchObject({
      code: 0,
      stdout: `dropped 1 dead letter (events: 1)\nnot dead letters (unknown, or already replayed or dropped): not-a-job\n`,
    });
    expect(await events.getJob(brokenEvent.id)).toBeUndefined();
    expect(await dlq('drop', '--yes')).toMatchObject({ code: 0, stdout: 'dropped 0 dead letters\n' });
    expect(JSON.parse((await dlq('count', '--json')).stdout)).toEqual({ events: 0, crm: 0 });
  });
});
