// The media fetcher's rules in the engine (src/core/media/), over a real journal and the real
// media files, with the in-memory transport serving the customers' files (and failing them as a
// test says). The same against the real Baileys and the simulator: test/e2e/media-inbound.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MediaContent } from '../../src/core/chats/content.js';
import type { InboundMessage } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import type { EngineEvent } from '../../src/core/events.js';
import type { MediaRetrySettings } from '../../src/core/media/media-fetcher.js';
import type { DurableStores } from '../../src/store/open.js';
import { MemoryTransport } from '../../src/whatsapp/memory-transport.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';
import { until } from '../helpers/linked-phone.js';

const PHONE = '+5511999990000';
const MARIA = '5511988887777@s.whatsapp.net';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const photo = (size: number): MediaContent => ({ type: 'image', mimetype: 'image/jpeg', size });

describe('fetching customers’ files', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let transport: MemoryTransport;
  const engines: Engine[] = [];
  /** What the engine announced (watchers see these, filtered per actor). */
  let events: EngineEvent[] = [];

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-media-', PHONE);
    ({ store, journal } = fixture);
    transport = new MemoryTransport(PHONE);
    events = [];
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) {
      await e.media.stop(0);
      e.chats.stop();
    }
    await fixture.close();
  });

  async function engine(retry: Partial<MediaRetrySettings> = { initialMs: 10, maxMs: 40 }): Promise<Engine> {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: { send: async () => undefined },
        publish: (event) => events.push(event),
        media: {
          remote: { download: (_phone, source) => transport.downloadMedia(source), reupload: (_phone, source) => transport.reuploadMedia(source) },
          retry,
        },
      },
    });
    await e.chats.load();
    engines.push(e);
    await transport.start({
      message: async (message: InboundMessage) => void (await e.chats.receive(message)),
      receipt: async () => undefined,
      connection: () => undefined,
      history: async ({ messages }) => e.chats.receiveAll(messages.map((m) => ({ ...m, history: true }))),
      alias: async () => undefined,
      link: () => undefined,
    });
    return e;
  }

  /** Where message `id`'s file stands, as the chat shows it. */
  const status = async (e: Engine, id: string) => {
    const ana = (await store.state.read()).users[0]!;
    const chat = (await e.chats.locate(PHONE, id))!;
    return (await e.as({ type: 'user', userId: ana.id }).chats.show(chat.id, { limit: 500 })).messages.find((m) => m.id === id)!.media;
  };
  const settled = (e: Engine, id: string) => until(`the file of ${id}`, async () => ((await status(e, id))?.state === 'pending' ? undefined : status(e, id)));
  const kept = async (sha: string): Promise<string> => {
    const hash = createHash('sha256');
    for await (const chunk of await store.media.open(sha)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  };

  it('a file that fails twice is tried again and kept, as sent; a redelivery downloads nothing again', async () => {
    const e = await engine();
    const bytes = randomBytes(200_000);
    await transport.inject({ id: 'IMG1', from: MARIA, content: photo(bytes.length), media: bytes });
    transport.mediaFile([...transport.mediaFiles.keys()][0]!).failures = 2;
    expect(await settled(e, 'IMG1')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(await kept(sha256(bytes))).toBe(sha256(bytes));
    expect(transport.downloads).toBe(3);
    // Watchers are told the file is in (the inbox updates the message's line).
    expect(events.filter((e) => e.type === 'message.media')).toEqual([
      {
        type: 'message.media',
        chatId: e.chats.index.chatOfMessage(PHONE, 'IMG1')!.id,
        id: 'IMG1',
        media: { state: 'stored', sha256: sha256(bytes), size: bytes.length },
      },
    ]);
    await transport.inject({ id: 'IMG1', from: MARIA, content: photo(bytes.length), media: bytes });
    await transport.inject({ id: 'TXT1', from: MARIA, content: { type: 'text', text: 'recebeu?' } });
    expect(transport.downloads).toBe(3);
    expect((await store.media.usage()).files).toBe(1);
  });

  it('an expired link is downloaded again after a re-upload; one gone for good, or failing every try, is unavailable with the reason — the message stays', async () => {
    const e = await engine({ attempts: 3, initialMs: 5, maxMs: 10 });
    const first = randomBytes(1000);
    await transport.inject({ id: 'OLD', from: MARIA, content: photo(first.length), media: first });
    await settled(e, 'OLD');
    const sources = () => [...transport.mediaFiles.keys()];
    // The next files are sent with their links already expired (or gone, or never answering).
    const expired = randomBytes(2000);
    const gone = randomBytes(3000);
    const flaky = randomBytes(4000);
    const realDownload = transport.downloadMedia.bind(transport);
    let armed = new Map<number, (source: string) => void>([
      [2000, (s) => (transport.mediaFile(s).expired = true)],
      [3000, (s) => (transport.mediaFile(s).gone = true)],
      [4000, (s) => (transport.mediaFile(s).failures = 99)],
    ]);
    transport.downloadMedia = async (source) => {
      const file = transport.mediaFile(source);
      armed.get(file.bytes.length)?.(source);
      armed.delete(file.bytes.length);
      return realDownload(source);
    };
    await transport.inject({ id: 'EXP', from: MARIA, content: photo(expired.length), media: expired });
    await transport.inject({ id: 'GONE', from: MARIA, content: { type: 'document', fileName: 'nota.pdf' }, media: gone });
    await transport.inject({ id: 'FLAKY', from: MARIA, content: photo(flaky.length), media: flaky });
    expect(await settled(e, 'EXP')).toEqual({ state: 'stored', sha256: sha256(expired), size: expired.length });
    expect(await settled(e, 'GONE')).toEqual({ state: 'unavailable', reason: 'the file expired on WhatsApp and the sender’s phone no longer has it' });
    expect(await settled(e, 'FLAKY')).toEqual({ state: 'unavailable', reason: 'could not be downloaded after 3 tries: the media host did not answer' });
    expect(transport.reuploads).toBe(2);
    expect(sources()).toHaveLength(4);
    armed = new Map();
    const ana = (await store.state.read()).users[0]!;
    const chat = e.chats.index.chatOfMessage(PHONE, 'GONE')!;
    const shown = (await e.as({ type: 'user', userId: ana.id }).chats.show(chat.id)).messages.map((m) => m.id);
    expect(shown).toEqual(['OLD', 'EXP', 'GONE', 'FLAKY']);
  });

  for (const checkpointed of [false, true]) {
    it(`a fetch still waiting when the daemon stops is done at the next start (${checkpointed ? 'from a checkpoint' : 'replaying the journal'})`, async () => {
      const first = await engine({ initialMs: 60_000, maxMs: 60_000 });
      const bytes = randomBytes(50_000);
      await transport.inject({ id: 'LATER', from: MARIA, content: photo(bytes.length), media: bytes });
      transport.mediaFile([...transport.mediaFiles.keys()][0]!).failures = 1;
      await until('the first try', () => (transport.downloads === 1 ? true : undefined));
      expect(await status(first, 'LATER')).toEqual({ state: 'pending' });
      await first.media.stop(0);
      first.chats.stop();
      if (checkpointed) await first.chats.checkpoint();
      engines.splice(engines.indexOf(first), 1);
      await transport.stop();
      journal = await fixture.reopenJournal();
      const second = await engine();
      expect(await status(second, 'LATER')).toEqual({ state: 'pending' });
      expect(second.media.resume()).toBe(1);
      expect(await settled(second, 'LATER')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    });
  }

  it('history’s files stay on WhatsApp until someone opens one: fetch keeps it then; a file being fetched is waited for', async () => {
    const e = await engine();
    const bytes = randomBytes(30_000);
    transport.mediaFiles.set('memory:history-1', { bytes });
    await e.chats.receiveAll([
      { phone: PHONE, id: 'H1', from: MARIA, content: photo(bytes.length), time: '2026-01-01T10:00:00.000Z', history: true, mediaSource: 'memory:history-1' },
    ]);
    expect(await status(e, 'H1')).toEqual({ state: 'remote' });
    expect(transport.downloads).toBe(0);
    expect(await e.media.fetch(PHONE, 'H1')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(await status(e, 'H1')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    // Kept: asking again downloads nothing.
    expect(await e.media.fetch(PHONE, 'H1')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(transport.downloads).toBe(1);
    // A live file failing its first tries: `fetch` joins the fetch in course and waits for it.
    const slow = randomBytes(10_000);
    transport.mediaFiles.set('memory:slow', { bytes: slow, failures: 2 });
    await e.chats.receive({ phone: PHONE, id: 'SLOW', from: MARIA, content: photo(slow.length), time: new Date().toISOString(), mediaSource: 'memory:slow' });
    expect(await e.media.fetch(PHONE, 'SLOW')).toEqual({ state: 'stored', sha256: sha256(slow), size: slow.length });
    expect(transport.downloads).toBe(4);
    await expect(e.media.fetch(PHONE, 'NOPE')).rejects.toThrow(/no message "NOPE"/);
  });

  it('a file of a message long out of memory is kept, and shown kept, at the first asking', async () => {
    const e = await engine();
    const bytes = randomBytes(20_000);
    transport.mediaFiles.set('memory:old-1', { bytes });
    const time = (i: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, i)).toISOString();
    await e.chats.receiveAll([
      { phone: PHONE, id: 'OLD', from: MARIA, content: photo(bytes.length), time: time(0), history: true, mediaSource: 'memory:old-1' },
      ...Array.from({ length: 40 }, (_, i) => ({
        phone: PHONE,
        id: `T${i}`,
        from: MARIA,
        content: textContent(`depois ${i}`),
        time: time(i + 1),
        history: true,
      })),
    ]);
    expect((await e.chats.locate(PHONE, 'OLD'))!.messages.some((m) => m.id === 'OLD')).toBe(false);
    expect(await e.media.fetch(PHONE, 'OLD')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(await status(e, 'OLD')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(await e.media.fetch(PHONE, 'OLD')).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
    expect(transport.downloads).toBe(1);
  });

  it('over the media quota a new file stays on WhatsApp with the reason, nothing kept is deleted, and it is fetched once there is room; the usage warns from 80 %', async () => {
    const warnings: string[] = [];
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: { send: async () => undefined },
        publish: () => undefined,
        warn: (message) => warnings.push(message),
        media: {
          remote: { download: (_p, s) => transport.downloadMedia(s), reupload: (_p, s) => transport.reuploadMedia(s) },
          retry: { initialMs: 10, maxMs: 40 },
        },
      },
    });
    await e.chats.load();
    engines.push(e);
    await transport.start({
      message: async (m: InboundMessage) => void (await e.chats.receive(m)),
      receipt: async () => undefined,
      connection: () => undefined,
      history: async () => undefined,
      alias: async () => undefined,
      link: () => undefined,
    });
    const owner = e.as({ type: 'owner' });
    await owner.account.set({ mediaQuota: 1024 * 1024 });
    const first = randomBytes(900 * 1024);
    await transport.inject({ id: 'BIG1', from: MARIA, content: photo(first.length), media: first });
    expect(await settled(e, 'BIG1')).toMatchObject({ state: 'stored' });
    const usage = await e.media.usage();
    expect(usage).toMatchObject({ bytes: first.length, files: 1, quota: 1024 * 1024, percent: 87 });
    expect(usage.warning).toMatch(/media storage is at 87% of its 1 MB quota — raise it .*guru account set --media-quota.* or free space .*guru media prune/);
    expect(warnings.filter((w) => w.startsWith('media storage'))).toHaveLength(1);
    // Declared larger than the room left: not downloaded at all.
    const second = randomBytes(200 * 1024);
    await transport.inject({ id: 'BIG2', from: MARIA, content: photo(second.length), media: second });
    const held = await until('BIG2 held', async () => ((await status(e, 'BIG2'))?.state === 'remote' ? status(e, 'BIG2') : undefined));
    expect(held).toEqual({ state: 'remote', reason: expect.stringMatching(/^media quota full — an admin can raise it/) });
    // Not declared: stopped by the store's cap as it streams in, nothing of it kept.
    const third = randomBytes(200 * 1024);
    await transport.inject({ id: 'BIG3', from: MARIA, content: { type: 'document', fileName: 'x.pdf' }, media: third });
    expect(await until('BIG3 held', async () => ((await status(e, 'BIG3'))?.state === 'remote' ? status(e, 'BIG3') : undefined))).toMatchObject({
      reason: expect.stringMatching(/^media quota full/),
    });
    expect(await store.media.usage()).toEqual({ bytes: first.length, files: 1 });
    await owner.account.set({ mediaQuota: 10 * 1024 * 1024 });
    expect(await e.media.fetch(PHONE, 'BIG2')).toEqual({ state: 'stored', sha256: sha256(second), size: second.length });
    expect((await e.media.usage()).warning).toBeNull();
    await expect(owner.account.set({ mediaQuota: 1000 })).rejects.toThrow(/the media quota must be from 1 MB to 1 PB/);
  });

  it('prune removes the files of messages older than the cut (the messages stay, pruned), keeps one a newer message shares; a dry run only counts; admins only', async () => {
    const e = await engine();
    const old = '2025-01-01T10:00:00.000Z';
    const oldOnly = randomBytes(5000);
    const shared = randomBytes(7000);
    await transport.inject({ id: 'OLD1', from: MARIA, time: old, content: photo(oldOnly.length), media: oldOnly });
    await transport.inject({ id: 'OLD2', from: MARIA, time: old, content: photo(shared.length), media: shared });
    await transport.inject({ id: 'NEW1', from: MARIA, content: photo(shared.length), media: shared });
    for (const id of ['OLD1', 'OLD2', 'NEW1']) expect(await settled(e, id)).toMatchObject({ state: 'stored' });
    const owner = e.as({ type: 'owner' });
    const day = 24 * 60 * 60 * 1000;
    const dry = await owner.media.prune({ olderThanMs: 180 * day, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, files: 1, bytes: oldOnly.length, messages: 1, keptShared: 1 });
    expect(await store.media.size(sha256(oldOnly))).toBe(oldOnly.length);
    await owner.users.add({ email: 'rui@acme.com', name: 'Rui', password: 'correct horse battery', permissions: ['chats.view_all'] });
    const rui = e.as({ type: 'user', userId: (await store.state.read()).users.find((u) => u.email === 'rui@acme.com')!.id });
    await expect(rui.media.prune({ olderThanMs: 180 * day })).rejects.toThrow(/only admins may prune media/);
    await expect(owner.media.prune({ olderThanMs: 60_000 })).rejects.toThrow(/at least 1d/);
    const done = await owner.media.prune({ olderThanMs: 180 * day });
    expect(done).toMatchObject({ dryRun: false, files: 1, bytes: oldOnly.length, messages: 1, keptShared: 1 });
    expect(await store.media.size(sha256(oldOnly))).toBeNull();
    expect(await status(e, 'OLD1')).toEqual({ state: 'pruned' });
    expect(await status(e, 'OLD2')).toMatchObject({ state: 'stored', sha256: sha256(shared) });
    expect((await store.audit.list({})).at(-1)).toMatchObject({
      action: 'media.prune',
      details: { files: 1, bytes: oldOnly.length, messages: 1, keptShared: 1 },
    });
    // Opened again while WhatsApp still has it: fetched anew.
    expect(await e.media.fetch(PHONE, 'OLD1')).toEqual({ state: 'stored', sha256: sha256(oldOnly), size: oldOnly.length });
  });
});
