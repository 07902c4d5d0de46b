import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { until } from '../helpers/linked-phone.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP } from '../helpers/team.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The team panel in the real inbox (a pseudo-terminal, the real daemon, the in-memory WhatsApp):
 * the admin opens it with `P`; a customer writes and starts waiting for Bia; the panel shows it
 * without a key pressed. An agent without reports.view gets a notice instead of a panel.
 */
describe('the team panel in the inbox', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    env = { GURU_HOME: home, XDG_CONFIG_HOME: join(dir, 'config'), GURU_TRANSPORT: 'memory' };
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP, '--label', 'Vendas']);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  async function logIn(email: string): Promise<PtySession> {
    const pty = new PtySession(['inbox'], { ...env, XDG_CONFIG_HOME: join(dir, `config-${email}`) }, { cols: 100, rows: 30 });
    await pty.waitFor('log in');
    pty.type(email);
    await pause(150);
    pty.type('\r');
    await pause(150);
    pty.type(PASSWORD);
    await pause(150);
    pty.type('\r');
    await pty.waitFor(`<${email}>`);
    return pty;
  }

  it('P opens it; a customer starting to wait for Bia shows up on it live', async () => {
    const pty = await logIn('ana@acme.com');
    try {
      // A key pressed while the inbox is still taking its first snapshot can be missed (seen on a
      // loaded machine): P again until the panel shows.
      for (let tries = 0; ; tries++) {
        pty.type('P');
        const shown = await pty.waitFor('Team panel', 10_000).then(
          () => true,
          () => false,
        );
        if (shown) break;
        if (tries === 5) throw new Error(`P never opened the panel; screen so far:\n${pty.text}`);
      }
      await pty.waitFor(/bia@acme\.com\s+offline\s+0\s+0\s+—/);
      await pty.waitFor(/Unassigned: 0 open, 0 waiting/);
      await pty.waitFor(/\+5511999990000 Vendas\s+connected\s+user:bia@acme\.com/);

      const before = pty.text.length;
      await memoryPhone(home, SP).write({ from: '5511988880001@s.whatsapp.net', text: 'Alguém aí?', pushName: 'Maria' });
      // No key pressed: the watch stream's news reloads the panel. Bia holds 1 chat, 1 customer waiting.
      await until('the waiting customer on the panel', () => (/bia@acme\.com\s+offline\s+1\s+1\s+\d+s/.test(pty.text.slice(before)) ? true : undefined));

      const open = pty.text.length;
      pty.type('\u001b'); // Esc closes it: back to the chat list
      await until('the chat list again', () => (/Mine \d/.test(pty.text.slice(open)) ? true : undefined));
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('an agent without reports.view is told so, and sees no panel', async () => {
    const pty = await logIn('bia@acme.com');
    try {
      const before = pty.text.length;
      pty.type('P');
      await until('the notice', () => (pty.text.slice(before).includes('reports.view') ? true : undefined));
      expect(pty.text.slice(before)).not.toContain('Team panel');
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });
});
