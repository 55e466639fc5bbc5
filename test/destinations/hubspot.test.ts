import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUBSPOT_PATHS, hubspotDestination, NO_EMAIL_REASON } from '../../packages/destinations/src/hubspot/hubspot-destination.js';
import { defaultContactProperties, faults, fixture } from '../providers/hubspot-server.js';
import { destination, inputsOf, keysOf, paths, record, server, start } from './hubspot-harness.js';

beforeEach(() => start());
afterEach(() => server.close());

describe('HubSpot destination against a local HubSpot', () => {
  it('upserts the contact by e-mail, upserts a note keyed by the event id and associates it with the contact', async () => {
    const rating = record({ comment: 'Quick and easy.', user: { email: 'Ada@Shop.example' } });
    expect(await destination().send(rating)).toEqual({ kind: 'ok', status: 200 });

    expect(paths()).toEqual([HUBSPOT_PATHS.contactsUpsert, HUBSPOT_PATHS.notesUpsert, HUBSPOT_PATHS.associateNotes]);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toBe(`Bearer ${server.token}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(/^Feedloop-HubSpot\//);
      expect(request.status).toBe(200);
    }

    // The requests have the shape of HubSpot's documented examples.
    const [contactInput] = inputsOf(0);
    const documented = fixture<{ inputs: object[] }>('contacts-batch-upsert.request.json').inputs[0]!;
    expect(keysOf(contactInput)).toEqual(keysOf(documented));
    expect(contactInput).toEqual({
      idProperty: 'email',
      id: 'ada@shop.example',
      objectWriteTraceId: 'contact-0',
      properties: { feedloop_last_nps: '9', feedloop_last_nps_at: rating.timestamp, feedloop_last_touchpoint: 'checkout', feedloop_last_comment: 'Quick and easy.' },
    });
    const [noteInput] = inputsOf(1);
    expect(keysOf(noteInput)).toEqual(keysOf(fixture<{ inputs: object[] }>('notes-batch-upsert.request.json').inputs[0]));
    expect(noteInput).toMatchObject({ idProperty: 'feedloop_event_id', id: rating.id, properties: { hs_timestamp: rating.timestamp } });
    expect(keysOf(inputsOf(2)[0])).toEqual(keysOf(fixture<{ inputs: object[] }>('associations-batch-associate-default.request.json').inputs[0]));

    const contact = server.contacts.get('ada@shop.example')!;
    expect(contact.properties).toMatchObject({ feedloop_last_nps: '9', feedloop_last_comment: 'Quick and easy.' });
    const note = server.notes.get(rating.id)!;
    expect(note.properties.hs_note_body).toContain('NPS 9/10 (promoter)');
    expect(note.properties.hs_note_body).toContain('Quick and easy.');
    expect(note.properties.hs_note_body).toContain('checkout');
    expect(note.properties.hs_note_body).toContain('<a href="https://shop.example/cart">Your cart</a>');
    expect(server.associations).toEqual([{ from: note.id, to: contact.id, associationTypeId: 202 }]);
  });

  it('changes nothing when the same rating is delivered again: one contact, one note, one association', async () => {
    const rating = record({ comment: 'again?' });
    const hubspot = destination();
    expect((await hubspot.send(rating)).kind).toBe('ok');
    expect((await hubspot.send(rating)).kind).toBe('ok');
    expect((await hubspot.sendBatch!([rating])).map((o) => o.kind)).toEqual(['ok']);
    expect(server.contacts.size).toBe(1);
    expect(server.notes.size).toBe(1);
    expect(server.associations).toHaveLength(1);
  });

  it('keeps a comment with HTML as text in the note', async () => {
    const rating = record({ comment: '<script>alert("x")</script> & <b>bold</b>', context: { url: 'https://shop.example/?q="><img src=x>', title: '<i>Cart</i>' } });
    expect((await destination().send(rating)).kind).toBe('ok');
    const body = server.notes.get(rating.id)!.properties.hs_note_body!;
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(body).not.toMatch(/<script|<b>|<img|<i>/);
    expect(body).toContain('&lt;i&gt;Cart&lt;/i&gt;');
  });

  it('settles a batch of mixed records one by one, one upsert per contact and one note per rating', async () => {
    server.rejectEmail('bad@shop.example');
    const older = record({ metric: 'nps', value: 3, bucket: 'detractor', comment: 'slow', touchpoint: 'support.chat' });
    const newer = record({ metric: 'csat', value: 5, bucket: 'satisfied', touchpoint: 'checkout', user: { email: 'ADA@shop.example' } });
    const anonymous = record({ user: undefined });
    const refused = record({ user: { email: 'bad@shop.example' } });
    const other = record({ user: { email: 'bo@shop.example' }, metric: 'ces', value: 2, bucket: 'hard' });
    // Newest first in the batch: the latest rating still wins, whatever the order.
    const outcomes = await destination().sendBatch!([newer, anonymous, older, refused, other]);

    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'rejected', 'ok', 'rejected', 'ok']);
    expect(outcomes[1]).toMatchObject({ reason: NO_EMAIL_REASON });
    expect(outcomes[3]).toMatchObject({ reason: expect.stringContaining('INVALID_EMAIL') });
    expect(server.requests[0]!.status).toBe(207);

    expect(paths()).toEqual([HUBSPOT_PATHS.contactsUpsert, HUBSPOT_PATHS.notesUpsert, HUBSPOT_PATHS.associateNotes]);
    expect(inputsOf(0).map((input) => input.id)).toEqual(['ada@shop.example', 'bad@shop.example', 'bo@shop.example']);
    expect(server.contacts.get('ada@shop.example')!.properties).toMatchObject({
      feedloop_last_nps: '3',
      feedloop_last_csat: '5',
      feedloop_last_comment: 'slow',
      feedloop_last_touchpoint: 'checkout',
    });
    expect(inputsOf(1).map((input) => input.id).sort()).toEqual([newer.id, older.id, other.id].sort());
    expect(server.notes.size).toBe(3);
    expect(server.associations).toHaveLength(3);
  });

  it('splits a batch HubSpot refuses as a whole until the refused rating stands alone', async () => {
    await start({ multiStatus: false });
    server.rejectEmail('bad@shop.example');
    const emails = ['a@shop.example', 'b@shop.example', 'bad@shop.example', 'c@shop.example', 'd@shop.example'];
    const outcomes = await destination({ notes: 'off' }).sendBatch!(emails.map((email) => record({ user: { email } })));
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok', 'rejected', 'ok', 'ok']);
    expect(outcomes[2]).toMatchObject({ status: 400, reason: expect.stringContaining('bad@shop.example is invalid') });
    expect(server.contacts.size).toBe(4);
    expect(server.requests.length).toBeLessThanOrEqual(2 * emails.length - 1);
  });

  it('rejects the whole batch at once when a contact property does not exist in the account', async () => {
    const properties = defaultContactProperties();
    delete properties.feedloop_last_ces;
    await start({ contactProperties: properties });
    const outcomes = await destination().sendBatch!([record({ user: { email: 'a@shop.example' } }), record({ metric: 'ces', value: 6, bucket: 'easy', user: { email: 'b@shop.example' } })]);
    expect(outcomes.map((o) => o.kind)).toEqual(['rejected', 'rejected']);
    expect(outcomes[0]).toMatchObject({ status: 400, reason: expect.stringMatching(/PROPERTY_DOESNT_EXIST|does not exist/) });
    expect(outcomes[0]).toMatchObject({ reason: expect.stringContaining('docs/destinations/hubspot.md') });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects notes when the note id property is not a unique property, with the reason', async () => {
    await start({ noteUniqueProperty: null });
    const outcome = await destination().send(record());
    expect(outcome).toMatchObject({ kind: 'rejected', status: 400, reason: expect.stringContaining('non-unique') });
    expect(server.contacts.size).toBe(1);
  });

  it('writes notes only for ratings with a comment, or none, as configured', async () => {
    const plain = record({ user: { email: 'a@shop.example' } });
    const commented = record({ user: { email: 'b@shop.example' }, comment: 'hello' });
    expect((await destination({ notes: 'with-comment' }).sendBatch!([plain, commented])).map((o) => o.kind)).toEqual(['ok', 'ok']);
    expect([...server.notes.keys()]).toEqual([commented.id]);
    server.requests.length = 0;
    expect((await destination({ notes: 'off' }).send(record())).kind).toBe('ok');
    expect(paths()).toEqual([HUBSPOT_PATHS.contactsUpsert]);
  });

  it('maps a 207 on the contacts to the rating whose contact failed (documented multi-status shape)', async () => {
    // HubSpot's documented 207: one result, one error naming its input's objectWriteTraceId.
    server.fail({ path: 'contacts', status: 207, body: fixture('multi-status-207.response.json') });
    const outcomes = await destination({ notes: 'off' }).sendBatch!([record(), record({ user: { email: 'bob@@shop.example' } })]);
    expect(outcomes[0]).toEqual({ kind: 'ok', status: 207 });
    expect(outcomes[1]).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('INVALID_EMAIL') });
  });

  it('maps a 207 on the notes to the rating whose note failed, and refuses a silent no-op', async () => {
    const good = record({ user: { email: 'a@shop.example' } });
    const bad = record({ user: { email: 'b@shop.example' } });
    server.fail({
      path: 'notes',
      status: 207,
      body: { status: 'COMPLETE', results: [], numErrors: 1, errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'hs_note_body is invalid', context: { objectWriteTraceId: [bad.id] } }] },
    });
    const outcomes = await destination().sendBatch!([good, bad]);
    expect(outcomes[1]).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('hs_note_body is invalid') });
    // Nothing reported for the first note: rejected rather than counted as delivered.
    expect(outcomes[0]).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('reported nothing') });
  });

  it('redelivers after a failure between the steps without a second note', async () => {
    const rating = record({ comment: 'twice?' });
    const hubspot = destination();
    server.fail({ path: 'associations', ...faults.serverError(503) });
    expect(await hubspot.send(rating)).toMatchObject({ kind: 'retry', status: 503 });
    expect(server.notes.size).toBe(1);
    expect(server.associations).toHaveLength(0);
    expect((await hubspot.send(rating)).kind).toBe('ok');
    expect(server.notes.size).toBe(1);
    expect(server.associations).toHaveLength(1);
  });
});

describe('HubSpot answers → outcomes', () => {
  it('429 TEN_SECONDLY_ROLLING without Retry-After waits one window (X-HubSpot-RateLimit-Interval-Milliseconds)', async () => {
    server.fail(faults.tenSecondly());
    expect(await destination().send(record())).toMatchObject({ kind: 'throttled', status: 429, waitMs: 10_000, reason: expect.stringContaining('TEN_SECONDLY_ROLLING') });
  });

  it('429 with Retry-After waits what it says', async () => {
    server.fail(faults.tenSecondly(3));
    expect(await destination().send(record())).toMatchObject({ kind: 'throttled', waitMs: 3_000 });
  });

  it('429 DAILY without Retry-After waits until midnight in the account time zone', async () => {
    const now = () => Date.parse('2026-11-23T22:00:00Z');
    server.fail(faults.daily());
    expect(await destination({ now }).send(record())).toMatchObject({ kind: 'throttled', waitMs: 2 * 3_600_000, reason: expect.stringContaining('DAILY') });
    server.fail(faults.daily());
    // 22:00 UTC is 17:00 in New York (EST): seven hours to its midnight.
    expect(await destination({ now, dailyResetTimeZone: 'America/New_York' }).send(record())).toMatchObject({ kind: 'throttled', waitMs: 7 * 3_600_000 });
  });

  it('423 Locked waits two seconds; 477 waits its Retry-After', async () => {
    server.fail(faults.locked());
    expect(await destination().send(record())).toMatchObject({ kind: 'throttled', status: 423, waitMs: 2_000 });
    server.fail(faults.migration(3_600));
    expect(await destination().send(record())).toMatchObject({ kind: 'throttled', status: 477, waitMs: 3_600_000 });
  });

  it('401 and 403 (missing scopes) are auth problems; a wrong token is refused like HubSpot does', async () => {
    expect(await destination({ token: 'pat-na1-wrong' }).send(record())).toMatchObject({ kind: 'auth', status: 401, reason: expect.stringContaining('INVALID_AUTHENTICATION') });
    server.fail(faults.missingScopes());
    expect(await destination().send(record())).toMatchObject({ kind: 'auth', status: 403, reason: expect.stringContaining('crm.objects.contacts.write') });
  });

  it('5xx, a hung request and a closed port are retried; 404 and 409 are rejected', async () => {
    server.fail(faults.serverError(500));
    expect(await destination().send(record())).toMatchObject({ kind: 'retry', status: 500 });
    server.fail(faults.serverError(502));
    expect(await destination().send(record())).toMatchObject({ kind: 'retry', status: 502 });
    server.fail(faults.hang());
    expect(await destination({ timeoutMs: 200 }).send(record())).toMatchObject({ kind: 'retry' });
    expect(await hubspotDestination({ id: 'crm', token: 't', baseUrl: 'http://127.0.0.1:1' }).send(record())).toMatchObject({ kind: 'retry' });
    server.fail(faults.notFound());
    expect(await destination().send(record())).toMatchObject({ kind: 'rejected', status: 404 });
    server.fail(faults.conflict());
    expect(await destination().send(record())).toMatchObject({ kind: 'rejected', status: 409 });
  });

  it('a throttle on a later step throttles the ratings it concerns', async () => {
    server.fail({ path: 'notes', ...faults.tenSecondly() });
    expect((await destination().sendBatch!([record(), record({ user: { email: 'b@shop.example' } })])).map((o) => o.kind)).toEqual(['throttled', 'throttled']);
    expect(server.contacts.size).toBe(2);
    expect(server.notes.size).toBe(0);
  });

  it('waits, without asking HubSpot, once the rate-limit headers say nothing is left', async () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const hubspot = destination({ now: () => now });
    expect((await hubspot.send(record())).kind).toBe('ok');

    // The contact upsert takes the window's last request: the note waits, and so does the next rating.
    server.setRemaining({ window: 0 });
    expect(await hubspot.send(record())).toMatchObject({ kind: 'throttled', waitMs: 10_000, reason: expect.stringContaining('X-HubSpot-RateLimit-Remaining: 0') });
    const before = server.requests.length;
    expect(await hubspot.send(record())).toMatchObject({ kind: 'throttled', waitMs: 10_000 });
    expect(server.requests.length).toBe(before);

    now += 10_000;
    server.setRemaining({});
    expect((await hubspot.send(record())).kind).toBe('ok');

    server.setRemaining({ daily: 0 });
    expect(await hubspot.send(record())).toMatchObject({ kind: 'throttled', waitMs: 12 * 3_600_000 - 10_000, reason: expect.stringContaining('daily') });
    expect(server.requests.length).toBe(before + 4);
  });
});
