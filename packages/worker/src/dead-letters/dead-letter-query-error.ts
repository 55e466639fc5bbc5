/** A dead-letter query that cannot be run as asked: an unknown destination, a `since` that is neither a date nor a duration. */
export class DeadLetterQueryError extends Error {
  override readonly name = 'DeadLetterQueryError';
}
