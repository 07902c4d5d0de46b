import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexCheckpoint } from '../../src/core/chats/checkpoint.js';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { MediaTooLarge } from '../../src/core/media/ports.js';
import type { AuditEntry, Stores } from '../../src/core/ports.js';
import { openStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { freshStoreUrl } from '../helpers/postgres.js';

const P = '+5511999990000';
const Q = '+5511888880000';
const message = (chatId: string, i: number, text = `mensagem ${i}`): JournalRecord => ({
  type: 'message',
  id: `M${i}`,
  chatId,
  direction: 'in',
  text,
  time: new Date(i * 1000).toISOString(),
});
const entry = (i: number, target = 'ana@acme.com'): AuditEntry => ({
  id: `a${i}`,
  time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  actor: 'owner',
  action: 'user.add',
  target,
});
async function* bytesOf(...chunks: Buffer[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}
async function collect(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/**
 * The stores' contract, held by every kind the engine runs on: the same calls, the same answers,
 * over memory, the data dir's files and a real PostgreSQL server.
 */
describe.each([['memory'], ['files'], ['postgres']])('stores over %s', (kind) => {
  let dir: string | null = null;
  const open: Stores[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
    if (dir) await removeDir(dir);
    dir = null;
  });

  /** Opens the stores; `again` opens the same ones anew (a restart), where they outlive a process. */
  async function stores(): Promise<{ store: Stores; again: () => Promise<Stores> }> {
    dir = await makeTempDir('guru-contract-');
    const home = join(dir, 'data');
    const url = freshStoreUrl();
    const openOnce = async (create: boolean) => {
      const store =
        kind === 'memory'
          ? await openStores({ kind: 'memory' })
          : kind === 'files'
            ? await openStores({ kind: 'files', home, lock: 'per-write', create })
            : await openStores({ kind: 'postgres', url, home });
      open.push(store);
      return store;
    };
    return { store: await openOnce(true), again: () => openOnce(false) };
  }
  const durable = kind !== 'memory';

  it('state: a change is whole or not at all, with its audit entries, and outlives the process', async () => {
    const { store, again } = await stores();
    await store.state.update(
      (s) => {
        s.account = { name: 'Acme', seats: 3, createdAt: '2026-01-01T00:00:00.000Z' } as never;
      },
      () => [entry(1, 'Acme')],
    );
    await expect(
      store.state.update((s) => {
        s.tags.push({ id: 't1' } as never);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // Changes queued together each succeed or fail on their own, in order.
    const results = await Promise.allSettled([
      store.state.update((s) => s.users.push({ id: 'u1' } as never)),
      store.state.update(() => {
        throw new Error('no');
      }),
      store.state.update((s) => s.users.push({ id: 'u2' } as never)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const state = await store.state.read();
    expect(state.account?.name).toBe('Acme');
    expect(state.tags).toEqual([]);
    expect(state.users.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect((await store.audit.list({})).map((e) => e.target)).toEqual(['Acme']);
    if (durable) {
      const reopened = await again();
      expect(JSON.stringify(await reopened.state.read())).toBe(JSON.stringify(state));
    }
  });

  it('audit: appended in order, listed since a time, rewritten in place', async () => {
    const { store } = await stores();
    await store.audit.append([entry(1), entry(2, 'bia@acme.com')]);
    await store.audit.append([entry(3)]);
    expect((await store.audit.list({})).map((e) => e.id)).toEqual(['a1', 'a2', 'a3']);
    expect((await store.audit.list({ since: new Date(Date.UTC(2026, 0, 1, 0, 2)) })).map((e) => e.id)).toEqual(['a2', 'a3']);
    const changed = await store.audit.rewrite((e) => (e.target === 'bia@acme.com' ? { ...e, target: '[erased]' } : e));
    expect(changed).toBe(1);
    expect((await store.audit.list({})).map((e) => e.target)).toEqual(['ana@acme.com', '[erased]', 'ana@acme.com']);
  });

  it('sessions: found by token hash, listed and ended by user, pruned when idle', async () => {
    const { store } = await stores();
    const s = (id: string, userId: string, at: string) => ({ id, tokenHash: `h-${id}`, userId, createdAt: at, lastSeenAt: at, source: 'local' });
    await store.sessions.add(s('s1', 'u1', '2026-01-01T00:00:00.000Z'));
    await store.sessions.add(s('s2', 'u1', '2026-01-02T00:00:00.000Z'));
    await store.sessions.add(s('s3', 'u2', '2026-01-03T00:00:00.000Z'));
    expect((await store.sessions.find('h-s2'))?.userId).toBe('u1');
    expect(await store.sessions.find('nope')).toBeNull();
    expect((await store.sessions.listOf('u1')).map((x) => x.id)).toEqual(['s1', 's2']);
    expect((await store.sessions.list()).map((x) => x.id).sort()).toEqual(['s1', 's2', 's3']);
    await store.sessions.touch('s1', '2026-01-05T00:00:00.000Z');
    expect((await store.sessions.find('h-s1'))?.lastSeenAt).toBe('2026-01-05T00:00:00.000Z');
    expect(await store.sessions.prune('2026-01-04T00:00:00.000Z')).toBe(2);
    expect(await store.sessions.count()).toBe(1);
    expect(await store.sessions.endAllOf('u1')).toBe(1);
    await store.sessions.end('s1');
    expect(await store.sessions.count()).toBe(0);
  });

  it('secrets and contacts: kept by key, replaced, forgotten', async () => {
    const { store, again } = await stores();
    const creds = store.secrets.phoneCredentials(P);
    expect(await creds.read()).toBeNull();
    await creds.write('{"creds":1}');
    await creds.write('{"creds":2}');
    await store.secrets.mailSettings().write('{"host":"smtp"}');
    await store.contacts.put({ customer: '+5511911112222', name: 'Maria', fields: { plano: 'ouro' }, updatedAt: 'x', updatedBy: 'owner' });
    await store.contacts.put({ customer: '+5511911113333', name: 'João', fields: {}, updatedAt: 'x', updatedBy: 'owner' });
    const later = durable ? await again() : store;
    expect(await later.secrets.phoneCredentials(P).read()).toBe('{"creds":2}');
    expect(await later.secrets.phoneCredentials(Q).read()).toBeNull();
    expect((await later.contacts.get('+5511911112222'))?.fields).toEqual({ plano: 'ouro' });
    expect((await later.contacts.list()).length).toBe(2);
    expect(await later.contacts.remove('+5511911112222')).toBe(true);
    expect(await later.contacts.remove('+5511911112222')).toBe(false);
    await later.secrets.phoneCredentials(P).wipe();
    expect(await later.secrets.phoneCredentials(P).read()).toBeNull();
  });

  it('media: content-addressed, streamed in and out, kept once, nothing kept over the limit', async () => {
    const { store } = await stores();
    const big = randomBytes(700 * 1024);
    const kept = await store.media.put(bytesOf(big.subarray(0, 100_000), big.subarray(100_000)));
    expect(kept.size).toBe(big.length);
    expect(await store.media.put(bytesOf(big))).toEqual(kept);
    expect(await store.media.size(kept.sha256)).toBe(big.length);
    expect((await collect(await store.media.open(kept.sha256))).equals(big)).toBe(true);
    expect((await store.media.head(kept.sha256, 16)).equals(big.subarray(0, 16))).toBe(true);
    await expect(store.media.put(bytesOf(randomBytes(2000)), { maxBytes: 1000 })).rejects.toBeInstanceOf(MediaTooLarge);
    expect(await store.media.usage()).toEqual({ bytes: big.length, files: 1 });
    const listed: string[] = [];
    for await (const file of store.media.list()) listed.push(file.sha256);
    expect(listed).toEqual([kept.sha256]);
    await store.media.remove(kept.sha256);
    expect(await store.media.size(kept.sha256)).toBeNull();
    await expect(store.media.open(kept.sha256)).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.media.size('../../etc/passwd')).toBeNull();
  });

  it('journal: appends read back where they say, replay from a checkpoint, erasure keeps the rest in place', async () => {
    const { store, again } = await stores();
    const first = await store.journal.append(P, [message('c1', 1), message('c2', 2)]);
    const second = await Promise.all([store.journal.append(P, [message('c1', 3)]), store.journal.append(Q, [message('c9', 9)])]);
    const offsets = [...first, ...second[0]];
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect((await store.journal.read(P, [offsets[2]!, offsets[0]!])).map((r) => (r as { id: string }).id)).toEqual(['M3', 'M1']);
    const checkpoint = { chats: [], aliases: [['lid:1', '+5511911112222']], olderStatus: [] } as IndexCheckpoint;
    await store.journal.saveCheckpoint(P, checkpoint);
    await store.journal.append(P, [message('c2', 4)]);
    const replay = async (journal: Stores['journal']) => {
      const seen: string[] = [];
      await journal.replay({
        restore: (phone, cp) => seen.push(`${phone} restore ${cp.aliases.length}`),
        apply: (phone, record) => seen.push(`${phone} ${(record as { id: string }).id}`),
      });
      return seen;
    };
    const journal = durable ? (await again()).journal : store.journal;
    // Phone by phone, in order (Q's number sorts first).
    expect(await replay(journal)).toEqual([`${Q} M9`, `${P} restore 1`, `${P} M4`]);

    // Words are found whatever their case, accents included.
    await journal.append(P, [message('c1', 5, 'Ação confirmada, OBRIGADO')]);
    const found: string[] = [];
    const search = async (text: string) => {
      found.length = 0;
      await journal.findMessages(text, { phones: new Set([P, Q]), accept: () => true, deadline: Date.now() + 10_000 }, (_p, r) => found.push(r.id));
      return [...found];
    };
    expect(await search('AÇÃO')).toEqual(['M5']);
    expect(await search('obrigado')).toEqual(['M5']);
    expect((await search('mensagem')).sort()).toEqual(['M1', 'M2', 'M3', 'M4', 'M9']);

    const rewrite = await journal.rewrite(P, (r) => (r as { chatId: string }).chatId !== 'c2', { about: ['c2'] });
    expect(rewrite?.dropped).toBe(2);
    await rewrite!.commit(() => undefined);
    const left: string[] = [];
    await journal.scan((phone, r) => left.push(`${phone} ${(r as { id: string }).id}`));
    expect(left.filter((l) => l.startsWith(P))).toEqual([`${P} M1`, `${P} M3`, `${P} M5`]);
    expect(await journal.rewrite(P, () => true)).toBeNull();
  });
});
