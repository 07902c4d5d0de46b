// How an agent's file goes out, told from its content against WhatsApp's limits: over the real
// media store (files in a temp dir, or PostgreSQL), with files made by test/helpers/media-files.ts.
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_LIMITS } from '../../src/core/media/limits.js';
import { samplePdf, samplePhoto, sampleVoiceNote } from '../../src/demo/samples.js';
import { acceptUpload, outgoingMedia } from '../../src/core/media/outgoing.js';
import type { MediaStore } from '../../src/core/media/ports.js';
import type { DurableStores } from '../../src/store/open.js';
import { testStores } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { jpeg, mp3, mp4, opus, pdf, png, webp } from '../helpers/media-files.js';

describe('outgoing media: the type from the content, within WhatsApp limits', () => {
  let dir: string;
  let stores: DurableStores;
  let store: MediaStore;
  beforeAll(async () => {
    dir = await makeTempDir('guru-outgoing-');
    stores = await testStores(join(dir, 'data'));
    store = stores.media;
  });
  afterAll(async () => {
    await stores.close();
    await removeDir(dir);
  });

  const upload = (bytes: Buffer) => acceptUpload(store, Readable.from([bytes]));
  const send = async (bytes: Buffer, fileName?: string, caption?: string) =>
    outgoingMedia(store, { sha256: (await upload(bytes)).sha256, ...(fileName ? { fileName } : {}), ...(caption ? { caption } : {}) });

  it('an upload answers its sha256, size and detected type; an empty one is refused', async () => {
    const bytes = png(1_000);
    const up = await upload(bytes);
    expect(up).toMatchObject({ size: 1_000, mimetype: 'image/png' });
    expect(up.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(upload(Buffer.alloc(0))).rejects.toThrow(/the file is empty/);
  });

  it('an upload counts against the media quota: refused once it is full, or when it is larger than what is left', async () => {
    const within = (bytes: Buffer, room: number | null) => acceptUpload(store, Readable.from([bytes]), room);
    await expect(within(png(2_000), 0)).rejects.toMatchObject({
      code: 'limit',
      message: expect.stringMatching(/^media storage is full .*guru account set --media-quota.*guru media prune/),
    });
    const before = await store.usage();
    await expect(within(png(2_000), 1_500)).rejects.toMatchObject({
      code: 'limit',
      message: expect.stringMatching(/larger than the 1.5 KB left of the media quota/),
    });
    expect(await store.usage()).toEqual(before); // nothing of it kept
    expect(await within(png(1_400), 1_500)).toMatchObject({ size: 1_400 });
    expect(await within(png(3_000), null)).toMatchObject({ size: 3_000 });
  });

  it('photo, video, voice note, audio, sticker, document — by content, whatever the name', async () => {
    expect(await send(jpeg(), 'foto.jpeg', 'olha')).toMatchObject({ type: 'image', mimetype: 'image/jpeg', caption: 'olha' });
    expect(await send(png(), 'scan')).toMatchObject({ type: 'image', mimetype: 'image/png' });
    expect(await send(mp4(), 'video.mp4')).toMatchObject({ type: 'video', mimetype: 'video/mp4' });
    expect(await send(opus(), 'audio.ogg')).toMatchObject({ type: 'audio', voice: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(await send(opus(), 'nota.opus')).toMatchObject({ type: 'audio', voice: true });
    expect(await send(mp3(), 'musica.mp3')).toMatchObject({ type: 'audio', voice: false, mimetype: 'audio/mpeg' });
    expect(await send(webp())).toMatchObject({ type: 'sticker', mimetype: 'image/webp' });
    expect(await send(webp(4_000, true))).toMatchObject({ type: 'sticker', animated: true });
    const doc = await send(pdf(), 'boleto.pdf', 'segue');
    expect(doc).toMatchObject({ type: 'document', mimetype: 'application/pdf', fileName: 'boleto.pdf', caption: 'segue', size: 3_000 });
    expect(await send(Buffer.from('a,b\n1,2\n'), 'planilha.csv')).toMatchObject({
      type: 'document',
      fileName: 'planilha.csv',
      mimetype: 'application/octet-stream',
    });
  });

  it('real files (the demo’s photo, voice note and PDF, made by real encoders) go as photo, voice note and document', async () => {
    expect(await send(samplePhoto().bytes, 'caixa.jpg')).toMatchObject({ type: 'image', mimetype: 'image/jpeg' });
    expect(await send(sampleVoiceNote().bytes, 'audio.opus')).toMatchObject({ type: 'audio', voice: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(await send(samplePdf('Boleto', ['R$ 10,00']).bytes, 'boleto.pdf')).toMatchObject({ type: 'document', mimetype: 'application/pdf' });
  });

  it('a mislabelled file is refused, saying what it really is', async () => {
    await expect(send(png(), 'boleto.pdf')).rejects.toThrow(/boleto\.pdf is not a \.pdf file: its content is a PNG image \(image\/png\) — rename it to \.png/);
    await expect(send(Buffer.from('just some text, not a photo'), 'foto.jpg')).rejects.toThrow(/foto\.jpg is not a \.jpg file: its content is not a JPG/);
  });

  it("over WhatsApp's limit for its type: refused, naming the limit", async () => {
    await expect(send(jpeg(MEDIA_LIMITS.image + 1), 'grande.jpg')).rejects.toThrow(
      /grande\.jpg is too large: 5242881 bytes, and WhatsApp takes a photo of at most 5 MB \(5242880 bytes\) — make it smaller/,
    );
    await expect(send(webp(MEDIA_LIMITS.sticker + 1))).rejects.toThrow(/WhatsApp takes a sticker of at most 100 KB/);
    await expect(send(webp(MEDIA_LIMITS.sticker + 1, true))).resolves.toMatchObject({ type: 'sticker', animated: true });
    await expect(send(mp4(MEDIA_LIMITS.video + 1_000_000), 'v.mp4')).rejects.toThrow(/v\.mp4 is too large: 17 MB, and WhatsApp takes a video of at most 16 MB/);
    // exactly at the limit goes
    await expect(send(jpeg(MEDIA_LIMITS.image), 'ok.jpg')).resolves.toMatchObject({ type: 'image', size: MEDIA_LIMITS.image });
  });

  it('a caption where WhatsApp has none, and an unknown upload, are refused', async () => {
    await expect(send(opus(), 'nota.ogg', 'ouça')).rejects.toThrow(/voice note cannot carry a caption/);
    await expect(outgoingMedia(store, { sha256: 'a'.repeat(64) })).rejects.toThrow(/no uploaded file a{64} — upload it first/);
  });
});
