import type { Factory } from '../../cli/factory.js';
import type { DaemonClient } from '../../client/http.js';
import type { Target } from '../../client/target.js';
import type { ServerEndpoint } from '../../client/tls-connect.js';
import { usage } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

/**
 * The daemon to ask, here or on a server (`--server`), for an operation that needs no login:
 * someone who forgot their password may never have logged in from this machine, so — as with
 * `guru login` — a server's certificate is settled first (its saved pin, `--fingerprint`, or the
 * question on a terminal), and nothing is sent to a server that is not the one pinned.
 */
export async function recoveryClient(
  f: Factory,
  fingerprint: string | undefined,
): Promise<{ client: DaemonClient; target: Target; endpoint?: ServerEndpoint | ServerEndpoint[]; on: string }> {
  const target = await f.target();
  if (target.kind === 'local') {
    if (fingerprint !== undefined) throw usage(t`--fingerprint pins a server's certificate: it goes with --server HOST:PORT`);
    return { client: await f.daemon('session'), target, on: '' };
  }
  const { connectForLogin } = await import('../../cli/server-trust.js');
  const { client, endpoint } = await connectForLogin(f, target, fingerprint);
  return { client, target, endpoint, on: t` on ${target.server}` };
}
