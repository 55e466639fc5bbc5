import type { WireEvent } from '@feedloop/schema';

export interface BatchOutcome {
  /** Events the ingest answered 202 for, new (`accepted`) or already taken by an earlier try (`duplicates`). */
  accepted: number;
  duplicates: number;
  /** How many tries it took, and the statuses of the failed ones (0 = network error). */
  tries: number;
  failures: number[];
}

export interface PostOptions {
  /** The site's public key and its secret key, as a server-side sender proves itself (no Origin header). */
  publicKey: string;
  secretKey: string;
  /** Give up (throw) after this long. */
  deadlineMs?: number;
  /** Upper bound on a wait the server asked for, so a test does not sit out a long Retry-After. Default: none. */
  maxWaitMs?: number;
  /** Stops trying (throws) instead of waiting for the next try. */
  signal?: AbortSignal;
}

const retryable = (status: number) => !status || status === 408 || status === 429 || status > 499;

/**
 * POSTs one batch as a server would, and sends it again while the answer is one the widget retries
 * (network error, 408, 429, 5xx), after Retry-After or an exponential backoff, as the widget does.
 * Resolves with the 202's counts; throws on any other answer, or at the deadline.
 */
export async function postBatchUntilAccepted(ingestUrl: string, events: WireEvent[], options: PostOptions): Promise<BatchOutcome> {
  const until = Date.now() + (options.deadlineMs ?? 60_000);
  const failures: number[] = [];
  for (let tries = 1; ; tries++) {
    let status: number;
    let retryAfter: string | null = null;
    let answer: { accepted?: number; duplicates?: number; rejected?: unknown[] } | undefined;
    try {
      const response = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-feedloop-key': options.publicKey, authorization: `Bearer ${options.secretKey}` },
        body: JSON.stringify({ batch: events, sentAt: new Date().toISOString() }),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      answer = (await response.json()) as typeof answer;
    } catch {
      status = 0;
    }
    if (status === 202) {
      if (answer?.rejected?.length) throw new Error(`the ingest rejected events: ${JSON.stringify(answer.rejected).slice(0, 500)}`);
      return { accepted: answer?.accepted ?? 0, duplicates: answer?.duplicates ?? 0, tries, failures };
    }
    if (!retryable(status)) throw new Error(`the ingest answered ${status}: ${JSON.stringify(answer).slice(0, 500)}`);
    failures.push(status);
    const asked = retryAfter ? Number(retryAfter) * 1_000 : Math.min(30_000, 1_000 * 2 ** tries) * (0.5 + Math.random() / 2);
    const wait = Math.min(asked, options.maxWaitMs ?? asked);
    if (Date.now() + wait > until) throw new Error(`a batch was still refused after ${tries} tries: ${failures.join(', ')}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (options.signal?.aborted) throw new Error(`given up after ${tries} tries: ${failures.join(', ')}`);
  }
}
