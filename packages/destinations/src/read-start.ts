import type { Readable } from 'node:stream';

/**
 * The first `limit` bytes of a response body, as text; the rest is not read, so a receiver that
 * streams an endless error page cannot fill our memory.
 */
export async function readStart(body: Readable, limit = 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // A body cut off midway still tells us what it said so far.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
