import './live-terminal.js';
import { render } from 'ink';
import type { WhoAmI } from '../api/protocol.js';
import type { Factory } from '../cli/factory.js';
import type { DaemonClient } from '../client/http.js';
import { rememberLogin, savedLogin } from '../client/target.js';
import { isGuruError } from '../core/errors.js';
import { daemonInboxApi } from './api.js';
import { Root, type InboxSession } from './Root.js';
import { ENTER_ALT, LEAVE_ALT } from './screen.js';

/** Who the client's token belongs to, or null when it has none or it is no longer valid. */
async function whoami(client: DaemonClient): Promise<WhoAmI | null> {
  try {
    return await client.whoami();
  } catch (err) {
    if (isGuruError(err) && err.code === 'unauthenticated') return null;
    throw err; // no daemon (exit 3) and the like: before the screen is taken
  }
}

/**
 * Runs the Ink inbox until the user quits. Loaded lazily: only `guru inbox` pays for Ink and React.
 * `patchConsole: false` is for hosts that silence the console themselves (`guru demo`, whose
 * simulator runs libsignal in this process): Ink would otherwise print its chatter above the inbox.
 */
export async function runInbox(f: Factory, options: { patchConsole?: boolean } = {}): Promise<void> {
  const target = await f.target();
  const client = await f.daemon('session');
  const me = await whoami(client);
  const saved = await savedLogin(target, f.env);
  const session: InboxSession = {
    savedEmail: saved?.email ?? null,
    resume: async () => (me && !me.owner ? { api: daemonInboxApi(client), me } : null),
    login: async (email, password) => {
      const result = await (await f.daemon('session')).login(email, password);
      await rememberLogin(target, { token: result.token, email: result.user.email, savedAt: f.now().toISOString() }, f.env);
      const fresh = await f.daemon('session');
      return { api: daemonInboxApi(fresh), me: (await whoami(fresh)) ?? { owner: false, user: result.user } };
    },
  };
  f.io.out(ENTER_ALT);
  // 60 frames a second: Ink's default 30 adds up to 33 ms between a key and its frame. (Ink's
  // incrementalRendering was faster still, but left a stale row behind when the list scrolled.)
  const app = render(<Root session={session} />, { exitOnCtrlC: false, patchConsole: options.patchConsole ?? true, maxFps: 60 });
  // Killed politely (SIGTERM, the terminal closing): unmount so the stream closes and the
  // terminal gets its screen and cooked mode back.
  const stop = () => app.unmount();
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
    f.io.out(LEAVE_ALT);
  }
}
