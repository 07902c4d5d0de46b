import { once } from 'node:events';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/client/http.js';
import { tcpOrigin } from '../../src/core/origin.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { fixtureCert } from '../helpers/certs.js';
import { testEngine } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { inProcessRouter } from '../helpers/in-process-router.js';

const OWNER_TOKEN = 'o'.repeat(64);

/**
 * The refusals that reach a person through the client, in the language they read: the daemon's
 * router answers in the caller's `accept-language`, and the client still names the server to log
 * in to (it rewrites `guru login` inside the message, which the translation keeps verbatim).
 */
describe('refusals through the client, in Portuguese', () => {
  let team: Awaited<ReturnType<typeof testEngine>>;
  let server: Server;
  let port: number;
  let dir: string;
  const served = fixtureCert('first');
  const client = (token: string | null) => new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint: served.fingerprint }, token, version: '0.1.0' });
  const refusal = (work: () => Promise<unknown>) =>
    work().then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: unknown) => err as { code: string; message: string },
    );

  beforeAll(async () => {
    await loadLanguages('pt-BR');
    dir = await makeTempDir('guru-pt-client-');
    team = await testEngine();
    const { router } = inProcessRouter(team.engine, OWNER_TOKEN);
    server = createHttpsServer({ cert: served.cert, key: served.key, minVersion: 'TLSv1.3' }, (req, res) => {
      void router.handle(req, res, tcpOrigin(req.socket.remoteAddress ?? 'unknown'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await team?.cleanup();
    if (dir) await removeDir(dir);
  });

  it('no credentials: the daemon says so in Portuguese, and the client names the server to log in to', async () => {
    const err = await runInLanguage('pt-BR', () => refusal(() => client(null).operations().tags.list()));
    expect(err).toMatchObject({ code: 'unauthenticated', message: `sem credenciais — entre com \`guru login --server 127.0.0.1:${port}\`` });
  });

  it('an ended session: the same, in Portuguese', async () => {
    const err = await runInLanguage('pt-BR', () => refusal(() => client('x'.repeat(64)).operations().tags.list()));
    expect(err.code).toBe('unauthenticated');
    expect(err.message).toBe(`sua sessão expirou ou foi revogada — entre de novo com \`guru login --server 127.0.0.1:${port}\``);
  });

  it('in English nothing changed', async () => {
    const err = await runInLanguage('en', () => refusal(() => client(null).operations().tags.list()));
    expect(err.message).toBe(`no credentials — log in with \`guru login --server 127.0.0.1:${port}\``);
  });

  it('no daemon on the socket: unreachable, in Portuguese, with the command to start it', async () => {
    const socket = join(dir, 'nobody-here.sock');
    const local = new DaemonClient({ socket, token: null, version: '0.1.0' });
    const err = await runInLanguage('pt-BR', () => refusal(() => local.whoami()));
    expect(err).toMatchObject({
      code: 'daemon_unreachable',
      message: `o daemon do Guru não está rodando (sem resposta em ${socket}) — inicie com \`guru daemon start\``,
    });
  });
});
