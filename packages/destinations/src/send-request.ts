import { request, type Dispatcher } from 'undici';
import { httpPool } from './http-pool.js';
import { readStart } from './read-start.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface HttpAnswer {
  status: number;
  headers: ResponseHeaders;
  /** The body as text: whole for a 2xx (up to 1 MB), the first 16 KB of anything else. */
  body: string;
}

export interface SendRequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
  timeoutMs: number;
  /** Default: the shared keep-alive pool. */
  dispatcher?: Dispatcher;
}

const SUCCESS_BODY_LIMIT = 1024 * 1024;
const ERROR_BODY_LIMIT = 16 * 1024;

/**
 * One HTTP call to a provider, with a timeout on the whole exchange and no redirect followed. Resolves with the
 * answer, whatever its status; rejects only when there is none (network error, timeout), which callers turn into
 * a retry.
 */
export async function sendRequest(url: string | URL, options: SendRequestOptions): Promise<HttpAnswer> {
  const json = options.body !== undefined && typeof options.body !== 'string';
  const response = await request(url, {
    method: options.method,
    dispatcher: options.dispatcher ?? httpPool,
    headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: json ? JSON.stringify(options.body) : (options.body as string) } : {}),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  const body = await readStart(response.body, ok ? SUCCESS_BODY_LIMIT : ERROR_BODY_LIMIT);
  return { status: response.statusCode, headers: response.headers, body };
}

/** The answer's body as JSON, or undefined when it is not JSON. */
export function jsonOf<T = unknown>(answer: HttpAnswer): T | undefined {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    return undefined;
  }
}
