import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * Tags through the built `guru` and the real daemon: defining them, `chat tag +A -B`, the list's
 * --tag filter (all/any/none) as a normal user sees it, and a daemon restart — graceful (the
 * checkpoint) and kill -9 (the journal) — keeping every chat's tags.
 */
describe('tags (e2e)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const chat: Record<string, string> = {};
  const as = (email: string) => ['--as', email];
  const list = async (email: string, ...filter: string[]) =>
    (await guruJson<{ id: string }[]>(home, ['chat', 'list', '--status', 'all', ...filter, ...as(email)])).map((c) => c.id).sort();
  const tagsOf = async (id: string) =>
    (await guruJson<{ tags: { name: string }[] }>(home, ['chat', 'show', id, ...as('ana@acme.com')])).tags.map((t) => t.name);
  const ids = (...names: string[]) => names.map((n) => chat[n]!).sort();

  beforeAll(async () => {
    dir = await makeTempDir('guru-tags-e2e-');
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    const phone = memoryPhone(home, SP);
    for (const n of [1, 2, 3, 4]) {
      const customer = `+551197777000${n}`;
      await phone.write({ from: `${customer.slice(1)}@s.whatsapp.net`, text: `oi ${n}` });
      const found = await guruJson<{ id: string }[]>(home, ['chat', 'list', '--search', customer, ...as('ana@acme.com')]);
      chat[`c${n}`] = found[0]!.id;
      // c1–c3 are Bia's; c4 Ana's, which Bia cannot see.
      await guruOk(home, ['chat', 'assign', chat[`c${n}`]!, '--user', n === 4 ? 'ana@acme.com' : 'bia@acme.com', ...as('ana@acme.com')]);
    }
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it('defines tags, puts them on and takes them off with +Name -Name, and filters by all / any / none', async () => {
    expect((await guruOk(home, ['tag', 'add', 'Urgente', '--colour', 'red'])).stderr).toMatch(/Added tag Urgente \(red\)/);
    await guruOk(home, ['tag', 'add', 'Novo']);
    const dup = await guru(home, ['tag', 'add', 'NOVO']);
    expect([dup.code, dup.stderr]).toEqual([1, expect.stringMatching(/a tag named "Novo" already exists/)]);
    expect((await guruJson<{ name: string; colour: string }[]>(home, ['tag', 'list', '--json'])).map((t) => `${t.name}:${t.colour}`)).toEqual([
      'Novo:green',
      'Urgente:red',
    ]);

    await guruOk(home, ['chat', 'tag', chat.c1!, '+Urgente', ...as('bia@acme.com')]);
    await guruOk(home, ['chat', 'tag', chat.c2!, '+urgente', '+Novo', ...as('bia@acme.com')]);
    // `-Urgente` is a tag taken off, not an unknown option.
    const c1 = await guruJson<{ tags: { name: string; colour: string }[] }>(home, [
      'chat',
      'tag',
      chat.c1!,
      '+Novo',
      '-Urgente',
      '--json',
      ...as('bia@acme.com'),
    ]);
    expect(c1.tags).toEqual([{ id: expect.any(String), name: 'Novo', colour: 'green' }]);
    await guruOk(home, ['chat', 'tag', chat.c4!, '+Urgente', '+Novo', ...as('ana@acme.com')]);

    expect(await list('bia@acme.com', '--tag', 'Urgente,Novo')).toEqual(ids('c2'));
    expect(await list('bia@acme.com', '--tag', 'Urgente,Novo', '--tag-mode', 'any')).toEqual(ids('c1', 'c2'));
    expect(await list('bia@acme.com', '--tag', 'Urgente', '--tag-mode', 'none')).toEqual(ids('c1', 'c3'));
    expect(await list('ana@acme.com', '--tag', 'Urgente,Novo', '--tag-mode', 'all')).toEqual(ids('c2', 'c4'));
    expect(await list('ana@acme.com', '--tag', 'novo', '--tag-mode', 'none')).toEqual(ids('c3'));

    // The table shows them; a chat Bia cannot see answers like one that does not exist.
    expect((await guruOk(home, ['chat', 'show', chat.c2!, ...as('bia@acme.com')])).stdout).toMatch(/Tags\s+Urgente, Novo/);
    const hidden = await guru(home, ['chat', 'tag', chat.c4!, '-Urgente', ...as('bia@acme.com')]);
    const missing = await guru(home, ['chat', 'tag', 'nochat0000', '-Urgente', ...as('bia@acme.com')]);
    expect([hidden.code, missing.code]).toEqual([5, 5]);
    expect(hidden.stderr.replace(chat.c4!, 'X')).toBe(missing.stderr.replace('nochat0000', 'X'));
    // Bad input: what was wrong and what to do.
    const bare = await guru(home, ['chat', 'tag', chat.c1!, 'Urgente', ...as('bia@acme.com')]);
    expect([bare.code, bare.stderr]).toEqual([2, expect.stringMatching(/write \+Name to put a tag on, -Name to take it off/)]);
    const unknown = await guru(home, ['chat', 'list', '--tag', 'Nada', ...as('bia@acme.com')]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no tag named "Nada" — the tags are: Urgente, Novo/);
    const mode = await guru(home, ['chat', 'list', '--tag', 'Novo', '--tag-mode', 'some', ...as('bia@acme.com')]);
    expect(mode.code).toBe(2);

    const audit = await guruJson<{ action: string; target: string; details?: Record<string, unknown> }[]>(home, ['audit', '--json']);
    expect(audit.filter((a) => a.action === 'tag.add').map((a) => a.target)).toEqual(['Urgente', 'Novo']);
    expect(audit.filter((a) => a.action === 'chat.tagged' && a.target === chat.c1)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ add: ['Urgente'], remove: [] }) }),
      expect.objectContaining({ details: expect.objectContaining({ add: ['Novo'], remove: ['Urgente'] }) }),
    ]);
  });

  it('keeps every chat’s tags across a restart (checkpoint) and a kill -9 (journal); rename and remove reach every chat', async () => {
    const before = { c1: await tagsOf(chat.c1!), c2: await tagsOf(chat.c2!), c3: await tagsOf(chat.c3!), c4: await tagsOf(chat.c4!) };
    expect(before).toEqual({ c1: ['Novo'], c2: ['Urgente', 'Novo'], c3: [], c4: ['Urgente', 'Novo'] });
    await daemon.stop();
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    expect({ c1: await tagsOf(chat.c1!), c2: await tagsOf(chat.c2!), c3: await tagsOf(chat.c3!), c4: await tagsOf(chat.c4!) }).toEqual(before);

    // A change after the checkpoint, then no goodbye at all: the journal alone brings it back.
    await guruOk(home, ['chat', 'tag', chat.c3!, '+Novo', ...as('bia@acme.com')]);
    process.kill(daemon.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    expect(await tagsOf(chat.c3!)).toEqual(['Novo']);
    expect(await list('bia@acme.com', '--tag', 'Novo')).toEqual(ids('c1', 'c2', 'c3'));

    await guruOk(home, ['tag', 'rename', 'Novo', 'Recente']);
    expect(await tagsOf(chat.c2!)).toEqual(['Urgente', 'Recente']);
    expect((await guruOk(home, ['tag', 'remove', 'urgente'])).stderr).toMatch(/Removed tag Urgente \(taken off 2 chats\)/);
    expect({ c1: await tagsOf(chat.c1!), c2: await tagsOf(chat.c2!), c3: await tagsOf(chat.c3!), c4: await tagsOf(chat.c4!) }).toEqual({
      c1: ['Recente'],
      c2: ['Recente'],
      c3: ['Recente'],
      c4: ['Recente'],
    });
  });
});
