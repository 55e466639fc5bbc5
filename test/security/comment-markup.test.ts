import type { DetractorAlert, EnrichedRecord } from '@feedloop/schema';
import { describe, expect, it } from 'vitest';
import { noteBody } from '../../packages/destinations/src/hubspot/note-body.js';
import { slackAlertMessage } from '../../packages/destinations/src/slack/slack-alert-message.js';
import { slackMessage } from '../../packages/destinations/src/slack/slack-message.js';
import { detractorTicketBody } from '../../packages/destinations/src/zendesk/alert-ticket.js';
import { ticketBody } from '../../packages/destinations/src/zendesk/ticket-body.js';

// SECURITY.md, "XSS through comments", for what the destinations write. note-body.test.ts, ticket-body.test.ts,
// slack-message.test.ts and slack-alert-message.test.ts prove each builder escapes `<script>`; this sends one
// payload with an event handler through every builder that puts a comment into HTML or Slack mrkdwn, alerts included.

const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const ESCAPED_HTML = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;';

const record: EnrichedRecord = {
  id: '0192f4a8-7b1e-7c3d-9a51-3f6c2d8e4b10', touchpoint: 'checkout', metric: 'csat', value: 1, comment: MARKUP,
  site: 'shop', score: 0, bucket: 'dissatisfied', createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:01Z',
  timestamp: '2026-11-23T10:00:00Z', user: { id: 'u1', email: 'ann@example.com', name: MARKUP },
};
const alert: DetractorAlert = { type: 'alert.detractor', id: `${record.id}-detractor`, site: 'shop', createdAt: '2026-11-23T10:00:02Z', rating: record };

/** No tag of the customer's survives: neither element can be parsed out of the text. */
const expectNoMarkup = (text: string) => {
  expect(text).not.toMatch(/<script|<img|<\/script/i);
};

describe('a comment holding markup', () => {
  it('is escaped in the HubSpot note body (HTML)', () => {
    const body = noteBody(record);
    expect(body).toContain(ESCAPED_HTML);
    expectNoMarkup(body);
  });

  // subject and requester.name are plain-text fields in Zendesk's API: they are sent as typed, and Zendesk shows them as text.
  it('is escaped in the Zendesk ticket’s html_body, for a rating and for a detractor alert', () => {
    for (const built of [ticketBody(record), detractorTicketBody(alert)]) {
      expect(built.ok).toBe(true);
      const html = built.ok ? built.body.ticket.comment.html_body : '';
      expect(html).toContain(ESCAPED_HTML);
      expectNoMarkup(html);
    }
  });

  it('is escaped in Slack mrkdwn (& < > as entities), for a rating and for a detractor alert', () => {
    for (const message of [slackMessage(record), slackAlertMessage(alert)]) {
      const text = JSON.stringify(message);
      expect(text).toContain(ESCAPED_HTML);
      expectNoMarkup(text);
    }
  });
});
