import { h } from 'preact';
import { useState } from 'preact/hooks';
import { Dashboard } from './dashboard.js';
import { clearSession, readSession, saveSession, type Session } from './session/session-storage.js';
import { SignInForm } from './sign-in/sign-in-form.js';

/** Signed in (the session of this tab) or not. `base` is where ingest's routes are: '' or its prefix. */
export function App({ base }: { base: string }) {
  const [session, setSession] = useState<Session | undefined>(readSession);
  const [notice, setNotice] = useState<string | undefined>();

  const signIn = (next: Session) => {
    saveSession(next);
    setNotice(undefined);
    setSession(next);
  };
  const signOut = (reason?: string) => {
    clearSession();
    setNotice(reason);
    setSession(undefined);
  };

  if (!session) return <SignInForm base={base} onSignedIn={signIn} notice={notice} />;
  return <Dashboard key={`${session.site}`} base={base} session={session} onSignOut={() => signOut('Signed out.')} onUnauthorized={() => signOut('Signed out: the server no longer takes this site and key.')} />;
}
