import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Two homes on one machine: the "server" (a data dir whose daemon listens on TCP+TLS) and a
 * "laptop" (its own GURU_HOME and XDG_CONFIG_HOME, no data of its own). Bia works from the
 * laptop over TLS only: she sees only her chats, answers one, and runs the inbox, which keeps
 * working across a restart of the server's daemon.
 */
describe('two homes: working on the server from a laptop', () => {
  let dir: string;
  let serverHome: string;
  let laptopHome: string;
  let laptopEnv: NodeJS.ProcessEnv;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let address: string;
  let fingerprint: string;
  const serverEnv = { GURU_TRANSPORT: 'memory' };
  const laptop = (args: string[], stdin?: string) => guru(laptopHome, args, { env: laptopEnv, ...(stdin === undefined ? {} : { stdin }) });
  const phone = () => memoryPhone(serverHome, SP);

  beforeAll(async () => {
    dir = await makeTempDir();
    serverHome = join(dir, 'server');
    laptopHome = join(dir, 'laptop');
    laptopEnv = { XDG_CONFIG_HOME: join(dir, 'laptop-config') };
    const pw = { stdin: PASSWORD };
    await guruOk(serverHome, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(serverHome, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(serverHome, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio Reis', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(serverHome, ['phone', 'add', SP]);
    await guruOk(serverHome, ['rr', 'add', SP, 'user:bia@acme.com']);
    await guruOk(serverHome, ['rr', 'add', SP, 'user:caio@acme.com']);
    daemon = await startDaemon(serverHome, { env: serverEnv }, ['--listen', '127.0.0.1:0']);
    address = daemon.listen!.address;
    fingerprint = daemon.listen!.fingerprint!;
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('bia logs in from the laptop over TLS, sees only her chats and answers one', async () => {
    const login = await laptop(['login', '--server', address, '--fingerprint', fingerprint, '--email', 'bia@acme.com', '--password-stdin'], PASSWORD);
    expect(login.code, login.stderr).toBe(0);
    await phone().write({ from: '5511988880001@s.whatsapp.net', text: 'Oi, quero um orçamento', pushName: 'Maria' });
    await phone().write({ from: '5511988880002@s.whatsapp.net', text: 'Boa tarde', pushName: 'João' });
    const chats = JSON.parse((await laptop(['chat', 'list', '--json'])).stdout) as { id: string; name: string; assignee: { ref: string } }[];
    expect(chats.map((c) => [c.name, c.assignee.ref])).toEqual([['Maria', 'user:bia@acme.com']]);
    const sent = await laptop(['chat', 'send', chats[0]!.id, 'Olá Maria, já te envio']);
    expect(sent.code, sent.stderr).toBe(0);
    await waitFor(async () => (await phone().outbox()).some((m) => m.text === 'Olá Maria, já te envio'));
    // The send is audited under bia's name, not the owner's.
    const audit = JSON.parse((await guruOk(serverHome, ['audit', '--json'])).stdout) as { actor: string; action: string }[];
    expect(audit.filter((e) => e.actor.includes('bia@acme.com')).length).toBeGreaterThan(0);
  });

  it('guru inbox runs on the laptop: live messages, and it reconnects when the server restarts', async () => {
    const pty = new PtySession(['inbox'], { ...laptopEnv, GURU_HOME: laptopHome }, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('Bia Lima <bia@acme.com>');
      await pty.waitFor('Maria');
      expect(pty.text).not.toContain('João');
      // The rodízio's next pick is bia again (bia, caio, bia…): a live message over the stream.
      await phone().write({ from: '5511988880003@s.whatsapp.net', text: 'Olá?', pushName: 'Rita' });
      await pty.waitFor('Rita');
      // The server's daemon restarts on the same address and certificate: the inbox comes back.
      await daemon.stop();
      await pty.waitFor('reconnecting');
      daemon = await startDaemon(serverHome, { env: serverEnv }, ['--listen', address]);
      expect(daemon.listen?.fingerprint).toBe(fingerprint);
      await pty.waitFor('reconnected to the daemon');
      // The rodízio goes on where it stood: caio's turn, then bia's.
      await phone().write({ from: '5511988880004@s.whatsapp.net', text: 'Oi', pushName: 'Davi' });
      await phone().write({ from: '5511988880005@s.whatsapp.net', text: 'Ainda aí?', pushName: 'Lia' });
      await pty.waitFor('Lia');
      expect(pty.text).not.toContain('Davi');
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });
});
