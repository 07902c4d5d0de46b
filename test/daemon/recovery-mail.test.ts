import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { SOCKET_ORIGIN, tcpOrigin, type Origin } from '../../src/core/origin.js';
import { RESET_CODE_TTL_MS } from '../../src/core/recovery.js';
import { smtpMailer } from '../../src/daemon/mailer.js';
import { openStores } from '../../src/store/open.js';
import type { FileStores } from '../../src/store/store.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { codeIn, startSmtpServer, testCertificate } from '../helpers/smtp.js';

const PW = 'correct horse battery';
const SMTP_USER = 'guru@acme.com';
const SMTP_PASSWORD = 'smtp-Secret-4711';

/**
 * Password recovery, engine and the daemon's nodemailer mailer together, against a real SMTP
 * server on 127.0.0.1 (STARTTLS with a certificate made here, AUTH checked), on real files,
 * with a clock the test moves.
 */
describe('password recovery by email (real SMTP server)', () => {
  let dir: string;
  let home: string;
  let store: FileStores;
  let engine: Engine;
  let now = Date.parse('2026-12-01T12:00:00.000Z');
  const clock = { now: () => new Date(now) };
  let certificate: { cert: string; key: string };
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const log: string[] = [];
  const url = (port: number, password = SMTP_PASSWORD) => `smtp://${encodeURIComponent(SMTP_USER)}:${password}@127.0.0.1:${port}`;
  const owner = () => engine.as(OWNER);

  beforeAll(async () => {
    certificate = await testCertificate();
    smtp = await startSmtpServer({ certificate, user: SMTP_USER, password: SMTP_PASSWORD });
    dir = await makeTempDir('guru-recovery-');
    home = join(dir, 'data');
    store = await openStores({ kind: 'files', home, lock: 'hold', create: true });
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => done(void log.push(String(chunk))) }));
    // The test's certificate is trusted by handing it to the mailer; nothing turns checks off.
    engine = new Engine({ stores: store, clock, mailer: smtpMailer({ logger, ca: certificate.cert, timeoutMs: 5_000 }) });
    await owner().account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    for (const name of ['bia', 'caio', 'duda', 'edu']) await owner().users.add({ email: `${name}@acme.com`, name: name.toUpperCase(), password: PW });
  });
  afterAll(async () => {
    await smtp?.close();
    await store?.close();
    await removeDir(dir);
  });

  /** Asks for a code and waits until the mail is handed over; the mails that came meanwhile. */
  async function forgot(email: string, origin: Origin = SOCKET_ORIGIN) {
    const before = smtp.mails.length;
    const answer = await engine.recovery.forgot(email, origin);
    await engine.recovery.settled();
    return { answer, mails: smtp.mails.slice(before) };
  }

  it('without a mail server set up, forgot says so and who can help — the same for every email', async () => {
    for (const email of ['bia@acme.com', 'nobody@acme.com']) {
      await expect(engine.recovery.forgot(email, SOCKET_ORIGIN)).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/not set up on this Guru server — ask an admin .*guru user passwd/),
      });
    }
  });

  it('the SMTP settings: checked, kept apart from the state (0600), shown and audited with the password masked', async () => {
    await expect(owner().account.set({ smtp: 'http://x@127.0.0.1' })).rejects.toThrow(/must start with smtp:\/\/ or smtps:\/\//);
    await expect(owner().account.set({ smtp: `smtp://u:${SMTP_PASSWORD}@` })).rejects.toThrow(/not a URL/);
    await expect(owner().account.set({ smtp: url(smtp.port) })).rejects.toThrow(/--smtp needs the address the mails come from too/);
    const bad = await owner()
      .account.set({ smtp: `smtp://u:${SMTP_PASSWORD}@mail.acme.com/inbox`, mailFrom: 'guru@acme.com' })
      .catch((e: Error) => e);
    expect(String(bad)).toMatch(/no path or options/);
    expect(String(bad)).not.toContain(SMTP_PASSWORD);
    await expect(owner().account.set({ smtp: url(smtp.port), mailFrom: 'not an address' })).rejects.toThrow(/--mail-from must be a plain email address/);
    // Not even with users.manage: whoever picks the mail server reads the codes, admins' too.
    await owner().users.edit('bia@acme.com', { addPermissions: ['users.manage'] });
    const bia = engine.as((await engine.sessions.authenticate((await engine.sessions.login('bia@acme.com', PW)).token, null))!);
    await expect(bia.account.set({ smtp: url(smtp.port), mailFrom: 'guru@acme.com' })).rejects.toMatchObject({
      code: 'permission_denied',
      message: expect.stringMatching(/only admins may set the mail server/),
    });
    await expect(bia.account.set({ smtp: null })).rejects.toMatchObject({ code: 'permission_denied' });
    await bia.account.set({ seats: 10 }); // the rest of the account is hers to change
    await owner().users.edit('bia@acme.com', { removePermissions: ['users.manage'] });
    expect((await owner().account.show()).smtp).toBeNull(); // nothing of the refusals was kept

    const account = await owner().account.set({ smtp: url(smtp.port), mailFrom: 'guru@acme.com' });
    expect(account.smtp).toBe(`smtp://guru%40acme.com:****@127.0.0.1:${smtp.port}`);
    expect(account.mailFrom).toBe('guru@acme.com');
    expect(await owner().account.show()).toEqual(account);
    const secret = join(home, 'mail', 'smtp.json');
    expect((await stat(secret)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'mail'))).mode & 0o777).toBe(0o700);
    expect(await readFile(secret, 'utf8')).toContain(SMTP_PASSWORD);
    for (const file of ['state.json', 'audit.jsonl']) expect(await readFile(join(home, file), 'utf8')).not.toContain(SMTP_PASSWORD);
    expect((await store.audit.list({})).at(-1)).toMatchObject({ action: 'account.mail', details: { smtp: account.smtp, mailFrom: 'guru@acme.com' } });
  });

  it('forgot mails a code (STARTTLS, AUTH) in Portuguese; reset works once, ends the old sessions and opens a new one', async () => {
    const old = await engine.sessions.login('bia@acme.com', PW);
    const { answer, mails } = await forgot('Bia@Acme.com');
    expect(answer).toEqual({ ok: true, validForMinutes: 15 });
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatchObject({ to: ['bia@acme.com'], from: 'guru@acme.com', user: SMTP_USER, secure: true });
    expect(mail.subject).toMatch(/^Guru: código para redefinir sua senha/);
    expect(mail.text).toMatch(/Olá, BIA!/);
    expect(mail.text).toMatch(/Vale por 15 minutos \(até 12:15 UTC\)/);
    const code = codeIn(mail);
    // No address known for this server: the command has none, and the mail says to add it from elsewhere.
    expect(mail.text).toContain(`  guru password reset --email bia@acme.com --code ${code}\n(de outra máquina, acrescente --server`);
    expect(smtp.logins.every((l) => l.ok && l.secure)).toBe(true);

    const reset = await engine.recovery.reset('bia@acme.com', `${code.slice(0, 4)} ${code.slice(4)}`, 'a brand new password', tcpOrigin('203.0.113.9'));
    expect(reset.user.email).toBe('bia@acme.com');
    expect(await engine.sessions.authenticate(old.token, null)).toBeNull();
    expect(await engine.sessions.authenticate(reset.token, null)).toMatchObject({ type: 'user' });
    await expect(engine.sessions.login('bia@acme.com', PW)).rejects.toMatchObject({ code: 'unauthenticated' });
    await engine.sessions.login('bia@acme.com', 'a brand new password');
    // Once only.
    await expect(engine.recovery.reset('bia@acme.com', code, 'yet another password', SOCKET_ORIGIN)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/wrong or expired code for bia@acme\.com — ask for a new one with `guru password forgot/),
    });
    const audit = await store.audit.list({});
    expect(audit.find((e) => e.action === 'user.password_reset')).toMatchObject({
      actor: 'BIA <bia@acme.com>',
      target: 'bia@acme.com',
      details: { source: '203.0.113.9' },
    });
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it('a code no longer works 15 minutes after it was sent (the engine clock)', async () => {
    await owner().account.set({ publicAddress: 'guru.acme.com:7433' });
    const mail = (await forgot('caio@acme.com')).mails[0]!;
    const code = codeIn(mail);
    // Where people reach this server is known: the command in the mail names it.
    expect(mail.text).toContain(`  guru password reset --server guru.acme.com:7433 --email caio@acme.com --code ${code}\n`);
    expect(mail.text).not.toContain('de outra máquina');
    now += RESET_CODE_TTL_MS;
    await expect(engine.recovery.reset('caio@acme.com', code, 'a brand new password', SOCKET_ORIGIN)).rejects.toMatchObject({ code: 'unauthenticated' });
    // A minute short of that, one does.
    const fresh = codeIn((await forgot('caio@acme.com')).mails[0]!);
    now += RESET_CODE_TTL_MS - 60_000;
    await expect(engine.recovery.reset('caio@acme.com', fresh, 'a brand new password', SOCKET_ORIGIN)).resolves.toMatchObject({
      user: { email: 'caio@acme.com' },
    });
  });

  it('an unknown or disabled email gets the very same answer, and no mail goes anywhere', async () => {
    await owner().users.disable('edu@acme.com');
    const known = await forgot('duda@acme.com');
    expect(known.mails).toHaveLength(1);
    for (const email of ['nobody@acme.com', 'edu@acme.com']) {
      const { answer, mails } = await forgot(email);
      expect(answer).toEqual(known.answer);
      expect(mails).toEqual([]);
    }
    // And a reset for them fails exactly as a wrong code does.
    const wrong = await engine.recovery.reset('duda@acme.com', '00000000', 'a brand new password', SOCKET_ORIGIN).catch((e: Error) => e.message);
    const unknown = await engine.recovery.reset('nobody@acme.com', '00000000', 'a brand new password', SOCKET_ORIGIN).catch((e: Error) => e.message);
    expect(unknown).toBe(String(wrong).replace('duda@acme.com', 'nobody@acme.com').replace('duda@acme.com', 'nobody@acme.com'));
  });

  it('five wrong codes end a code; asking again is limited per email and per source, whoever the email is', async () => {
    now += 2 * RESET_CODE_TTL_MS; // the earlier tests' requests age out
    const code = codeIn((await forgot('duda@acme.com')).mails[0]!);
    const wrong = code === '11111111' ? '22222222' : '11111111';
    for (let i = 0; i < 4; i++)
      await expect(engine.recovery.reset('duda@acme.com', wrong, 'a brand new password', SOCKET_ORIGIN)).rejects.toThrow(/wrong or expired/);
    await expect(engine.recovery.reset('duda@acme.com', wrong, 'a brand new password', SOCKET_ORIGIN)).rejects.toThrow(/too many wrong codes|wrong or expired/);
    await expect(engine.recovery.reset('duda@acme.com', code, 'a brand new password', SOCKET_ORIGIN)).rejects.toMatchObject({
      code: expect.stringMatching(/unauthenticated|limit/),
    });
    await engine.sessions.login('duda@acme.com', PW); // untouched

    // Three mails per email in 15 minutes — for an unknown email just the same.
    for (const email of ['duda@acme.com', 'ghost@acme.com']) {
      for (let i = email === 'duda@acme.com' ? 1 : 0; i < 3; i++) await forgot(email, tcpOrigin('198.51.100.1'));
      await expect(engine.recovery.forgot(email, tcpOrigin('198.51.100.2'))).rejects.toMatchObject({
        code: 'limit',
        message: expect.stringMatching(/too many password recovery requests/),
      });
    }
    // Twenty per source address, whatever the emails.
    for (let i = 0; i < 20; i++) await engine.recovery.forgot(`someone${i}@acme.com`, tcpOrigin('198.51.100.3'));
    await expect(engine.recovery.forgot('caio@acme.com', tcpOrigin('198.51.100.3'))).rejects.toMatchObject({ code: 'limit' });
    await expect(engine.recovery.forgot('caio@acme.com', tcpOrigin('198.51.100.4'))).resolves.toMatchObject({ ok: true });
    await engine.recovery.settled();
  });

  it('a server without STARTTLS gets nothing — not the mail, not the login — and the log never holds the password', async () => {
    now += 2 * RESET_CODE_TTL_MS;
    const plain = await startSmtpServer({ certificate, user: SMTP_USER, password: SMTP_PASSWORD, noStartTls: true });
    try {
      await owner().account.set({ smtp: url(plain.port) });
      await engine.recovery.forgot('caio@acme.com', SOCKET_ORIGIN);
      await engine.recovery.settled();
      expect(plain.mails).toEqual([]);
      expect(plain.logins).toEqual([]);
      expect(log.join('')).toMatch(/could not send mail/);
      // TLS from the first byte works too (smtps).
      const tls = await startSmtpServer({ certificate, user: SMTP_USER, password: SMTP_PASSWORD, implicitTls: true });
      try {
        await owner().account.set({ smtp: `smtps://${encodeURIComponent(SMTP_USER)}:${SMTP_PASSWORD}@127.0.0.1:${tls.port}` });
        await engine.recovery.forgot('bia@acme.com', SOCKET_ORIGIN);
        await engine.recovery.settled();
        expect(tls.mails.map((m) => [m.to, m.secure])).toEqual([[['bia@acme.com'], true]]);
      } finally {
        await tls.close();
      }
      // A wrong SMTP password: refused by the server, logged without it.
      await owner().account.set({ smtp: url(smtp.port, 'not-the-password') });
      await engine.recovery.forgot('bia@acme.com', SOCKET_ORIGIN);
      await engine.recovery.settled();
      expect(log.join('')).toMatch(/Invalid username or password|Invalid login/);
      expect(log.join('')).not.toContain('not-the-password');
      expect(log.join('')).not.toContain(SMTP_PASSWORD);
    } finally {
      await plain.close();
    }
  });

  it('--smtp none removes the settings (and the secret file)', async () => {
    const account = await owner().account.set({ smtp: null });
    expect([account.smtp, account.mailFrom]).toEqual([null, null]);
    await expect(stat(join(home, 'mail', 'smtp.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(engine.recovery.forgot('bia@acme.com', SOCKET_ORIGIN)).rejects.toMatchObject({ code: 'conflict' });
  });
});
