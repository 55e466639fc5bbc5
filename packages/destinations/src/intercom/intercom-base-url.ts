export type IntercomRegion = 'us' | 'eu' | 'au';

/** Intercom's REST hosts per data-hosting region (developers.intercom.com, "REST APIs": regional hosting). */
export const INTERCOM_BASE_URLS: Readonly<Record<IntercomRegion, string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** The base URL requests go to: the override when given (a proxy, a test server), else the region's host. */
export function intercomBaseUrl(region: IntercomRegion = 'us', baseUrl?: string): string {
  return baseUrl ?? INTERCOM_BASE_URLS[region];
}
