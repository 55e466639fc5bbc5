export interface ApiUsage {
  used: number;
  limit: number;
}

/**
 * `Sforce-Limit-Info: api-usage=10018/100000; api-bursts=1/750` → the org's daily API usage; undefined when the
 * header is absent or has no readable `api-usage`.
 */
export function parseLimitInfo(header: string | string[] | undefined): ApiUsage | undefined {
  const text = Array.isArray(header) ? header.join(';') : header;
  if (!text) return undefined;
  const match = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(text);
  if (!match) return undefined;
  const used = Number(match[1]);
  const limit = Number(match[2]);
  return limit > 0 ? { used, limit } : undefined;
}
