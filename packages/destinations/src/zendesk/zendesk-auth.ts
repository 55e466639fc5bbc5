/** How Feedloop signs in to Zendesk: an agent's e-mail with an API token, or an OAuth access token. */
export type ZendeskAuth = { email: string; apiToken: string } | { oauthToken: string };

/** `Basic base64("{email}/token:{apiToken}")`, or `Bearer {oauthToken}`. */
export function authorizationHeader(auth: ZendeskAuth): string {
  if ('oauthToken' in auth) return `Bearer ${auth.oauthToken}`;
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.apiToken}`, 'utf8').toString('base64')}`;
}

/** The credentials as given in a config (`email` + `apiToken`, or `oauthToken`); throws when neither is complete. */
export function zendeskAuthOf(given: { email?: string | undefined; apiToken?: string | undefined; oauthToken?: string | undefined }): ZendeskAuth {
  if (given.oauthToken) return { oauthToken: given.oauthToken };
  if (given.email && given.apiToken) return { email: given.email, apiToken: given.apiToken };
  throw new TypeError('a Zendesk destination needs email + apiToken, or oauthToken');
}
