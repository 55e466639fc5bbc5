import type { AlertRecord, DetractorAlert, TargetMissedAlert } from '@feedloop/schema';
import { daysText, targetMissedFigures, targetMissedSentence } from '../alert-figures.js';
import { commentText, textAsHtml } from './comment-text.js';
import { DEFAULT_TICKET_MAPPING, fitSubject, ticketBody, type TicketBuild, type ZendeskTicketMapping, type ZendeskTicketRequest } from './ticket-body.js';
import { prefixedTag, zendeskTag } from './zendesk-tag.js';

const unique = (tags: (string | undefined)[]): string[] => [...new Set(tags.filter((tag): tag is string => Boolean(tag)))];

/**
 * `alert.detractor`: the rating's own ticket (the destination's mapping, the customer as requester when they left an
 * e-mail), marked as the follow-up it is: `Follow up: ` before the subject, the tag `alert_detractor`, and the alert's
 * id as `external_id`, so that a destination taking both the rating and its alert makes two distinct tickets and
 * either one is found again by its own id. Deterministic, like `ticketBody`, for the `Idempotency-Key`.
 */
export function detractorTicketBody(alert: DetractorAlert, mapping: Partial<ZendeskTicketMapping> = {}): TicketBuild {
  const built = ticketBody(alert.rating, mapping);
  if (!built.ok) return built;
  const ticket = built.body.ticket;
  return {
    ok: true,
    body: {
      ticket: {
        ...ticket,
        subject: fitSubject(`Follow up: ${ticket.subject}`),
        comment: { ...ticket.comment, html_body: textAsHtml(`${commentText(alert.rating)}\nFeedloop alert ${alert.id}`) },
        tags: unique([...ticket.tags, 'alert_detractor']),
        external_id: alert.id,
      },
    },
  };
}

/** The internal note of a missed target: the figure against the target, the window, and where the alert came from. */
export function targetMissedText(alert: TargetMissedAlert): string {
  const figures = targetMissedFigures(alert);
  const { target, window } = alert;
  const touchpoints = target.touchpoint === '*' ? '* (all)' : target.touchpoint;
  return [
    `${figures.metric} target missed at ${figures.touchpoints} on site ${alert.site}.`,
    '',
    targetMissedSentence(figures),
    '',
    `Window: ${window.from} to ${window.to} (UTC days, inclusive)`,
    `Target: ${target.id} (${target.metric} at touchpoints ${touchpoints}: at least ${figures.target} over ${daysText(target.windowDays)}, judged from ${target.minResponses} responses)`,
    `Raised at ${alert.createdAt}, when Feedloop event ${alert.eventId} was counted`,
    `Feedloop alert ${alert.id}`,
  ].join('\n');
}

/**
 * `alert.target_missed`: an internal ticket for the team, not a customer's. No `requester` (Zendesk makes the API
 * user the requester), a private note, priority high, tags `feedloop`, `alert_target_missed`, `metric_<m>` and the
 * configured `ticket.tags`; the configured `ticket.groupId` too, so it lands with the team that handles the ratings.
 * Subject, priority by bucket, custom fields and type are about a rating, and do not apply.
 */
export function targetMissedTicketBody(alert: TargetMissedAlert, given: Partial<ZendeskTicketMapping> = {}): TicketBuild {
  const mapping = { ...DEFAULT_TICKET_MAPPING, ...given };
  const figures = targetMissedFigures(alert);
  const subject = `${figures.metric} target missed: ${figures.headline} < ${figures.target} over ${daysText(alert.target.windowDays)} (${figures.touchpoints})`;
  const ticket: ZendeskTicketRequest['ticket'] = {
    subject: fitSubject(subject),
    comment: { html_body: textAsHtml(targetMissedText(alert)), public: false },
    tags: unique(['feedloop', 'alert_target_missed', prefixedTag('metric', alert.target.metric), ...mapping.tags.map(zendeskTag)]),
    external_id: alert.id,
    priority: 'high',
    ...(mapping.groupId !== undefined ? { group_id: mapping.groupId } : {}),
  };
  return { ok: true, body: { ticket } };
}

/** The ticket for either alert. */
export function alertTicketBody(alert: AlertRecord, mapping: Partial<ZendeskTicketMapping> = {}): TicketBuild {
  return alert.type === 'alert.detractor' ? detractorTicketBody(alert, mapping) : targetMissedTicketBody(alert, mapping);
}
