import type { IncomingMessage, ServerResponse } from 'node:http';
import { Reply } from './reply.js';
import { fixture } from './salesforce-fixture.js';

export type TokenFailure = 'invalid_grant' | 'invalid_client' | 500;

export interface TokenEndpointOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Delay of each answer, so that concurrent callers overlap. */
  delayMs?: number;
}

/** The OAuth token endpoint: refresh-token and client-credentials grants; each success adds a token to `validTokens`. */
export class TokenEndpoint {
  /** Form parameters of every token request. */
  readonly requests: Record<string, string>[] = [];
  private readonly failures: TokenFailure[] = [];
  private issued = 0;

  constructor(
    private readonly options: TokenEndpointOptions,
    private readonly validTokens: Set<string>,
    /** The instance URL, known once the server listens. */
    private readonly instanceUrl: () => string,
  ) {}

  /** Successful token requests (each issues a new access token). */
  get tokensIssued(): number {
    return this.issued;
  }

  fail(failure: TokenFailure, times: number): void {
    for (let i = 0; i < times; i += 1) this.failures.push(failure);
  }

  async answer(req: IncomingMessage, text: string, res: ServerResponse): Promise<void> {
    const json = (reply: Reply) => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (!/^application\/x-www-form-urlencoded\b/.test(req.headers['content-type'] ?? '')) {
      return void json(new Reply(400, { error: 'invalid_request', error_description: 'must use application/x-www-form-urlencoded' }));
    }
    const params = Object.fromEntries(new URLSearchParams(text));
    this.requests.push(params);
    if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    json(this.token(params));
  }

  /** The answer to one form-encoded request. */
  private token(params: Record<string, string>): Reply {
    const failure = this.failures.shift();
    if (failure === 500) return new Reply(500, { error: 'server_error', error_description: 'internal error' });
    if (failure === 'invalid_grant') return new Reply(400, fixture('token-invalid-grant'));
    if (failure === 'invalid_client') return new Reply(400, fixture('token-invalid-client'));
    const { clientId, clientSecret, refreshToken } = this.options;
    if (params.client_id !== clientId || params.client_secret !== clientSecret) return new Reply(400, fixture('token-invalid-client'));
    if (params.grant_type === 'refresh_token') {
      if (params.refresh_token !== refreshToken) return new Reply(400, fixture('token-invalid-grant'));
    } else if (params.grant_type !== 'client_credentials') {
      return new Reply(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    this.issued += 1;
    const accessToken = `00D5e000000ABCD!fake.${this.issued}`;
    this.validTokens.add(accessToken);
    return new Reply(200, { ...(fixture('token-response') as object), access_token: accessToken, instance_url: this.instanceUrl(), issued_at: String(Date.now()) });
  }
}
