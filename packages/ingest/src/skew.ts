/**
 * The moment the customer answered, on the server's clock: `receivedAt − (sentAt − createdAt)`.
 * Without `sentAt` the client's `createdAt` is trusted. Never later than `receivedAt`.
 */
export function correctedTimestamp(createdAt: string, receivedAt: Date, sentAt?: string): string {
  const created = Date.parse(createdAt);
  const sent = sentAt === undefined ? Number.NaN : Date.parse(sentAt);
  const corrected = Number.isNaN(sent) ? created : receivedAt.getTime() - (sent - created);
  return new Date(Math.min(corrected, receivedAt.getTime())).toISOString();
}
