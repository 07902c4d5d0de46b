import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP } from '../helpers/team.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

/**
 * `guru inbox` for real: the built binary in a pseudo-terminal against a real daemon with the
 * in-memory WhatsApp. An agent logs in, a customer writes, the agent answers (signed) and
 * hands the chat to a colleague.
 */
describe('guru inbox', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    env = { GURU_HOME: home, XDG_CONFIG_HOME: join(dir, 'config'), GURU_TRANSPORT: 'memory' };
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(
      home,
      ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--visible-name', 'Bia', '--perm', 'chats.send,chats.transfer', '--password-stdin'],
      pw,
    );
    await guruOk(home, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio Reis', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('off a terminal exits 2 and points to `guru chat list --json`', async () => {
    const result = await guru(home, ['inbox'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/guru chat list --json/);
  });

  it('without a daemon exits 3 before taking the screen, saying how to start it', async () => {
    const pty = new PtySession(['inbox'], { ...env, GURU_HOME: join(dir, 'elsewhere') }, { cols: 80, rows: 24 });
    try {
      expect(await pty.exited()).toBe(3);
      expect(pty.text).toMatch(/guru daemon start/);
    } finally {
      pty.pty.kill();
    }
  });

  it('logs in, shows a new chat live, sends a signed reply, transfers it out of Mine, quits', async () => {
    const pty = new PtySession(['inbox'], env, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('log in');
      pty.type('bia@acme.com');
      await pause(150);
      pty.type('\r');
      await pause(150);
      pty.type(PASSWORD);
      await pause(150);
      pty.type('\r');
      await pty.waitFor('Bia Lima <bia@acme.com>');
      await pty.waitFor('1 online');

      await phone.write({ from: '5511988880001@s.whatsapp.net', text: 'Quero um orçamento', pushName: 'Maria Cliente' });
      await pty.waitFor('Maria Cliente');
      await pty.waitFor('Mine 1');
      // Down to 80×24: the layout switches to one pane at a time and everything still works.
      pty.pty.resize(80, 24);
      await pause(300);

      pty.type('\r'); // open the chat at the cursor
      await pty.waitFor('signed *Bia:*');
      pty.type('r');
      await pause(150);
      pty.type('Olá Maria, já te envio');
      await pty.waitFor('Olá Maria, já te envio'); // on screen first: text and Enter in one read would be a paste
      await pause(50);
      pty.type('\r');
      const sent = await until('the reply in the outbox', async () => (await phone.outbox()).find((m) => m.text.includes('já te envio')));
      expect(sent.text).toBe('*Bia:*\nOlá Maria, já te envio');
      expect(sent.to).toContain('5511988880001');
      await pty.waitFor('✓');

      pty.type('\u001b'); // leave the composer
      await pause(150);
      pty.type('t');
      await pty.waitFor('Transfer to');
      pty.type('caio');
      await pause(150);
      const before = pty.text.length;
      pty.type('\r');
      await until('the transfer on screen', () => (pty.text.slice(before).includes('transferred to Caio Reis') ? true : undefined));
      await until('Mine to empty', () => (pty.text.slice(before).includes('Mine 0') ? true : undefined));
      expect(await guruJson<unknown[]>(home, ['chat', 'list', '--mine', '--as', 'bia@acme.com'])).toEqual([]);
      const caio = await guruJson<{ assignee: { ref: string } }[]>(home, ['chat', 'list', '--mine', '--as', 'caio@acme.com']);
      expect(caio.map((c) => c.assignee.ref)).toEqual(['user:caio@acme.com']);

      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('with the saved session it opens straight on the inbox; ? shows the keys; Ctrl-C leaves', async () => {
    const pty = new PtySession(['inbox'], env, { cols: 80, rows: 24 });
    try {
      await pty.waitFor('Bia Lima <bia@acme.com>');
      expect(pty.text).not.toContain('log in');
      pty.type('?');
      await pty.waitFor('Keys — ?, Esc or q closes this');
      pty.type('\u0003');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('n starts a conversation through the daemon: the chat opens, the customer gets the signed first message', async () => {
    await guruOk(home, ['user', 'edit', 'bia@acme.com', '--add-perm', 'chats.start']);
    const pty = new PtySession(['inbox'], env, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('Bia Lima <bia@acme.com>');
      pty.type('n');
      await pty.waitFor('New conversation');
      pty.type('+55 11 97777-0000');
      await pty.waitFor('97777-0000'); // on screen first: text and Enter in one read would be a paste
      pty.type('\r');
      await pause(150);
      pty.type('Olá! Aqui é a Acme.');
      await pty.waitFor('Aqui é a Acme.');
      pty.type('\r');
      await pty.waitFor('started a chat with +5511977770000');
      const sent = await until('the first message in the outbox', async () => (await phone.outbox()).find((m) => m.to.startsWith('5511977770000')));
      expect(sent.text).toBe('*Bia:*\nOlá! Aqui é a Acme.');
      const mine = await guruJson<{ customer: string; assignee: { ref: string } }[]>(home, ['chat', 'list', '--mine', '--as', 'bia@acme.com']);
      expect(mine).toEqual([expect.objectContaining({ customer: '+5511977770000', assignee: expect.objectContaining({ ref: 'user:bia@acme.com' }) })]);
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('an edit, a deletion, a quoted reply and reactions show on the screen; a file attached by path (Tab completes it) is sent', async () => {
    const maria = '5511966660000@s.whatsapp.net';
    await phone.write({ from: maria, id: 'M1', text: 'Quero 2 caixas', pushName: 'Maria Mídia' });
    await phone.write({ from: maria, id: 'M1E', content: { type: 'edit', target: 'M1', text: 'Quero 3 caixas' } });
    await phone.write({ from: maria, id: 'M2', text: 'meu cpf é 123.456.789-00' });
    await phone.write({ from: maria, id: 'M2D', content: { type: 'delete', target: 'M2' } });
    const pdf = join(dir, 'files', 'proposta-maria.pdf');
    await mkdir(join(dir, 'files'), { recursive: true });
    await writeFile(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const pty = new PtySession(['inbox'], env, { cols: 100, rows: 30 });
    /** Types `keys`, then waits for `shows` in what the screen drew after them (each key waits for its effect: keys in one read would be a paste). */
    const press = async (keys: string, shows: RegExp | string) => {
      const mark = pty.text.length;
      pty.type(keys);
      await until(`${shows} after ${JSON.stringify(keys)}`, () => {
        const after = pty.text.slice(mark);
        return (typeof shows === 'string' ? after.includes(shows) : shows.test(after)) ? true : undefined;
      });
    };
    const UP = '\u001b[A';
    try {
      // Maria's is the newest chat: at the top of Mine, under the cursor.
      await pty.waitFor(/▌Maria Mídia/);
      await press('\r', 'Maria Mídia · edited');
      await pty.waitFor('Quero 3 caixas');
      await pty.waitFor('Maria Mídia · deleted by the customer');
      expect(pty.text).not.toContain('Quero 2 caixas');

      // ↑ selects the edited message (the deleted one is the latest); > quotes it in the reply.
      await press(UP, /▌← \d\d:\d\d Maria Mídia · edited/);
      await press('>', '↪ replying to “Quero 3 caixas”');
      await press('Temos sim', '› Temos sim█');
      pty.type('\r');
      const reply = await until('the quoting reply in the outbox', async () => (await phone.outbox()).find((m) => m.text.includes('Temos sim')));
      expect(reply.content).toMatchObject({ type: 'text', replyTo: 'M1' });
      await pty.waitFor('↪ “Quero 3 caixas”');

      // The customer reacts to the reply: under it, by name.
      await phone.write({ from: maria, id: 'R1', content: { type: 'reaction', target: reply.id, emoji: '👍' } });
      await pty.waitFor('👍 Maria Mídia');

      // Bia reacts ❤️ to the customer's edited message (e, 2).
      await press('\u001b', 'r reply · N note · t transfer');
      await press(UP, /▌ meu cpf/);
      await press(UP, /▌ Quero 3 caixas/);
      await press('e', 'React to “Quero 3 caixas”');
      pty.type('2');
      const heart = await until('the reaction in the outbox', async () => (await phone.outbox()).find((m) => m.content.type === 'reaction'));
      expect(heart.content).toEqual({ type: 'reaction', target: 'M1', emoji: '❤️' });
      await pty.waitFor('❤️ Bia Lima');

      // a: the path, completed by Tab; Enter attaches it; the reply is its caption; Enter sends.
      await press('a', 'Attach ›');
      await press(join(dir, 'files', 'propo'), 'propo█');
      await press('\t', 'proposta-maria.pdf█');
      await press('\r', '📎 proposta-maria.pdf');
      await press('segue a proposta', 'the reply is its caption');
      pty.type('\r');
      const sent = await until('the file in the outbox', async () => (await phone.outbox()).find((m) => m.content.type === 'document'));
      expect(sent.content).toMatchObject({
        type: 'document',
        fileName: 'proposta-maria.pdf',
        mimetype: 'application/pdf',
        caption: '*Bia:*\nsegue a proposta',
      });
      expect((sent.content as { sha256?: string }).sha256).toBe(
        createHash('sha256')
          .update(await readFile(pdf))
          .digest('hex'),
      );
      await pty.waitFor('proposta-maria.pdf sent');
      await press('\u001b', 'r reply · N note · t transfer');
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('a pasted `email⏎password⏎` logs in; the password never reaches the screen', async () => {
    // A config dir of its own: no saved session, so the form shows.
    const pty = new PtySession(['inbox'], { ...env, XDG_CONFIG_HOME: join(dir, 'paste-config') }, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('log in');
      // The form's key listener is attached after its first paint (under load, long after it):
      // typed keys showing in the field prove it is there before the paste goes in.
      pty.type('bia@acme.co');
      await pty.waitFor('bia@acme.co');
      pty.type(`m\r${PASSWORD}\r`); // one write: the terminal hands it over in one read, as a paste
      await pty.waitFor('Bia Lima <bia@acme.com>');
      expect(pty.raw).not.toContain(PASSWORD);
      expect(pty.raw).not.toContain(PASSWORD.split(' ')[0]);
      pty.type('q');
      expect(await pty.exited()).toBe(0);
      expect(pty.raw).not.toContain(PASSWORD.split(' ')[0]);
    } finally {
      pty.pty.kill();
    }
  });
});
