/** The user the API token belongs to: requester of a ticket without `requester`, submitter of every ticket. */
export const API_USER_ID = 20978392;

export interface StoredTicket {
  id: number;
  external_id: string | null;
  subject: string;
  description: string;
  public: boolean;
  priority: string | null;
  type: string | null;
  group_id: number | null;
  requester_id: number;
  tags: string[];
  custom_fields: { id: number; value: unknown }[];
}

/** The tickets and users a fake Zendesk account holds; `create` takes a ticket `invalidFields` found nothing in. */
export class TicketStore {
  readonly tickets: StoredTicket[] = [];
  /** Users by e-mail, as created from `requester`. */
  readonly users = new Map<string, { id: number; name: string }>();
  private nextTicketId = 35436;
  private nextUserId = 30000001;

  create(ticket: Record<string, unknown>): StoredTicket {
    const comment = ticket.comment as { body?: string; html_body?: string; public?: boolean };
    let requesterId = API_USER_ID;
    const requester = ticket.requester as { email: string; name?: string } | undefined;
    if (requester) {
      const email = requester.email.toLowerCase();
      const user = this.users.get(email) ?? { id: this.nextUserId++, name: requester.name ?? email };
      this.users.set(email, user);
      requesterId = user.id;
    }
    const stored: StoredTicket = {
      id: this.nextTicketId++,
      external_id: (ticket.external_id as string | undefined) ?? null,
      subject: (ticket.subject as string | undefined) ?? '',
      description: comment.body ?? comment.html_body ?? '',
      public: comment.public ?? true,
      priority: (ticket.priority as string | undefined) ?? null,
      type: (ticket.type as string | undefined) ?? null,
      group_id: (ticket.group_id as number | undefined) ?? null,
      requester_id: requesterId,
      tags: [...new Set(((ticket.tags as string[] | undefined) ?? []).map((t) => t.toLowerCase()))].sort(),
      custom_fields: (ticket.custom_fields as { id: number; value: unknown }[] | undefined) ?? [],
    };
    this.tickets.push(stored);
    return stored;
  }
}
