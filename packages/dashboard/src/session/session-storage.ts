/** Who is signed in: a site id and its secret key. */
export interface Session {
  site: string;
  key: string;
}

const STORAGE_KEY = 'feedloop.dashboard.session';

/** sessionStorage, or nothing when the browser refuses it (then the session lives as long as the page). */
function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The session of this tab. Kept in sessionStorage only: it ends with the tab, is not shared with other tabs, and is
 * never written to localStorage, a cookie or a URL.
 */
export function readSession(): Session | undefined {
  try {
    const raw = storage()?.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.site === 'string' && typeof parsed.key === 'string' && parsed.site && parsed.key ? { site: parsed.site, key: parsed.key } : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify({ site: session.site, key: session.key }));
  } catch {
    // Storage full or refused: the session still works until the page is closed.
  }
}

export function clearSession(): void {
  try {
    storage()?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}
