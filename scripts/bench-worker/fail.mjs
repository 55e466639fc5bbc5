/** Stops the bench with a message; the entry's 'exit' handler kills every child. */
export function fail(message) {
  console.error(`bench-worker: ${message}`);
  process.exit(1);
}
