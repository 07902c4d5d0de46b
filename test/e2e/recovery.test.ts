import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/api/protocol.js';
import { apiClient, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { codeIn, startSmtpServer, testCertificate } from '../helpers/smtp.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

const SMTP_USER = 'guru@acme.com';
const SMTP_PASSWORD = 'Smtp-e2e-Secret-9931';
const NEW_PASSWORD = 'a much better password';

/**
 * `guru account set --smtp`, `guru password forgot` and `guru password reset` with the built
 * binary, a real daemon and a real SMTP server (STARTTLS, AUTH) in this process. The daemon
 * trusts the test's certificate the standard way, NODE_EXTRA_CA_CERTS: its own code checks
 * certificates as in production. (Expiry after 15 minutes, throttling and the STARTTLS
 * refusal are in test/daemon/recovery-mail.test.ts, with a test clock.)
 */
describe('password recovery by email, end to end', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;

  beforeAll(async () => {
    const certificate = await testCertificate();
    smtp = await startSmtpServer({ certificate, user: SMTP_USER, password: SMTP_PASSWORD });
    dir = await makeTempDir();
    home = join(dir, 'data');
    await writeFile(join(dir, 'smtp-ca.pem'), certificate.cert);
    env = { XDG_CONFIG_HOME: join(dir, 'config'), NODE_EXTRA_CA_CERTS: join(dir, 'smtp-ca.pem'), GURU_TRANSPORT: 'memory' };
    await seedTeam(home);
    daemon = await startDaemon(home, { env });
  });
  afterAll(async () => {
    await daemon?.stop();
    await smtp?.close();
    await removeDir(dir);
  });

  it('forgot without a mail server: a clear error pointing to an admin', async () => {
    const result = await guru(home, ['password', 'forgot', '--email', 'bia@acme.com'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/password recovery by email is not set up on this Guru server — ask an admin .*guru user passwd/);
  });

  it('account set --smtp: the password asked for off argv, kept 0600 apart from the state, shown masked', async () => {
    const bad = await guru(home, ['account', 'set', '--smtp', `smtp://guru:${SMTP_PASSWORD}@127.0.0.1:0`, '--mail-from', 'guru@acme.com'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--smtp port must be from 1 to 65535/);
    expect(bad.stderr).not.toContain(SMTP_PASSWORD);
    const noPassword = await guru(home, ['account', 'set', '--smtp', `smtp://guru%40acme.com@127.0.0.1:${smtp.port}`, '--mail-from', 'guru@acme.com'], { env });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/names a user but no password — pipe it with --smtp-password-stdin/);

    const set = await guruOk(
      home,
      ['account', 'set', '--smtp', `smtp://guru%40acme.com@127.0.0.1:${smtp.port}`, '--mail-from', 'guru@acme.com', '--smtp-password-stdin', '--json'],
      { env, stdin: `${SMTP_PASSWORD}\n` },
    );
    const masked = `smtp://guru%40acme.com:****@127.0.0.1:${smtp.port}`;
    expect(JSON.parse(set.stdout)).toMatchObject({ smtp: masked, mailFrom: 'guru@acme.com' });
    const shown = await guruOk(home, ['account', 'show'], { env });
    expect(shown.stdout).toContain(`SMTP\t${masked}`);
    expect(shown.stdout).toContain('Session idle\t12h');
    expect((await stat(join(home, 'mail', 'smtp.json'))).mode & 0o777).toBe(0o600);
  });

  it('forgot → the mail arrives → reset logs in, ends the old sessions and their streams; the code works once', async () => {
    const old = (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token;
    const events: WatchEvent[] = [];
    const stream = await apiClient(home, old).watch((e) => events.push(e));
    let ended = false;
    void stream.done.then(() => (ended = true));

    const forgot = await guruOk(home, ['password', 'forgot', '--email', 'bia@acme.com'], { env });
    expect(forgot.stderr).toMatch(/If bia@acme\.com has an account here, a code is on its way to it \(valid for 15 minutes\)/);
    await waitFor(() => smtp.mails.some((m) => m.to.includes('bia@acme.com')));
    const mail = smtp.mails.find((m) => m.to.includes('bia@acme.com'))!;
    expect(mail).toMatchObject({ from: 'guru@acme.com', user: SMTP_USER, secure: true });
    const code = codeIn(mail);

    const reset = await guruOk(home, ['password', 'reset', '--email', 'bia@acme.com', '--code', code, '--password-stdin', '--json'], {
      env,
      stdin: NEW_PASSWORD,
    });
    expect(JSON.parse(reset.stdout)).toMatchObject({ email: 'bia@acme.com' });
    // The session the reset opened is the one now saved: bia is logged in on this machine.
    expect(JSON.parse((await guruOk(home, ['whoami', '--json'], { env })).stdout)).toMatchObject({ user: { email: 'bia@acme.com' } });
    await waitFor(() => ended);
    expect(events.at(-1)).toMatchObject({ type: 'closed', relogin: true, reason: expect.stringMatching(/new password/) });
    await expect(apiClient(home, old).whoami()).rejects.toMatchObject({ code: 'unauthenticated' });

    const again = await guru(home, ['password', 'reset', '--email', 'bia@acme.com', '--code', code, '--password-stdin'], { env, stdin: 'one more password' });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/wrong or expired code for bia@acme\.com — ask for a new one with `guru password forgot --email bia@acme\.com`/);
    await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { env, stdin: NEW_PASSWORD });
  });

  it('an unknown email: the same answer, and no mail', async () => {
    const known = await guruOk(home, ['password', 'forgot', '--email', 'caio@acme.com', '--json'], { env });
    const unknown = await guruOk(home, ['password', 'forgot', '--email', 'nobody@acme.com', '--json'], { env });
    expect(unknown.stdout).toBe(known.stdout);
    const human = await guruOk(home, ['password', 'forgot', '--email', 'nobody2@acme.com'], { env });
    expect(human.stderr).toMatch(/If nobody2@acme\.com has an account here, a code is on its way/);
    // Mails go out in the order they were asked for: once a later one has come, an earlier one would have too.
    await guruOk(home, ['password', 'forgot', '--email', 'ana@acme.com'], { env });
    await waitFor(() => smtp.mails.some((m) => m.to.includes('ana@acme.com')));
    expect(smtp.mails.flatMap((m) => m.to).filter((to) => to.startsWith('nobody'))).toEqual([]);
  });

  it('a malformed code or email is a clear error; the SMTP password is nowhere but its own file', async () => {
    const bad = await guru(home, ['password', 'reset', '--email', 'caio@acme.com', '--code', 'abc', '--password-stdin'], { env, stdin: NEW_PASSWORD });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/the code is 8 digits/);
    const email = await guru(home, ['password', 'forgot', '--email', 'caio'], { env });
    expect(email.code).toBe(1);
    expect(email.stderr).toMatch(/not a valid email address/);
    await daemon.stop(); // the log flushed
    for (const file of ['state.json', 'audit.jsonl', 'daemon.log', 'sessions.jsonl']) {
      expect(await readFile(join(home, file), 'utf8'), file).not.toContain(SMTP_PASSWORD);
    }
    expect(await readFile(join(home, 'mail', 'smtp.json'), 'utf8')).toContain(SMTP_PASSWORD);
    daemon = await startDaemon(home, { env }, ['--listen', '127.0.0.1:0']);
    expect((await guruJson<{ smtp: string }>(home, ['account', 'show'])).smtp).toMatch(/:\*\*\*\*@/);
  });

  it('from another machine (--server, over TLS): forgot and reset with the pinned certificate; the session is remembered for that server', async () => {
    const server = daemon.listen!.address;
    const fingerprint = daemon.listen!.fingerprint!;
    const laptopHome = join(dir, 'laptop-data');
    const laptop = { ...env, XDG_CONFIG_HOME: join(dir, 'laptop-config') };
    const before = smtp.mails.length;
    const forgot = await guruOk(laptopHome, ['password', 'forgot', '--server', server, '--fingerprint', fingerprint, '--email', 'caio@acme.com'], {
      env: laptop,
    });
    expect(forgot.stderr).toMatch(
      new RegExp(`has an account on ${server}, a code is on its way.*\\n.*guru password reset --server ${server} --email caio@acme.com`, 's'),
    );
    await waitFor(() => smtp.mails.slice(before).some((m) => m.to.includes('caio@acme.com')));
    const mail = smtp.mails.slice(before).find((m) => m.to.includes('caio@acme.com'))!;
    const code = codeIn(mail);
    expect(mail.text).toContain(`guru password reset --server ${server} --email caio@acme.com --code ${code}`); // the daemon's door
    await guruOk(
      laptopHome,
      ['password', 'reset', '--server', server, '--fingerprint', fingerprint, '--email', 'caio@acme.com', '--code', code, '--password-stdin'],
      {
        env: laptop,
        stdin: NEW_PASSWORD,
      },
    );
    // The server is now the laptop's default, logged in as caio; the server lists where it came from.
    expect(JSON.parse((await guruOk(laptopHome, ['whoami', '--json'], { env: laptop })).stdout)).toMatchObject({ user: { email: 'caio@acme.com' } });
    const sessions = await guruJson<{ source: string }[]>(home, ['user', 'sessions', 'caio@acme.com']);
    expect(sessions.map((s) => s.source)).toEqual(['127.0.0.1']);
    // A wrong pin: refused before anything is sent.
    const wrong = await guru(laptopHome, ['password', 'forgot', '--server', server, '--fingerprint', `sha256:${'0'.repeat(64)}`, '--email', 'ana@acme.com'], {
      env: laptop,
    });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toMatch(/refused, nothing was sent/);
  });
});
