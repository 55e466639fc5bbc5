import type { Dispatcher } from 'undici';
import type { Outcome } from '../outcome.js';
import { jsonOf, sendRequest } from '../send-request.js';

export interface SalesforceCredentials {
  /** A token to start with; alone (no client id/secret) it cannot be renewed, so a 401 pauses the destination. */
  accessToken?: string;
  /** With clientId and clientSecret: the refresh-token grant. */
  refreshToken?: string;
  /** Without a refreshToken: the client-credentials grant (the app's Run As user). */
  clientId?: string;
  clientSecret?: string;
  /** Default `https://login.salesforce.com/services/oauth2/token`. */
  tokenUrl?: string;
}

export interface SalesforceSessionOptions {
  instanceUrl: string;
  credentials: SalesforceCredentials;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export type SessionToken = { ok: true; accessToken: string; instanceUrl: string } | { ok: false; outcome: Outcome };

export const DEFAULT_TOKEN_URL = 'https://login.salesforce.com/services/oauth2/token';

/** Token-endpoint errors that no retry will cure: the credentials must be fixed. */
const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'invalid_client_id', 'invalid_client_credentials', 'unauthorized_client', 'inactive_user', 'inactive_org', 'unsupported_grant_type', 'invalid_request']);
const TOKEN_THROTTLE_MS = 60_000;

/**
 * The access token and instance URL of one Salesforce destination. A 401 `INVALID_SESSION_ID` asks for a new token
 * with `refresh(staleToken)`: concurrent callers share one token request, and a caller whose stale token has already
 * been replaced gets the new one without another request.
 */
export class SalesforceSession {
  private accessToken: string | undefined;
  private instanceUrl: string;
  private inflight: Promise<SessionToken> | undefined;
  /** The refresh token to use: the configured one until the token endpoint hands out a rotated one. */
  private refreshToken: string | undefined;
  /** How many token requests were made (for tests and logs). */
  tokenRequests = 0;

  constructor(private readonly options: SalesforceSessionOptions) {
    this.accessToken = options.credentials.accessToken;
    this.refreshToken = options.credentials.refreshToken;
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  }

  /** True when a new token can be obtained (client id and secret configured). */
  get canRefresh(): boolean {
    const { clientId, clientSecret } = this.options.credentials;
    return Boolean(clientId && clientSecret);
  }

  /** The token to use now; the first call fetches one when none was configured. */
  current(): Promise<SessionToken> {
    // While a refresh is running, the token in hand is the one it replaces: wait for the new one.
    if (this.inflight) return this.inflight;
    if (this.accessToken) return Promise.resolve({ ok: true, accessToken: this.accessToken, instanceUrl: this.instanceUrl });
    return this.refresh(undefined);
  }

  /** A new token to replace `stale`; one token request at a time, whatever the number of callers. */
  refresh(stale: string | undefined): Promise<SessionToken> {
    if (this.accessToken && this.accessToken !== stale) {
      return Promise.resolve({ ok: true, accessToken: this.accessToken, instanceUrl: this.instanceUrl });
    }
    if (!this.canRefresh) {
      return Promise.resolve({
        ok: false,
        outcome: { kind: 'auth', status: 401, reason: 'Salesforce session expired or invalid (INVALID_SESSION_ID) and no clientId/clientSecret to renew it' },
      });
    }
    this.inflight ??= this.requestToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async requestToken(): Promise<SessionToken> {
    const { clientId, clientSecret } = this.options.credentials;
    const refreshToken = this.refreshToken;
    const tokenUrl = this.options.credentials.tokenUrl ?? DEFAULT_TOKEN_URL;
    const grant = refreshToken ? 'refresh_token' : 'client_credentials';
    const form = new URLSearchParams({ grant_type: grant });
    if (refreshToken) form.set('refresh_token', refreshToken);
    form.set('client_id', clientId ?? '');
    form.set('client_secret', clientSecret ?? '');
    this.tokenRequests += 1;
    let answer;
    try {
      answer = await sendRequest(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
    } catch (error) {
      return { ok: false, outcome: { kind: 'retry', reason: `Salesforce token endpoint did not answer: ${(error as Error).message}` } };
    }
    const json = jsonOf<Record<string, unknown>>(answer) ?? {};
    if (answer.status === 200 && typeof json.access_token === 'string' && json.access_token) {
      this.accessToken = json.access_token;
      // An app that rotates refresh tokens invalidates the old one with this answer.
      if (typeof json.refresh_token === 'string' && json.refresh_token) this.refreshToken = json.refresh_token;
      if (typeof json.instance_url === 'string' && /^https?:\/\//.test(json.instance_url)) this.instanceUrl = json.instance_url.replace(/\/+$/, '');
      return { ok: true, accessToken: this.accessToken, instanceUrl: this.instanceUrl };
    }
    const code = typeof json.error === 'string' ? json.error : '';
    const description = typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
    const reason = `Salesforce token endpoint (${grant} grant) HTTP ${answer.status}${code ? ` ${code}` : ''}${description}`;
    if (answer.status === 200) return { ok: false, outcome: { kind: 'retry', status: 200, reason: `${reason}: no access_token in the answer` } };
    if (code === 'rate_limit_exceeded' || answer.status === 429) {
      return { ok: false, outcome: { kind: 'throttled', status: answer.status, waitMs: TOKEN_THROTTLE_MS, reason } };
    }
    if (answer.status === 408 || answer.status >= 500) return { ok: false, outcome: { kind: 'retry', status: answer.status, reason } };
    if (AUTH_ERRORS.has(code) || answer.status === 400 || answer.status === 401 || answer.status === 403) {
      return { ok: false, outcome: { kind: 'auth', status: answer.status, reason } };
    }
    return { ok: false, outcome: { kind: 'retry', status: answer.status, reason } };
  }
}
