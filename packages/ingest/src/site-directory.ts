import type { Config, SiteConfig } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';

/** Finds the site a request is for, by its public key, and checks the browser's Origin against it. */
export class SiteDirectory {
  private readonly byKey: Map<string, SiteConfig>;

  constructor(sites: Config['sites']) {
    this.byKey = new Map(sites.map((site) => [site.publicKey, site]));
  }

  fromKey(key: string | undefined): SiteConfig {
    if (!key) throw new FeedloopError('KEY_MISSING');
    const site = this.byKey.get(key);
    if (!site) throw new FeedloopError('KEY_UNKNOWN');
    return site;
  }

  /** Requests without an Origin come from servers, not browsers, and are not origin-bound. */
  static allowsOrigin(site: SiteConfig, origin: string | undefined): boolean {
    if (origin === undefined) return true;
    return site.origins.some((allowed) => allowed === '*' || new URL(allowed).origin === origin);
  }
}
