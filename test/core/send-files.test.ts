import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import type { SendContext } from '../../src/core/chats/ports.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';
import { jpeg, pdf } from '../helpers/media-files.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';
const JOAO = '5511966665555@s.whatsapp.net';

const read = async (stream: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
};

/**
 * Files, replies and reactions through the engine, over real stores: what the outbox hands the
 * transport (the file as a stream, the message a reply or reaction is about), and what it refuses.
 */
describe('sending files, replies and reactions (engine)', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let sent: { id: string; content: MessageContent; context: SendContext | undefined; bytes?: Buffer }[];

  beforeEach(async () => {
    sent = [];
    fixture = await phoneOnFiles('guru-send-files-', PHONE);
    ({ store, journal } = fixture);
  });
  afterEach(() => fixture.close());

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: {
          send: async (_phone, _to, content, id, context) => {
            // As Baileys does: the file is read as it is uploaded.
            sent.push({ id, content, context, ...(context?.file ? { bytes: await read(await context.file()) } : {}) });
          },
        },
        publish: () => undefined,
        outbox: { firstTryWaitMs: 60_000 },
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected');
    await e.chats.receive({ phone: PHONE, id: 'MARIA-IN', from: MARIA, content: textContent('Oi, posso mandar foto?'), time: '2026-11-26T10:00:00.000Z' });
    await e.chats.receive({ phone: PHONE, id: 'JOAO-IN', from: JOAO, content: textContent('Bom dia'), time: '2026-11-26T10:00:01.000Z' });
    await e.as(OWNER).users.edit('ana@acme.com', { visibleName: 'Ana S' });
    const ana = (await store.state.read()).users[0]!;
    return { e, as: e.as({ type: 'user', userId: ana.id }), maria: e.chats.index.forCustomer(PHONE, '+5511977776666')!.id };
  }

  it('a file goes out as uploaded: the transport reads the same bytes; a caption is signed; its key sends it once', async () => {
    const { as, maria } = await engine();
    const photo = jpeg(40_000);
    const up = await as.chats.upload(Readable.from([photo]));
    expect(up).toEqual({ sha256: createHash('sha256').update(photo).digest('hex'), size: 40_000, mimetype: 'image/jpeg' });
    const view = await as.chats.send(maria, { file: { sha256: up.sha256, fileName: 'foto.jpg', caption: 'Segue' } }, { key: 'k-photo' });
    expect(view).toMatchObject({ status: 'sent', content: { type: 'image', sha256: up.sha256, caption: '*Ana S:*\nSegue', size: 40_000 } });
    expect(view.media).toEqual({ state: 'stored', sha256: up.sha256, size: 40_000 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bytes?.equals(photo)).toBe(true);
    // The same key again: the message sent the first time, not sent twice; another file under it is a conflict.
    const again = await as.chats.send(maria, { file: { sha256: up.sha256, fileName: 'foto.jpg', caption: 'Segue' } }, { key: 'k-photo' });
    expect(again.id).toBe(view.id);
    expect(sent).toHaveLength(1);
    const other = await as.chats.upload(Readable.from([pdf()]));
    await expect(as.chats.send(maria, { file: { sha256: other.sha256, fileName: 'b.pdf' } }, { key: 'k-photo' })).rejects.toThrow(
      /already used for a different message/,
    );
  });

  it('a reply and a reaction hand the transport the message they are about; one of another chat, or an annotation, is refused', async () => {
    const { as, maria } = await engine();
    const reply = await as.chats.send(maria, 'Pode sim', { replyTo: 'MARIA-IN' });
    expect(reply.content).toEqual({ type: 'text', text: '*Ana S:*\nPode sim', replyTo: 'MARIA-IN' });
    expect(sent.at(-1)!.context?.about).toEqual({ id: 'MARIA-IN', fromMe: false, content: textContent('Oi, posso mandar foto?') });
    const reaction = await as.chats.react(reply.id, '❤️');
    expect(reaction.content).toEqual({ type: 'reaction', target: reply.id, emoji: '❤️' });
    expect(sent.at(-1)!.context?.about).toMatchObject({ id: reply.id, fromMe: true });
    // João's message is not in Maria's chat; a reaction is not a message to answer or react to.
    await expect(as.chats.send(maria, 'oi', { replyTo: 'JOAO-IN' })).rejects.toThrow(/no message JOAO-IN in chat .* to reply to/);
    await expect(as.chats.react(reaction.id, '👍')).rejects.toThrow(/is itself a reaction: react to the message it is about instead/);
    await expect(as.chats.react('MARIA-IN', '👍👍')).rejects.toThrow(/is not an emoji/);
    await expect(as.chats.react('MARIA-IN', 'ok')).rejects.toThrow(/is not an emoji/);
    expect((await as.chats.react('MARIA-IN', '🇧🇷')).content).toMatchObject({ emoji: '🇧🇷' });
    expect((await as.chats.react('MARIA-IN', '')).content).toMatchObject({ emoji: '' });
  });

  it('a file gone from the store before it leaves fails with the reason, rather than sending nothing', async () => {
    const { e, as, maria } = await engine();
    e.chats.phoneState(PHONE, 'reconnecting');
    const up = await as.chats.upload(Readable.from([pdf(10_000)]));
    const view = await as.chats.send(maria, { file: { sha256: up.sha256, fileName: 'boleto.pdf' } });
    expect(view.status).toBe('pending');
    await store.media.remove(up.sha256);
    e.chats.phoneState(PHONE, 'connected');
    const failed = await (async () => {
      for (let i = 0; i < 200; i++) {
        const shown = (await as.chats.show(maria)).messages.find((m) => m.id === view.id);
        if (shown?.status === 'failed') return shown;
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    })();
    expect(failed?.reason).toMatch(/its file is no longer kept .* send the file again/);
    expect(sent).toEqual([]);
  });
});
