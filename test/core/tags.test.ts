import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import type { EngineEvent } from '../../src/core/events.js';
import { isGuruError } from '../../src/core/errors.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';
import { dropCheckpoint } from '../helpers/raw-store.js';

const PHONE = '+5511999990000';
const PW = 'correct horse';

/**
 * Tags: the team's definitions (state) and which chats wear them (journal, checkpoint), over a
 * real store and journal. A seeded set of chats: c1 wears Urgente, c2 Novo, c3 both, c4 none,
 * c5 both but is Ana's (Bia, a normal user, sees only c1–c4: they are hers).
 */
describe('tags', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let events: EngineEvent[];

  async function engine() {
    journal = journalAgain(store);
    const e = new Engine({
      stores: { ...store, journal },
      conversations: { sender: { send: async () => undefined }, publish: (event) => void events.push(event) },
    });
    await e.chats.load();
    return e;
  }

  const ids = (chats: { id: string }[]) => chats.map((c) => c.id).sort();

  beforeEach(async () => {
    dir = await makeTempDir('guru-tags-');
    events = [];
    store = await testStores(join(dir, 'data'));
    const owner = new Engine({ stores: store }).as(OWNER);
    await owner.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    await owner.users.add({ email: 'tagger@acme.com', name: 'Tagger', password: PW, permissions: ['tags.manage'] });
    await owner.phones.add(PHONE);
  });
  afterEach(async () => {
    await journal?.close();
    await store.close();
    await removeDir(dir);
  });

  async function seeded() {
    const e = await engine();
    const owner = e.as(OWNER);
    const users = (await store.state.read()).users;
    const as = (email: string) => e.as({ type: 'user', userId: users.find((u) => u.email === email)!.id });
    await owner.tags.add('Urgente', 'red');
    await owner.tags.add('Novo');
    await owner.tags.add('Sem uso');
    const chat: Record<string, string> = {};
    for (const n of [1, 2, 3, 4, 5]) {
      const customer = `+551196666000${n}`;
      await e.chats.receive({
        phone: PHONE,
        id: `M${n}`,
        from: `${customer.slice(1)}@s.whatsapp.net`,
        content: textContent(`oi ${n}`),
        time: '2026-11-26T10:00:00.000Z',
      });
      chat[`c${n}`] = e.chats.index.forCustomer(PHONE, customer)!.id;
      await owner.chats.assign(chat[`c${n}`]!, { user: n === 5 ? 'ana@acme.com' : 'bia@acme.com' });
    }
    const bia = as('bia@acme.com');
    // Tagging needs only seeing the chat: Bia tags her own.
    await bia.chats.tag(chat.c1!, { add: ['urgente'] });
    await bia.chats.tag(chat.c2!, { add: ['Novo'] });
    await bia.chats.tag(chat.c3!, { add: ['URGENTE', 'novo'] });
    await owner.chats.tag(chat.c5!, { add: ['Urgente', 'Novo'] });
    return { e, owner, bia, as, chat };
  }

  it('filters all / any / none return exactly the expected chats', async () => {
    const { owner, chat } = await seeded();
    const c = (...names: string[]) => names.map((n) => chat[n]!).sort();
    expect(ids(await owner.chats.list({ tags: ['Urgente', 'Novo'], tagMode: 'all' }))).toEqual(c('c3', 'c5'));
    expect(ids(await owner.chats.list({ tags: ['Urgente', 'Novo'] }))).toEqual(c('c3', 'c5')); // all is the default
    expect(ids(await owner.chats.list({ tags: ['Urgente', 'Novo'], tagMode: 'any' }))).toEqual(c('c1', 'c2', 'c3', 'c5'));
    expect(ids(await owner.chats.list({ tags: ['Urgente', 'Novo'], tagMode: 'none' }))).toEqual(c('c4'));
    expect(ids(await owner.chats.list({ tags: ['urgênte'], tagMode: 'any' }))).toEqual(c('c1', 'c3', 'c5'));
    expect(ids(await owner.chats.list({ tags: ['Sem uso'], tagMode: 'none' }))).toEqual(c('c1', 'c2', 'c3', 'c4', 'c5'));
    const shown = (await owner.chats.list({ tags: ['Novo'] })).find((v) => v.id === chat.c3)!;
    expect(shown.tags).toEqual([expect.objectContaining({ name: 'Urgente', colour: 'red' }), expect.objectContaining({ name: 'Novo' })]);
    // An unknown tag is an error naming the tags there are, not an empty list.
    const err = await owner.chats.list({ tags: ['Nada'] }).catch((e: unknown) => e);
    expect(isGuruError(err) && err.code === 'not_found' && err.message.includes('Urgente, Novo, Sem uso')).toBe(true);
  });

  it("a normal user's tag filter never reveals a chat they cannot see", async () => {
    const { bia, chat } = await seeded();
    const c = (...names: string[]) => names.map((n) => chat[n]!).sort();
    expect(ids(await bia.chats.list({ tags: ['Urgente', 'Novo'], tagMode: 'all' }))).toEqual(c('c3'));
    expect(ids(await bia.chats.list({ tags: ['Urgente', 'Novo'], tagMode: 'any' }))).toEqual(c('c1', 'c2', 'c3'));
    expect(ids(await bia.chats.list({ tags: ['Urgente'], tagMode: 'none' }))).toEqual(c('c2', 'c4'));
    // Nor may she tag it: Ana's chat answers exactly like a chat that does not exist.
    const hidden = await bia.chats.tag(chat.c5!, { remove: ['Urgente'] }).catch((e: unknown) => e);
    const missing = await bia.chats.tag('no-such-chat', { remove: ['Urgente'] }).catch((e: unknown) => e);
    expect(isGuruError(hidden) && isGuruError(missing)).toBe(true);
    expect((hidden as Error & { code: string }).code).toBe((missing as Error & { code: string }).code);
    expect((hidden as Error).message.replace(chat.c5!, 'X')).toBe((missing as Error).message.replace('no-such-chat', 'X'));
  });

  it('tagging is journaled, audited and streamed; a rename shows everywhere; a removal takes the tag off every chat', async () => {
    const { e, owner, bia, as, chat } = await seeded();
    events.length = 0;
    const view = await bia.chats.tag(chat.c4!, { add: ['Novo'], remove: ['Urgente'] }); // Urgente it does not wear: no change
    expect(view.tags.map((t) => t.name)).toEqual(['Novo']);
    const streamed = events.filter((ev) => ev.type === 'chat');
    expect(streamed).toEqual([{ type: 'chat', chat: expect.objectContaining({ id: chat.c4, tags: [expect.objectContaining({ name: 'Novo' })] }) }]);
    const audit = await store.audit.list({});
    expect(audit.at(-1)).toMatchObject({
      actor: expect.stringContaining('bia@acme.com'),
      action: 'chat.tagged',
      target: chat.c4,
      details: { add: ['Novo'], remove: [] },
    });
    // Nothing to change: nothing journaled, nothing audited.
    const before = audit.length;
    await bia.chats.tag(chat.c4!, { add: ['Novo'] });
    expect((await store.audit.list({})).length).toBe(before);

    // Defining tags needs tags.manage.
    const denied = await bia.tags.add('Outro').catch((err: unknown) => err);
    expect(isGuruError(denied) && denied.code === 'permission_denied').toBe(true);
    const tagger = as('tagger@acme.com');
    const dup = await tagger.tags.add('novo').catch((err: unknown) => err);
    expect(isGuruError(dup) && dup.code === 'conflict').toBe(true);
    await expect(tagger.tags.add('Nóvo')).rejects.toMatchObject({ code: 'conflict' }); // accents too

    events.length = 0;
    await tagger.tags.update('Novo', { name: 'Recente', colour: 'blue' });
    const renamed = events
      .filter((ev) => ev.type === 'chat')
      .map((ev) => (ev.type === 'chat' ? ev.chat.id : ''))
      .sort();
    expect(renamed).toEqual([chat.c2, chat.c3, chat.c4, chat.c5].sort());
    expect((await owner.chats.show(chat.c3!)).tags.map((t) => `${t.name}:${t.colour}`)).toEqual(['Urgente:red', 'Recente:blue']);
    expect(ids(await owner.chats.list({ tags: ['Recente'] }))).toEqual([chat.c2, chat.c3, chat.c4, chat.c5].map((x) => x!).sort());

    const removed = await tagger.tags.remove('urgente');
    expect(removed).toMatchObject({ name: 'Urgente', chats: 3 });
    for (const c of Object.values(chat)) expect(e.chats.index.get(c)!.tags ?? []).not.toContain(removed.id);
    expect((await owner.chats.show(chat.c3!)).tags.map((t) => t.name)).toEqual(['Recente']);
    expect((await store.audit.list({})).filter((a) => a.action.startsWith('tag.')).map((a) => [a.action, a.target])).toEqual([
      ['tag.add', 'Urgente'],
      ['tag.add', 'Novo'],
      ['tag.add', 'Sem uso'],
      ['tag.update', 'Recente'],
      ['tag.remove', 'Urgente'],
    ]);
  });

  it('tags survive a restart, from the checkpoint and from the journal alone', async () => {
    const { e, chat } = await seeded();
    const tagger = e.as({ type: 'user', userId: (await store.state.read()).users.find((u) => u.email === 'tagger@acme.com')!.id });
    await e.chats.checkpoint();
    // After the checkpoint: one more tagging, and a removal, that only the journal holds.
    await e.as(OWNER).chats.tag(chat.c4!, { add: ['Sem uso'] });
    await tagger.tags.remove('Novo');
    const wanted = Object.fromEntries(
      await Promise.all(Object.entries(chat).map(async ([n, id]) => [n, (await e.as(OWNER).chats.show(id)).tags.map((t) => t.name)] as const)),
    );
    expect(wanted).toEqual({ c1: ['Urgente'], c2: [], c3: ['Urgente'], c4: ['Sem uso'], c5: ['Urgente'] });
    e.chats.stop();
    await journal.close();

    const fromCheckpoint = await engine();
    const again = async (x: Engine) =>
      Object.fromEntries(
        await Promise.all(Object.entries(chat).map(async ([n, id]) => [n, (await x.as(OWNER).chats.show(id)).tags.map((t) => t.name)] as const)),
      );
    expect(await again(fromCheckpoint)).toEqual(wanted);
    const checkpointed = fromCheckpoint.chats.index.all();
    fromCheckpoint.chats.stop();
    await journal.close();
    await dropCheckpoint(store, PHONE);
    const fromJournal = await engine();
    expect(await again(fromJournal)).toEqual(wanted);
    expect(fromJournal.chats.index.all()).toEqual(checkpointed);
    fromJournal.chats.stop();
  });

  it('refuses bad names and colours, saying what to do', async () => {
    const { owner } = await seeded();
    await expect(owner.tags.add('A,B')).rejects.toThrow(/comma/);
    await expect(owner.tags.add('+Mais')).rejects.toThrow(/must not start with/);
    await expect(owner.tags.add('Ok', 'purple')).rejects.toThrow(/red, green, yellow/);
    await expect(owner.tags.add('x'.repeat(41))).rejects.toThrow(/too long/);
    await expect(owner.chats.tag('+5511966660001', {})).rejects.toThrow(/\+Name/);
    await expect(owner.chats.tag('+5511966660001', { add: ['Novo'], remove: ['novo'] })).rejects.toThrow(/both put on and taken off/);
  });
});
