import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
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
 * `guru quick` and `guru chat send --quick` for real: the built binary against a daemon with
 * the in-memory WhatsApp. The customer receives the reply filled in and signed.
 */
describe('quick replies from the command line', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  let chat: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(
      home,
      ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--visible-name', 'Bia', '--perm', 'chats.send', '--dept', 'Vendas', '--password-stdin'],
      pw,
    );
    await guruOk(home, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio Reis', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
    await phone.write({ from: '5511988880001@s.whatsapp.net', text: 'Quanto custa?', pushName: 'Maria Cliente' });
    chat = (await guruJson<{ id: string }[]>(home, ['chat', 'list', '--mine', '--as', 'bia@acme.com']))[0]!.id;
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('add, list, edit, remove; a shared one needs quick_replies.manage; another person’s is not found', async () => {
    const mine = await guruJson<{ shortcut: string; scope: string }>(home, ['quick', 'add', 'Minha', 'Oi {cliente}', '--as', 'bia@acme.com', '--json']);
    expect(mine).toMatchObject({ shortcut: '/minha', scope: 'user' });
    const shared = await guru(home, ['quick', 'add', '/todos', 'Para todos', '--everyone', '--as', 'bia@acme.com']);
    expect(shared.code).toBe(5);
    expect(shared.stderr).toMatch(/quick_replies\.manage/);
    // The admin (owner token) shares one with the department.
    await guruOk(home, ['quick', 'add', '/preco', 'Olá {cliente}! O plano anual sai por R$ 1.200. — {agente}', '--dept', 'Vendas']);
    const listed = await guruJson<{ shortcut: string; scope: string; department: string | null }[]>(home, ['quick', 'list', '--as', 'bia@acme.com', '--json']);
    expect(listed.map((r) => [r.shortcut, r.scope, r.department])).toEqual([
      ['/minha', 'user', null],
      ['/preco', 'department', 'Vendas'],
    ]);
    expect(await guruJson(home, ['quick', 'list', '--as', 'caio@acme.com', '--json'])).toEqual([]);
    const hidden = await guru(home, ['quick', 'remove', '/minha', '--as', 'caio@acme.com']);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/no quick reply "\/minha" among yours — see `guru quick list`/);
    const bad = await guru(home, ['quick', 'add', '/x', 'Oi {nome}', '--as', 'bia@acme.com']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown placeholder \{nome\}/);
    await guruOk(home, ['quick', 'edit', '/minha', 'Oi de novo, {cliente}', '--shortcut', '/oi', '--as', 'bia@acme.com']);
    await guruOk(home, ['quick', 'remove', '/oi', '--as', 'bia@acme.com']);
    expect((await guruJson<{ shortcut: string }[]>(home, ['quick', 'list', '--as', 'bia@acme.com', '--json'])).map((r) => r.shortcut)).toEqual(['/preco']);
  });

  it('chat send --quick: the daemon fills {cliente} and {agente}, the customer gets it signed', async () => {
    const sent = await guruJson<{ text: string }>(home, ['chat', 'send', chat, '--quick', '/preco', '--as', 'bia@acme.com', '--json']);
    const text = '*Bia:*\nOlá Maria Cliente! O plano anual sai por R$ 1.200. — Bia';
    expect(sent.text).toBe(text);
    const out = await until('the reply in the outbox', async () => (await phone.outbox()).find((m) => m.text.includes('plano anual')));
    expect(out.text).toBe(text);
    const both = await guru(home, ['chat', 'send', chat, 'oi', '--quick', '/preco', '--as', 'bia@acme.com']);
    expect(both.code).toBe(2);
    // Caio is in no department: Vendas' reply is not his to use.
    await guruOk(home, ['chat', 'assign', chat, '--user', 'caio@acme.com', '--as', 'ana@acme.com']);
    const caio = await guru(home, ['chat', 'send', chat, '--quick', '/preco', '--as', 'caio@acme.com']);
    expect(caio.code).toBe(1);
    expect(caio.stderr).toMatch(/no quick reply "\/preco" among yours/);
  });

  it('in the inbox (a real terminal): /pre, Tab, Enter — the customer gets the filled reply, signed; Alt-e writes the next one in $EDITOR', async () => {
    // Bia's own session, in a config dir of this test alone.
    const env = { GURU_HOME: home, XDG_CONFIG_HOME: join(dir, 'config'), GURU_TRANSPORT: 'memory' };
    await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD, env });
    // An editor that notes the file it was given (path, mode, what it held), then saves two lines.
    const seen = join(dir, 'editor-saw');
    const editor = join(dir, 'editor.sh');
    await writeFile(
      editor,
      `#!/bin/sh\nprintf '%s\\n' "$1" > ${seen}\nstat -c %a "$1" >> ${seen}\ncat "$1" >> ${seen}\nprintf 'Segue a proposta completa:\\nvalidade de 10 dias.\\n' > "$1"\n`,
    );
    await chmod(editor, 0o755);
    await phone.write({ from: '5511977770002@s.whatsapp.net', text: 'Qual o preço?', pushName: 'João Cliente' });

    const pty = new PtySession(['inbox'], { ...env, EDITOR: editor }, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('Bia Lima <bia@acme.com>');
      await pty.waitFor('João Cliente');
      pty.type('\r'); // open the chat at the cursor: João's, the only one in Mine
      await pty.waitFor('signed *Bia:*');
      pty.type('r');
      await pause(150);
      pty.type('/pre');
      await pty.waitFor('› /preco');
      pty.type('\t');
      await pty.waitFor('Olá João Cliente!'); // filled in by the daemon, in the composer
      pty.type('\r');
      const filled = '*Bia:*\nOlá João Cliente! O plano anual sai por R$ 1.200. — Bia';
      const sent = await until('the quick reply in the outbox', async () => (await phone.outbox()).find((m) => m.to.startsWith('5511977770002')));
      expect(sent.text).toBe(filled);

      pty.type('Rascunho');
      await pty.waitFor('Rascunho');
      pty.type('\u001be'); // Alt-e
      await pty.waitFor('validade de 10 dias.');
      pty.type('\r');
      const long = await until('the edited reply in the outbox', async () =>
        (await phone.outbox()).find((m) => m.to.startsWith('5511977770002') && m.text.includes('proposta')),
      );
      expect(long.text).toBe('*Bia:*\nSegue a proposta completa:\nvalidade de 10 dias.');
      const [path, mode, draft] = (await readFile(seen, 'utf8')).split('\n');
      expect([mode, draft]).toEqual(['600', 'Rascunho']);
      await expect(stat(path!)).rejects.toMatchObject({ code: 'ENOENT' });

      pty.type('\u001b'); // leave the composer
      await pause(150);
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });
});
