import { h } from 'preact';
import { useState } from 'preact/hooks';
import { createApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { todayUtc } from '../format/dates.js';
import type { Session } from '../session/session-storage.js';

export interface SignInFormProps {
  base: string;
  onSignedIn(session: Session): void;
  /** Why the last session ended, if it did not end by signing out. */
  notice?: string | undefined;
}

/**
 * Site id and secret key. The key is tried on the API before it is kept: a 401 means the site or the key is wrong
 * (the server does not say which).
 */
export function SignInForm({ base, onSignedIn, notice }: SignInFormProps) {
  const [site, setSite] = useState('');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(event: Event) {
    event.preventDefault();
    const session = { site: site.trim(), key: key.trim() };
    if (!session.site || !session.key) {
      setError('Enter the site id and its secret key.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const today = todayUtc();
      await createApiClient(base, session).insights({ metric: 'csat', touchpoint: '*', from: today, to: today, groupBy: 'day' });
      onSignedIn(session);
    } catch (cause) {
      const failure = cause instanceof ApiError ? cause : undefined;
      setError(failure?.unauthorized ? 'Wrong site or key.' : `Could not sign in: ${failure?.message ?? 'unexpected error.'}`);
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in">
      <form class="sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title" aria-describedby="sign-in-help" noValidate>
        <h1 id="sign-in-title">
          Feedloop <span class="brand-sub">insights</span>
        </h1>
        <p id="sign-in-help" class="muted">
          Sign in with a site id and the site's secret key (<code>sites[].secretKey</code> in the configuration). The key stays in this tab
          only and is forgotten when the tab is closed.
        </p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="site">Site id</label>
        <input id="site" name="site" autocomplete="off" autocapitalize="off" spellcheck={false} required value={site} onInput={(e) => setSite(e.currentTarget.value)} />
        <label for="key">Secret key</label>
        <input id="key" name="key" type="password" autocomplete="off" placeholder="sk_…" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        {error && (
          <p class="error" role="alert" id="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
