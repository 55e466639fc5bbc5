import type { Session } from '../session/session-storage.js';
import { ApiError } from './api-error.js';
import type { CommentsAnswer, CommentsQuery, InsightsAnswer, InsightsQuery, TargetsAnswer } from './api-types.js';

export interface ApiClient {
  readonly site: string;
  insights(query: InsightsQuery, signal?: AbortSignal): Promise<InsightsAnswer>;
  comments(query: CommentsQuery, signal?: AbortSignal): Promise<CommentsAnswer>;
  targets(signal?: AbortSignal): Promise<TargetsAnswer>;
}

type Params = Record<string, string | number | undefined>;

/**
 * Calls the insights API of the server the page came from (under `base`, ingest's route prefix). The secret key goes
 * in the Authorization header only, never in a URL; no cookie is sent and no referrer either.
 */
export function createApiClient(base: string, session: Session, fetcher: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function get<T>(path: string, params: Params, signal?: AbortSignal): Promise<T> {
    const search = new URLSearchParams({ site: session.site });
    for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
    let response: Response;
    try {
      response = await fetcher(`${base}${path}?${search}`, {
        headers: { authorization: `Bearer ${session.key}`, accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      if ((cause as Error).name === 'AbortError') throw cause;
      throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
    }
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!response.ok) {
      const wait = Number(response.headers.get('retry-after') ?? NaN);
      const retryAfter = Number.isFinite(wait) && wait >= 0 ? Math.min(wait, 300) : undefined;
      throw new ApiError(response.status, body?.error?.code ?? `HTTP_${response.status}`, body?.error?.message ?? `The server answered ${response.status}.`, retryAfter);
    }
    if (body === undefined) throw new ApiError(response.status, 'BODY_INVALID', 'The server sent an answer that is not JSON.');
    return body as T;
  }

  return {
    site: session.site,
    insights: (query, signal) => get<InsightsAnswer>('/v1/insights', { ...query }, signal),
    comments: (query, signal) => get<CommentsAnswer>('/v1/insights/comments', { ...query }, signal),
    targets: (signal) => get<TargetsAnswer>('/v1/insights/targets', {}, signal),
  };
}
