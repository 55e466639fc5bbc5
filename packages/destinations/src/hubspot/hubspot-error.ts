import type { HttpAnswer } from '../send-request.js';

/**
 * HubSpot's error body. Its docs say to treat every field as optional: the fields vary between APIs. 429s carry
 * `errorType: "RATE_LIMIT"` and `policyName` (`TEN_SECONDLY_ROLLING`, `DAILY`, `SECONDLY`).
 */
export interface HubSpotError {
  status?: string;
  message?: string;
  category?: string;
  subCategory?: unknown;
  errorType?: string;
  policyName?: string;
  correlationId?: string;
  context?: Record<string, unknown>;
  errors?: { message?: string; code?: string; in?: string; context?: Record<string, unknown> }[];
}

/** The error body as an object, or undefined when the body is not a JSON object. */
export function hubspotErrorOf(body: string): HubSpotError | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as HubSpotError) : undefined;
  } catch {
    return undefined;
  }
}

/** Every string in an error's `context` (values are lists of strings): record ids, trace ids, scope names. */
export function contextStrings(context: Record<string, unknown> | undefined): string[] {
  if (!context) return [];
  return Object.values(context).flatMap((value) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []));
}

/** The scopes a 403 `MISSING_SCOPES` names (in `errors[].context.requiredGranularScopes` or similar). */
function scopesOf(error: HubSpotError): string[] {
  const names = (error.errors ?? []).flatMap((detail) => Object.entries(detail.context ?? {}).filter(([key]) => /scope/i.test(key)).flatMap(([, value]) => (Array.isArray(value) ? value : [])));
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/** One line for logs and the dead-letter reason: status, category or policy, message, scopes, correlation id. */
export function describeHubSpotError(status: number, error: HubSpotError | undefined, raw = ''): string {
  if (!error) return raw ? `HTTP ${status}: ${raw.slice(0, 200)}` : `HTTP ${status}`;
  const kind = [error.category ?? error.errorType, error.policyName].filter(Boolean).join(' ');
  const details = (error.errors ?? []).map((e) => e.message).filter((m): m is string => Boolean(m) && m !== error.message);
  const scopes = scopesOf(error);
  let text = `HTTP ${status}${kind ? ` ${kind}` : ''}: ${error.message ?? 'no message'}`;
  if (details.length) text += ` (${details.slice(0, 3).join('; ')})`;
  if (scopes.length) text += ` [needs one of the scopes ${scopes.join(', ')}]`;
  if (error.correlationId) text += ` correlationId ${error.correlationId}`;
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

export function describeAnswer(answer: HttpAnswer): string {
  return describeHubSpotError(answer.status, hubspotErrorOf(answer.body), answer.body);
}
