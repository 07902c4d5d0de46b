import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { isGuruError } from '../../src/core/errors.js';
import { OWNER } from '../../src/core/model.js';
import { lineCount } from '../../src/core/chats/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const X = '5511977776666@s.whatsapp.net';
const Y = '5511966665555@s.whatsapp.net';
const MESSAGES = RECENT_MESSAGES + 10;

/**
 * A search reads only what the searcher may see: the journal lines of chats they cannot see are
 * never parsed nor answered; one search at a time per person; a deadline cuts it short, saying so.
 */
describe('searching the journal', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;

  beforeEach(async () => {
    dir = await makeTempDir('guru-search-');
    store = await testStores(join(dir, 'data'));
    journal = journalAgain(store);
  });
  afterEach(async () => {
    await journal.close();
    await store.close();
    await removeDir(dir);
  });

  /** Ana (admin) sees all; Bia sees only Y's chat (assigned to her); X's chat is Ana's. Both chats mention "pix" in every message. */
  async function setup(searchBudgetMs?: number) {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: { sender: { send: async () => undefined }, publish: () => undefined, ...(searchBudgetMs === undefined ? {} : { searchBudgetMs }) },
    });
    const owner = e.as(OWNER);
    await owner.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse' });
    await owner.phones.add(PHONE);
    await e.chats.load();
    const inbound = (from: string, i: number) => ({
      phone: PHONE,
      id: `${from.slice(0, 6)}-${i}`,
      from,
      content: textContent(`o pix ${i} de ${from}`),
      time: '2026-11-26T10:00:00.000Z',
    });
    await e.chats.receiveAll(Array.from({ length: MESSAGES }, (_, i) => [inbound(X, i), inbound(Y, i)]).flat());
    const x = e.chats.index.forCustomer(PHONE, '+5511977776666')!;
    const y = e.chats.index.forCustomer(PHONE, '+5511966665555')!;
    await owner.chats.assign(x.id, { user: 'ana@acme.com' });
    await owner.chats.assign(y.id, { user: 'bia@acme.com' });
    const users = (await store.state.read()).users;
    const as = (email: string) => e.as({ type: 'user', userId: users.find((u) => u.email === email)!.id });
    return { e, x, y, ana: as('ana@acme.com'), bia: as('bia@acme.com') };
  }

  it('never answers nor parses a chat the searcher cannot see, however old its messages', async () => {
    const { x, y, ana, bia } = await setup();
    expect(lineCount(x)).toBeGreaterThan(x.messages.length);
    // Only in X's old messages, out of memory: Bia must not learn it is there.
    const onlyInX = `pix 0 de ${X}`;
    journal.searchParsed = 0;
    expect((await bia.chats.list({ search: onlyInX })).map((c) => c.id)).toEqual([]);
    expect(journal.searchParsed).toBe(0);
    expect(await bia.chats.search({ search: 'pix' })).toEqual({ chats: [expect.objectContaining({ id: y.id })], partial: false });
    // Her searches parsed her chat's matching lines, never one of X's.
    expect(journal.searchParsed).toBe(MESSAGES);
    expect((await ana.chats.list({ search: onlyInX, status: 'all' })).map((c) => c.id)).toEqual([x.id]);
  });

  it('runs one search at a time per person: a second at once is refused by name, others are not held', async () => {
    const { x, y, ana, bia } = await setup();
    const [first, second, third, anas] = await Promise.allSettled([
      bia.chats.list({ search: 'pix 0 de' }),
      bia.chats.list({ search: 'pix 1 de' }),
      bia.chats.list({ search: 'pix 2 de' }),
      ana.chats.list({ search: 'pix 0 de', status: 'all' }),
    ]);
    expect(first.status === 'fulfilled' && first.value.map((c) => c.id)).toEqual([y.id]);
    for (const refused of [second, third]) {
      expect(refused.status).toBe('rejected');
      const reason = (refused as PromiseRejectedResult).reason as unknown;
      expect(isGuruError(reason) && reason.code).toBe('limit');
      expect(String(reason)).toMatch(/a search of yours is still running — wait for it to finish/);
    }
    expect(anas.status === 'fulfilled' && anas.value.map((c) => c.id).sort()).toEqual([x.id, y.id].sort());
    // Once hers is done, she searches again.
    expect((await bia.chats.list({ search: 'pix 1 de' })).map((c) => c.id)).toEqual([y.id]);
  });

  it('stops at its deadline and says the answer is partial, with what it found in memory', async () => {
    const { y, bia } = await setup(0);
    const result = await bia.chats.search({ search: `pix ${MESSAGES - 1} de` });
    expect(result.partial).toBe(true);
    expect(result.chats.map((c) => c.id)).toEqual([y.id]); // the latest message is in memory
  });
  it('`all` (chat list --all) is refused, naming the permission, to someone who cannot see every chat; granted, it lists them all', async () => {
    const { e, x, y, ana, bia } = await setup();
    const refused = await bia.chats.search({ all: true }).catch((err: unknown) => err);
    expect(isGuruError(refused) && refused.code).toBe('permission_denied');
    expect(String(refused)).toMatch(/may not list every chat of the team: it needs the "chats.view_all" permission — ask an admin to grant it/);
    // Without `all`, the same person lists what they may see, as always.
    expect((await bia.chats.list({})).map((c) => c.id)).toEqual([y.id]);
    expect((await ana.chats.list({ all: true })).map((c) => c.id).sort()).toEqual([x.id, y.id].sort());
    await e.as(OWNER).users.edit('bia@acme.com', { addPermissions: ['chats.view_all'] });
    expect((await bia.chats.list({ all: true })).map((c) => c.id).sort()).toEqual([x.id, y.id].sort());
  });
});
