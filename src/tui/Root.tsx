import { Text } from './components/Text.js';
import { useEffect, useState } from 'react';
import type { WhoAmI } from '../api/protocol.js';
import type { InboxApi } from './api.js';
import { InboxContainer } from './InboxContainer.js';
import { LoginContainer } from './LoginContainer.js';
import { theme } from './theme.js';
import { t } from '../i18n/translate.js';

/** A connection as the logged-in user: the API and who that is. */
export interface Connected {
  api: InboxApi;
  me: WhoAmI;
}

/** How the inbox gets a session: resume the saved one, or log in (and save it). */
export interface InboxSession {
  savedEmail: string | null;
  /** The saved session's connection, or null when there is none or it is no longer valid. */
  resume(): Promise<Connected | null>;
  login(email: string, password: string): Promise<Connected>;
}

/** The login screen until there is a session, then the inbox. */
export function Root({ session }: { session: InboxSession }) {
  const [phase, setPhase] = useState<{ kind: 'checking' } | { kind: 'login'; notice?: string } | ({ kind: 'inbox' } & Connected)>({ kind: 'checking' });
  useEffect(() => {
    let live = true;
    session.resume().then(
      (c) => live && setPhase(c ? { kind: 'inbox', ...c } : { kind: 'login' }),
      () => live && setPhase({ kind: 'login' }),
    );
    return () => {
      live = false;
    };
  }, [session]);

  if (phase.kind === 'checking') return <Text color={theme.muted}>{t`connecting to the daemon…`}</Text>;
  if (phase.kind === 'login') {
    return (
      <LoginContainer
        email={session.savedEmail}
        notice={phase.notice ?? null}
        login={async (e, p) => setPhase({ kind: 'inbox', ...(await session.login(e, p)) })}
      />
    );
  }
  // The daemon ended the session under us (logout elsewhere, new password, disabled): log in again.
  return <InboxContainer api={phase.api} me={phase.me} onSignedOut={(notice) => setPhase({ kind: 'login', notice })} />;
}
