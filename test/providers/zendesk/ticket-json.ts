import { API_USER_ID, type StoredTicket } from './ticket-store.js';
import { zendeskFixture } from './zendesk-fixture.js';

/** A stored ticket as Zendesk answers it: the recorded 201's ticket with this one's values, at `now`. */
export function ticketJson(ticket: StoredTicket, base: string, now: number): unknown {
  const template = zendeskFixture<{ body: { ticket: Record<string, unknown> } }>('answer-201-created.json').body.ticket;
  const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...template,
    url: `${base}/api/v2/tickets/${ticket.id}.json`,
    id: ticket.id,
    external_id: ticket.external_id,
    created_at: at,
    updated_at: at,
    type: ticket.type,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    requester_id: ticket.requester_id,
    submitter_id: API_USER_ID,
    group_id: ticket.group_id,
    is_public: ticket.public,
    tags: ticket.tags,
    custom_fields: ticket.custom_fields,
  };
}
