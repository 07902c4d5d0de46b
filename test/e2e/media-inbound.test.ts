// Customers' files through the REAL daemon and the REAL Baileys against the simulator: a photo, a
// voice note, a video, a PDF and a sticker are downloaded as they arrive and kept once by their
// sha256 (bytes equal to what the customer sent), a redelivery fetches nothing again; a link
// that expired is recovered through the re-upload request, one gone for good leaves the message
// with "unavailable" and the reason; a 20 MB document streams in without the daemon's memory
// growing with it.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssMb } from '../helpers/raw-http.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('inbound media through Baileys, kept by the daemon', () => {
  let phone: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    phone = await linkedPhone('5511999990000', { env: { GURU_MEDIA_RETRY_MS: '100', GURU_MEDIA_ATTEMPTS: '3' } });
  });

  afterAll(async () => {
    await phone?.close();
  });

  /** The chat's message `id` once its media status is no longer `pending` (polled: the daemon fetches in the background). */
  const settled = async (customer: string, id: string): Promise<any> => {
    const ops = await phone.ana();
    return until(`the file of ${id}`, async () => {
      const chat = (await ops.chats.list()).find((c) => c.customer === customer);
      if (!chat) return undefined;
      const message = (await ops.chats.show(chat.id, { limit: 200 })).messages.find((m) => m.id === id);
      return message && message.media?.state !== 'pending' ? message : undefined;
    });
  };

  /** Every file kept under the data dir's media folder, by name. */
  const keptFiles = async (): Promise<string[]> => {
    const root = join(phone.home, 'media');
    const names: string[] = [];
    for (const dir of await readdir(root).catch(() => [] as string[])) {
      if (dir === 'tmp') continue;
      for (const name of await readdir(join(root, dir)).catch(() => [] as string[])) names.push(name);
    }
    return names.sort();
  };

  const expectKept = async (bytes: Uint8Array): Promise<void> => {
    const path = join(phone.home, 'media', sha256(bytes).slice(0, 2), sha256(bytes));
    expect(sha256(await readFile(path))).toBe(sha256(bytes));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  };

  it('a photo, voice note, video, PDF and sticker are stored once, as sent; a location and a contact carry no file', async () => {
    const { fake } = phone;
    const maria = await fake.contact('5511988887777', 'Maria');
    const customer = `+${maria.number}`;
    const photo = randomBytes(150_000);
    const voice = randomBytes(24_000);
    const video = randomBytes(400_000);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000)]);
    const sticker = randomBytes(20_000);
    const sent = [
      { bytes: photo, id: await fake.sendMedia(maria, { type: 'image', bytes: photo, mimetype: 'image/jpeg', caption: 'posso mandar foto?' }) },
      { bytes: voice, id: await fake.sendMedia(maria, { type: 'audio', bytes: voice, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 7 }) },
      { bytes: video, id: await fake.sendMedia(maria, { type: 'video', bytes: video, mimetype: 'video/mp4', seconds: 12 }) },
      { bytes: pdf, id: await fake.sendMedia(maria, { type: 'document', bytes: pdf, mimetype: 'application/pdf', fileName: 'boleto.pdf' }) },
      { bytes: sticker, id: await fake.sendMedia(maria, { type: 'sticker', bytes: sticker, mimetype: 'image/webp' }) },
    ];
    const place = await fake.sendMessage(maria, { locationMessage: { degreesLatitude: -23.5, degreesLongitude: -46.6, name: 'Loja' } });
    const card = await fake.sendMessage(maria, {
      contactMessage: { displayName: 'Ana', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;waid=5511977776666:+55 11 97777-6666\nEND:VCARD' },
    });
    for (const { bytes, id } of sent) {
      const message = await settled(customer, id);
      expect(message.media).toEqual({ state: 'stored', sha256: sha256(bytes), size: bytes.length });
      await expectKept(bytes);
    }
    expect((await settled(customer, place)).media).toBeUndefined();
    expect((await settled(customer, card)).media).toBeUndefined();
    const filesBefore = await keptFiles();
    expect(filesBefore).toEqual(expect.arrayContaining(sent.map(({ bytes }) => sha256(bytes))));

    // WhatsApp delivers the photo again under its id, and the customer sends the same bytes anew:
    // one message for the id, and one file for the bytes.
    await fake.sendMedia(maria, { type: 'image', bytes: photo, mimetype: 'image/jpeg', caption: 'posso mandar foto?' }, { id: sent[0]!.id });
    const again = await fake.sendMedia(maria, { type: 'image', bytes: photo, mimetype: 'image/jpeg' });
    expect((await settled(customer, again)).media).toEqual({ state: 'stored', sha256: sha256(photo), size: photo.length });
    const ops = await phone.ana();
    const chat = (await ops.chats.list()).find((c) => c.customer === customer)!;
    const ids = (await ops.chats.show(chat.id, { limit: 200 })).messages.map((m) => m.id);
    expect(ids.filter((id) => id === sent[0]!.id)).toHaveLength(1);
    expect(await keptFiles()).toEqual(filesBefore);
    expect(fake.errors).toEqual([]);
  });

  it('a link that expired while the phone was away is recovered through the re-upload request; one gone for good is "unavailable" with the reason', async () => {
    const { fake } = phone;
    const joao = await fake.contact('5511977770000', 'João');
    const customer = `+${joao.number}`;
    const photo = randomBytes(60_000);
    const doc = randomBytes(30_000);
    await phone.daemon.stop();
    // Sent while Guru is down: queued by WhatsApp, and by the time it arrives its link is gone.
    const photoId = await fake.sendMedia(joao, { type: 'image', bytes: photo, mimetype: 'image/jpeg' });
    const docId = await fake.sendMedia(joao, { type: 'document', bytes: doc, mimetype: 'application/pdf', fileName: 'nota.pdf' });
    await fake.expireMedia(photoId);
    await fake.expireMedia(docId, { permanently: true });
    await phone.restart();
    expect((await settled(customer, photoId)).media).toEqual({ state: 'stored', sha256: sha256(photo), size: photo.length });
    await expectKept(photo);
    const gone = await settled(customer, docId);
    expect(gone.media.state).toBe('unavailable');
    expect(gone.media.reason).toMatch(/sender’s phone no longer has it/);
    expect(gone.text).toContain('nota.pdf'); // the message itself is kept
    expect(fake.errors).toEqual([]);
  });

  it('a 20 MB document streams to disk: the daemon’s memory grows by less than 50 MB', async () => {
    const { fake } = phone;
    const bia = await fake.contact('5511955554444', 'Bia');
    const big = randomBytes(20 * 1024 * 1024);
    const path = join(phone.home, '..', 'big.pdf');
    await writeFile(path, big);
    const pid = phone.daemon.pid;
    const before = await rssMb(pid);
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await rssMb(pid).catch(() => peak));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      const id = await fake.sendMedia(bia, { type: 'document', bytes: { path }, mimetype: 'application/pdf', fileName: 'big.pdf' });
      expect((await settled(`+${bia.number}`, id)).media).toEqual({ state: 'stored', sha256: sha256(big), size: big.length });
    } finally {
      sampling = false;
      await sampler;
    }
    expect(peak - before).toBeLessThan(50);
    await expectKept(big);
  });
});
