const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const TYPES = ['problem', 'incident', 'question', 'task'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InvalidFieldDetails = Record<string, { description: string; error: string }[]>;

/** What Zendesk would refuse in a ticket: `details` as in a 422 RecordInvalid, empty when it is fine. */
export function invalidFields(ticket: Record<string, unknown>): InvalidFieldDetails {
  const details: InvalidFieldDetails = {};
  const add = (field: string, description: string, error = 'InvalidValue') => (details[field] ??= []).push({ description, error });
  const comment = ticket.comment as { body?: unknown; html_body?: unknown; public?: unknown } | undefined;
  const text = comment && typeof comment === 'object' ? (comment.body ?? comment.html_body) : undefined;
  if (typeof text !== 'string' || text.trim() === '') add('base', 'Description: cannot be blank', 'BlankValue');
  if (comment && comment.public !== undefined && typeof comment.public !== 'boolean') add('comment', 'Comment: public must be true or false');
  if (ticket.subject !== undefined && typeof ticket.subject !== 'string') add('subject', 'Subject: is invalid');
  if (ticket.priority !== undefined && !PRIORITIES.includes(ticket.priority as string)) add('priority', `Priority: ${String(ticket.priority)} is not valid`);
  if (ticket.type !== undefined && !TYPES.includes(ticket.type as string)) add('type', `Type: ${String(ticket.type)} is not valid`);
  if (ticket.external_id !== undefined && typeof ticket.external_id !== 'string') add('external_id', 'External id: is invalid');
  if (ticket.group_id !== undefined && !Number.isInteger(ticket.group_id)) add('group_id', 'Group: is invalid');
  if (ticket.tags !== undefined && (!Array.isArray(ticket.tags) || ticket.tags.some((t) => typeof t !== 'string' || /\s/.test(t)))) {
    add('tags', 'Tags: must be a list of tags without spaces');
  }
  if (ticket.requester !== undefined) {
    const requester = ticket.requester as { email?: unknown; name?: unknown };
    if (typeof requester.email !== 'string' || !EMAIL.test(requester.email)) add('requester', 'Requester: Email is invalid');
    if (requester.name !== undefined && typeof requester.name !== 'string') add('requester', 'Requester: Name is invalid');
  }
  if (ticket.custom_fields !== undefined) {
    const fields = ticket.custom_fields;
    if (!Array.isArray(fields) || fields.some((f) => !f || typeof f !== 'object' || !Number.isInteger((f as { id?: unknown }).id))) {
      add('custom_fields', 'Custom fields: each is { id, value }');
    }
  }
  return details;
}
