/** Wire limits, measured on the decompressed body. */
export const LIMITS = {
  eventBytes: 32 * 1024,
  requestBytes: 500 * 1024,
  batchEvents: 100,
  commentChars: 2000,
  mapKeys: 20,
  /** Nesting of arrays and objects in a body; a real one is 5 deep, and deep bodies exhaust recursive code. */
  depth: 32,
} as const;
