// @vitest-environment happy-dom
import type { WireEvent } from '@feedloop/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accepted, beacons, host, inShadow, POST_URL, resetWidget, scriptedServer, settle, SITE } from '../../../test/helpers/widget.js';
import { init, mount, on } from './index.js';
import { OUTBOX_LIMIT, outboxItems, putItem } from './outbox.js';
import { backoff, flush } from './sender.js';
import { uuidv7 } from './uuidv7.js';

beforeEach(resetWidget);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  resetWidget();
});

function storedEvent(overrides: Partial<WireEvent> = {}, at = Date.now()): WireEvent {
  return { id: uuidv7(at), touchpoint: 'checkout', metric: 'csat', value: 4, createdAt: new Date(at).toISOString(), ...overrides };
}

async function rate(value: number, options: Record<string, unknown> = {}) {
  const element = host();
  mount(element, { ...SITE, touchpoint: 'checkout', ...options });
  await settle();
  inShadow(element, `[data-value="${value}"]`).click();
  await settle();
  return element;
}

const submit = async (element: HTMLElement) => {
  inShadow<HTMLFormElement>(element, 'form').requestSubmit();
  await settle();
};

describe('outbox', () => {
  it('saves the rating on the device as soon as it is chosen, and leaves it alone until Send', async () => {
    const requests = scriptedServer(accepted());
    const element = await rate(3);
    expect(outboxItems()).toHaveLength(1);
    expect(outboxItems()[0]!.event.value).toBe(3);
    await flush();
    expect(requests).toHaveLength(0);
    await submit(element);
    expect(requests).toHaveLength(1);
    expect(outboxItems()).toHaveLength(0);
  });

  it('keeps a rating through network errors, 429 and 503, retrying with backoff, Retry-After and the same id', async () => {
    const requests = scriptedServer({ status: 0 }, { status: 503 }, { status: 429, retryAfter: 30 }, accepted());
    const errors: { code: string }[] = [];
    const element = await rate(5);
    on('error', (error) => errors.push(error));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // No jitter here: 1 s after the first failure, 2 s after the second, then the server's 30 s.
    vi.spyOn(Math, 'random').mockReturnValue(0.9999);
    inShadow<HTMLFormElement>(element, 'form').requestSubmit();
    await vi.advanceTimersByTimeAsync(10);
    expect(requests).toHaveLength(1);
    expect(inShadow(element, '[role="status"]').textContent).toMatch(/offline.*saved/);
    expect(errors.map((e) => e.code)).toEqual(['WIDGET_SEND_FAILED']);
    expect(outboxItems()[0]!.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.events[0]!.id)).size).toBe(1);
    expect(outboxItems()).toHaveLength(0);
    expect(errors).toHaveLength(1);
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const wait = backoff(attempt);
      const full = Math.min(3_600_000, 1000 * 2 ** attempt);
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
    }
  });

  it('drops a rating the server refuses for good and says why with a registry code', async () => {
    scriptedServer({ status: 401, code: 'KEY_UNKNOWN', message: 'Unknown site key.' });
    const errors: { code: string; message: string }[] = [];
    init({ ...SITE });
    on('error', (error) => errors.push(error));
    const element = await rate(2);
    await submit(element);
    expect(outboxItems()).toHaveLength(0);
    expect(errors[0]).toMatchObject({ code: 'WIDGET_RATING_REJECTED', message: expect.stringContaining('KEY_UNKNOWN') });
    expect(errors[0]).toBeInstanceOf(Error);
    expect(inShadow(element, '[role="status"]').textContent).toBe('Sorry, your rating could not be sent.');
  });

  it('sends a rating again without an optional part the server refused, so the rating itself is not lost', async () => {
    const issues = [{ path: 'user.email', message: 'Invalid email' }];
    const requests = scriptedServer(
      ([event]) => ({ status: 400, rejected: [{ id: event!.id, code: 'EVENT_INVALID', message: 'user.email: Invalid email', issues }] }),
      accepted(),
    );
    const element = await rate(4, { user: { email: 'not-an-email' } });
    await submit(element);
    await settle();
    expect(requests).toHaveLength(2);
    expect(requests[0]!.events[0]!.user).toEqual({ email: 'not-an-email' });
    expect(requests[1]!.events[0]!.user).toBeUndefined();
    expect(requests[1]!.events[0]).toMatchObject({ id: requests[0]!.events[0]!.id, value: 4 });
    expect(outboxItems()).toHaveLength(0);
  });

  it('settles each event of a partly accepted batch on its own', async () => {
    const keep = storedEvent({ value: 1 }, Date.now() - 2);
    const bad = storedEvent({ value: 2 }, Date.now() - 1);
    putItem({ url: POST_URL, event: keep, attempts: 0, notBefore: 0 });
    putItem({ url: POST_URL, event: bad, attempts: 0, notBefore: 0 });
    const requests = scriptedServer({ status: 202, rejected: [{ id: bad.id, code: 'EVENT_TOO_LARGE', message: 'too large' }] });
    init({ ...SITE });
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.events.map((e) => e.id)).toEqual([keep.id, bad.id]);
    expect(outboxItems()).toHaveLength(0);
  });

  it('sends what an earlier page or another tab left, on load', async () => {
    const left = storedEvent();
    putItem({ url: 'https://other.example/v1/events?key=pk_other', event: left, attempts: 3, notBefore: 0 });
    const requests = scriptedServer(accepted());
    init({ ...SITE });
    await settle();
    expect(requests).toEqual([{ url: 'https://other.example/v1/events?key=pk_other', events: [left] }]);
  });

  it("leaves another tab's rating alone while that tab may still add a comment", async () => {
    const held = storedEvent();
    putItem({ url: POST_URL, event: held, attempts: 0, notBefore: 0, heldUntil: Date.now() + 60_000 });
    const requests = scriptedServer(accepted());
    init({ ...SITE });
    await settle();
    expect(requests).toHaveLength(0);
    expect(outboxItems()).toHaveLength(1);
  });

  it('keeps no rating older than 7 days', () => {
    const now = Date.now();
    putItem({ url: POST_URL, event: storedEvent({ value: 1 }, now - 8 * 864e5), attempts: 0, notBefore: 0 });
    putItem({ url: POST_URL, event: storedEvent({ value: 2 }, now - 6 * 864e5), attempts: 0, notBefore: 0 });
    expect(outboxItems().map((item) => item.event.value)).toEqual([2]);
    expect(localStorage.length).toBe(1);
  });

  it(`is bounded: ${OUTBOX_LIMIT} ratings, the oldest giving way`, () => {
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < OUTBOX_LIMIT + 5; i++) {
      const event = storedEvent({}, now + i);
      ids.push(event.id);
      putItem({ url: POST_URL, event, attempts: 0, notBefore: 0 });
    }
    const kept = outboxItems().map((item) => item.event.id);
    expect(kept).toHaveLength(OUTBOX_LIMIT);
    expect(kept).toEqual(ids.slice(-OUTBOX_LIMIT));
  });

  it('still sends when the device refuses to store anything (full quota, blocked storage)', async () => {
    const requests = scriptedServer(accepted());
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const element = await rate(3);
    await submit(element);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.events[0]).toMatchObject({ value: 3 });
  });

  it('retries at once what failed for want of a network when the browser is back online, but not what the server made wait', async () => {
    const requests = scriptedServer({ status: 0 });
    putItem({ url: POST_URL, event: storedEvent({ value: 1 }, Date.now() - 2), attempts: 0, notBefore: 0 });
    init({ ...SITE });
    await settle();
    expect(outboxItems()[0]).toMatchObject({ attempts: 1, offline: true });
    putItem({ url: POST_URL, event: storedEvent({ value: 2 }), attempts: 3, notBefore: Date.now() + 60_000 });
    scriptedServer(accepted());
    requests.length = 0;
    const log = scriptedServer(accepted());
    dispatchEvent(new Event('online'));
    await settle();
    expect(log.flatMap((r) => r.events.map((e) => e.value))).toEqual([1]);
    expect(outboxItems().map((item) => item.event.value)).toEqual([2]);
  });

  it('counts every retry, Retry-After ones included, and tells the host once', async () => {
    scriptedServer({ status: 429, retryAfter: 1 });
    const errors: string[] = [];
    const element = await rate(2);
    on('error', (error) => errors.push(error.code));
    await submit(element);
    expect(outboxItems()[0]!.attempts).toBe(1);
    expect(errors).toEqual(['WIDGET_SEND_FAILED']);
  });

  it('sends a chosen rating, with what was typed, when the page is hidden: it may never come back', async () => {
    scriptedServer({ status: 0 });
    const element = await rate(2, { reasons: ['slow'] });
    inShadow(element, '.chip').click();
    inShadow<HTMLTextAreaElement>(element, 'textarea').value = 'half a thought';
    inShadow(element, 'textarea').dispatchEvent(new Event('input'));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    dispatchEvent(new Event('pagehide'));
    expect(beacons[0]!.events[0]).toMatchObject({ value: 2, comment: 'half a thought', answers: { slow: true } });
    expect(inShadow(element, '[role="status"]').textContent).toBe('Thank you for your feedback!');
  });

  it('hands everything to the browser when the page goes away, the chosen-but-unsent rating included', async () => {
    scriptedServer({ status: 0 });
    const element = await rate(4);
    const comment = inShadow<HTMLTextAreaElement>(element, 'textarea');
    comment.value = 'typed but not sent';
    dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe(POST_URL);
    expect(beacons[0]!.events[0]).toMatchObject({ value: 4, touchpoint: 'checkout' });
    // Still there for the next page: a beacon has no answer.
    expect(outboxItems()).toHaveLength(1);
    expect(outboxItems()[0]!.heldUntil).toBeUndefined();
  });
});
