import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

/**
 * `guru chat note` end to end: the built binary against a real daemon on the memory transport.
 * A note with @mentions reaches no transport, is told to the named colleague who sees the chat
 * (a line in their `guru tail`), and nothing of it reaches a colleague who does not.
 */
describe('internal notes and mentions (guru chat note, guru tail)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  const tails: ChildProcess[] = [];
  const as = (email: string) => ['--as', email];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
  });
  afterAll(async () => {
    for (const t of tails) t.kill('SIGINT');
    await daemon.stop();
    await removeDir(dir);
  });

  /** `guru tail` as `email`, its output so far. */
  function tail(email: string, json = false) {
    const child = spawn(process.execPath, [GURU_BIN, 'tail', ...(json ? ['--json'] : []), ...as(email)], { env: { ...process.env, GURU_HOME: home } });
    tails.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    return () => out;
  }

  it('a note with @bia: nothing to WhatsApp; Bia sees it and her tail rings; Caio, named without access, gets nothing anywhere', async () => {
    await phone.write({ from: '5511977771234@s.whatsapp.net', text: 'Oi, quero negociar' });
    const [chat] = await guruJson<{ id: string }[]>(home, ['chat', 'list', '--json', ...as('ana@acme.com')]);
    await guruOk(home, ['chat', 'assign', chat!.id, '--user', 'bia@acme.com', ...as('ana@acme.com')]);
    const bia = tail('bia@acme.com');
    const caio = tail('caio@acme.com', true);
    await waitFor(() => bia().includes('following as Bia') && caio().includes('"snapshot"'), 30_000);
    const outboxBefore = (await phone.outbox()).length;

    const result = await guruJson<{ note: { id: string; direction: string }; mentions: { email: string; notified: boolean }[] }>(home, [
      'chat',
      'note',
      chat!.id,
      '@bia @caio: sigilo, o cliente é parente do dono',
      '--json',
      ...as('ana@acme.com'),
    ]);
    expect(result.note.direction).toBe('note');
    expect(result.mentions).toEqual([
      { email: 'bia@acme.com', name: 'Bia', notified: true },
      { email: 'caio@acme.com', name: 'Caio', notified: false },
    ]);
    await waitFor(() => bia().includes('🔔 Ana Souza mentioned you in a note'), 30_000);
    expect(bia()).toContain('@bia @caio: sigilo, o cliente é parente do dono');
    await new Promise((r) => setTimeout(r, 300)); // room for anything that should not arrive
    expect(caio()).not.toContain('sigilo');
    expect(caio()).not.toContain('"mention"');
    expect((await phone.outbox()).length).toBe(outboxBefore);

    const shown = await guruOk(home, ['chat', 'show', chat!.id, ...as('bia@acme.com')]);
    expect(shown.stdout).toMatch(/✎ note by Ana Souza: @bia @caio: sigilo/);
    const hidden = await guru(home, ['chat', 'show', chat!.id, ...as('caio@acme.com')]);
    expect(hidden.code).toBe(5);
    expect(await guruJson<unknown[]>(home, ['chat', 'list', '--status', 'all', '--search', 'sigilo', '--json', ...as('caio@acme.com')])).toEqual([]);
    const found = await guruJson<{ id: string }[]>(home, ['chat', 'list', '--search', 'sigilo', '--json', ...as('bia@acme.com')]);
    expect(found.map((c) => c.id)).toEqual([chat!.id]);
    for (const t of tails.splice(0)) t.kill('SIGINT');
  });

  it("Bia's inbox, in a real terminal, rings (BEL) and marks the chat @ when a note mentions her", async () => {
    await phone.write({ from: '5511977775678@s.whatsapp.net', text: 'Outro assunto' });
    const chats = await guruJson<{ id: string; customer: string }[]>(home, ['chat', 'list', '--json', ...as('ana@acme.com')]);
    const chat = chats.find((c) => c.customer === '+5511977775678')!;
    await guruOk(home, ['chat', 'assign', chat.id, '--user', 'bia@acme.com', ...as('ana@acme.com')]);
    const env = { GURU_HOME: home, XDG_CONFIG_HOME: join(dir, 'config-bia'), GURU_TRANSPORT: 'memory' };
    await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { env, stdin: PASSWORD });
    const pty = new PtySession(['inbox'], env, { cols: 100, rows: 30 });
    try {
      await pty.waitFor('+5511977775678');
      await pty.waitFor('connected'); // the watch stream's snapshot is in: a mention now reaches it
      const bellsBefore = pty.raw.split('\u0007').length - 1;
      expect(pty.text).not.toMatch(/5511977775678 .* @/);
      await guruOk(home, ['chat', 'note', chat.id, '@bia liga pra ele hoje?', ...as('ana@acme.com')]);
      await pty.waitFor('Ana Souza mentioned you in a note');
      await pty.waitFor(/5511977775678 .* @/);
      expect(pty.raw.split('\u0007').length - 1).toBe(bellsBefore + 1);
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('an @name that fits nobody is refused (exit 1) saying so; an empty note is a usage error', async () => {
    const [chat] = await guruJson<{ id: string }[]>(home, ['chat', 'list', '--json', ...as('ana@acme.com')]);
    const unknown = await guru(home, ['chat', 'note', chat!.id, 'fala com @zeca', ...as('ana@acme.com')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no one on the team is called @zeca/);
    const neither = await guru(home, ['chat', 'note', chat!.id, ...as('ana@acme.com')]);
    expect(neither.code).toBe(2);
  });
});
