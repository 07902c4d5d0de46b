import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiClient, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson } from '../helpers/guru.js';
import { fixtureCert } from '../helpers/certs.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';
import { freshStoreUrl } from '../helpers/postgres.js';
import { PASSWORD } from '../helpers/team.js';

const NUMBER = '5511999990000';

/**
 * Two daemons on one PostgreSQL database (two data dirs, as on two machines), the REAL Baileys
 * linked to the simulator: one holds the number's WhatsApp session, the other follows. What a
 * customer writes reaches agents on either; a reply typed on the follower goes out through the
 * holder. Then the holder is killed (-9): the other takes the number over with the credentials in
 * the database, without a QR, within 15 s; the simulator never sees two live sessions for the
 * number; every message the customers sent meanwhile is stored exactly once.
 */
describe('two daemons on one database', () => {
  it('one holds the number, both serve the team; kill -9 of the holder: the other takes over in ≤ 15 s, nothing lost or doubled', async () => {
    const url = freshStoreUrl('fo');
    // Both daemons serve the team over TLS with the installation's one certificate.
    const cert = fixtureCert('first');
    const door = ['--listen', '127.0.0.1:0', '--tls-cert', cert.certFile, '--tls-key', cert.keyFile];
    const a = await linkedPhone(NUMBER, { store: url, daemonArgs: door });
    const { fake } = a;
    // Live WhatsApp sessions of the number, sampled all along: never more than one.
    let most = 0;
    const sampling = setInterval(() => {
      const live = [...(fake as unknown as { sim: { conns: Set<{ account?: { number: string }; closed: boolean }> } }).sim.conns].filter(
        (c) => c.account?.number === NUMBER && !c.closed,
      ).length;
      most = Math.max(most, live);
    }, 20);
    const homeB = join(a.home, '..', 'second');
    const envB = { ...a.env, GURU_STORE_URL: url };
    const b = await startDaemon(homeB, { env: envB }, door);
    // An agent's laptop knows both servers: it logs in once, and moves to whichever answers.
    const laptopConfig = join(a.home, '..', 'laptop-config');
    const laptop = (args: string[], stdin?: string) =>
      guru(join(a.home, '..', 'laptop'), args, { env: { XDG_CONFIG_HOME: laptopConfig }, ...(stdin ? { stdin } : {}) });
    const both = `${a.daemon.listen!.address},${b.listen!.address}`;
    const login = await laptop(['login', '--server', both, '--fingerprint', cert.fingerprint, '--email', 'ana@acme.com', '--password-stdin'], PASSWORD);
    expect(login.code, login.stderr).toBe(0);
    try {
      const statusB = await guruJson<any>(homeB, ['daemon', 'status']);
      expect(statusB.leases).toEqual([expect.objectContaining({ phone: `+${NUMBER}`, here: false, live: true })]);

      // A customer writes: the chat shows on the follower too, and a reply typed there goes out.
      const [maria] = await a.customers(1);
      const anaB = apiClient(homeB, (await apiClient(homeB, null).login('ana@acme.com', PASSWORD)).token).operations();
      const seen = await until('the chat on the second daemon', async () => (await anaB.chats.list()).find((c) => c.id === maria!.chatId));
      expect(seen.customer).toBe(`+${maria!.contact.number}`);
      // Presence is shared: Ana's inbox open on the second daemon makes her online on the first too.
      const anaToken = (await apiClient(homeB, null).login('ana@acme.com', PASSWORD)).token;
      const inbox = await apiClient(homeB, anaToken).watch(() => undefined);
      await until('Ana online at the holder', async () =>
        (await apiClient(a.home, ownerToken(a.home)).status()).online.includes('ana@acme.com') ? true : undefined,
      );
      inbox.close();
      await anaB.chats.send(maria!.chatId, 'Respondido pelo segundo servidor');
      await until('the reply delivered through the holder', () =>
        fake.delivered.some((d) => JSON.stringify(d.message).includes('Respondido pelo segundo servidor')) ? true : undefined,
      );

      const before = await laptop(['chat', 'list', '--json']);
      expect(before.code, before.stderr).toBe(0);

      // Customers keep writing while the holder dies.
      const sent: string[] = [];
      const sentAt = new Map<string, number>();
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing && i < 60; i++) {
          const text = `mensagem ${i}`;
          await fake.sendMessage(maria!.contact, text);
          sent.push(text);
          sentAt.set(text, Date.now());
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      await new Promise((r) => setTimeout(r, 1_000));
      const killedAt = Date.now();
      process.kill(a.daemon.pid, 'SIGKILL');
      await until(
        'the second daemon connected',
        // Asked over the socket in this process: a CLI spawned per look would add its own start-up to the figure.
        async () => ((await apiClient(homeB, ownerToken(homeB)).status()).phones[0]?.linkState === 'connected' ? true : undefined),
        30_000,
      );
      const failoverMs = Date.now() - killedAt;
      writing = false;
      await writer;
      expect(failoverMs).toBeLessThanOrEqual(15_000);

      // Every message the customer sent is stored once, in the database, as the survivor shows it.
      let shownLast: (string | undefined)[] = [];
      const texts = await until('every message stored', async () => {
        const shown = await anaB.chats.show(maria!.chatId, { limit: 500 });
        shownLast = shown.messages.map((m) => m.text);
        return sent.every((text) => shownLast.includes(text)) ? shownLast : undefined;
      }).catch((err: Error) => {
        // Which ones, and when they were sent beside the kill, is what tells why.
        const missing = sent.filter((text) => !shownLast.includes(text)).map((text) => `${text} (${sentAt.get(text)! - killedAt} ms after the kill)`);
        throw new Error(`${err.message}: missing ${missing.join(', ')}`);
      });
      for (const text of sent) expect(texts.filter((t) => t === text)).toHaveLength(1);
      // The laptop's commands went to the first server; with it gone, to the second, unasked.
      const listed = await laptop(['chat', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).map((c: { id: string }) => c.id)).toEqual([maria!.chatId]);
      expect(most).toBe(1);
      // No QR was shown: the number was never linked again.
      expect(fake.linkedNumbers).toEqual([NUMBER]);
    } finally {
      clearInterval(sampling);
      await b.stop();
      await a.close().catch(() => undefined);
    }
  }, 240_000);
});
