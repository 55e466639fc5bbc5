import type { IncomingHttpHeaders } from 'node:http';

const READ_METHODS = new Set(['GET', 'HEAD']);
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/**
 * Why an action on the admin board may come from another page using the browser's remembered Basic credentials
 * (cross-site request forgery), or undefined when it can only come from the board's own pages or a non-browser client.
 *
 * Three locks, each enough on its own in the browsers it covers:
 * - `Sec-Fetch-Site` (every browser since 2023): `cross-site` is another site; `same-site` too, since a sibling
 *   subdomain is another app, maybe a weaker one.
 * - `Origin`, for older browsers that send it but not `Sec-Fetch-Site`: its host must be the board's own.
 * - The request must be one a page elsewhere cannot send without a CORS preflight, which the board never grants:
 *   PUT, PATCH or DELETE, or a POST of `application/json` (the board's own pages send nothing else). This one holds
 *   in every browser with CORS, whatever headers it sends.
 */
export function foreignActionReason(method: string, headers: IncomingHttpHeaders): string | undefined {
  // OPTIONS is a preflight: it carries no credentials, gets the board's 401, and so grants nothing.
  if (READ_METHODS.has(method) || method === 'OPTIONS') return undefined;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (FOREIGN_FETCH_SITES.has(site)) return `an action sent by a ${site} page is refused: only the board's own pages may act`;
  } else if (headers.origin !== undefined && !isOwnOrigin(headers.origin, headers.host)) {
    return `an action from origin ${headers.origin} is refused: only the board's own pages may act`;
  }
  if (method === 'POST' && mediaType(headers['content-type']) !== 'application/json') {
    return "an action posted as anything but application/json is refused: a form or another page's fetch could send it";
  }
  return undefined;
}

/**
 * Compared by host and port (each with its scheme's default port left out), not by scheme: behind a TLS-terminating
 * proxy the worker sees http where the browser has https. The proxy must pass the browser's Host on.
 */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    // "null" (a sandboxed frame, a file) or anything else that is not an origin.
    return false;
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
