import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWhatsApp, trustSetting, type FakeContact } from '../fake-whatsapp/server.js';
import { startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD } from '../helpers/team.js';

const SP = '+5511999990000';
const RJ = '+5521988880000';

/** `guru phone link` and the REAL daemon with the REAL Baileys against a local fake WhatsApp. */
describe('WhatsApp through Baileys, offline', () => {
  let dir: string;
  let home: string;
  let fake: FakeWhatsApp;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let env: NodeJS.ProcessEnv;
  let maria: FakeContact;
  const as = ['--as', 'ana@acme.com'];

  /** Runs `guru phone link … --json` (plus `extraArgs`) and hands each event to `onEvent`; resolves with the exit code and all events. */
  function link(phone: string, onEvent: (event: any) => Promise<void> | void = () => undefined, extraArgs: string[] = []) {
    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', phone, ...extraArgs, '--json'], { env: { ...process.env, GURU_HOME: home } });
    const events: any[] = [];
    let buffer = '';
    let stderr = '';
    let chain = Promise.resolve();
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        events.push(event);
        chain = chain.then(() => onEvent(event));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise<{ code: number; events: any[]; stderr: string }>((resolve) =>
      child.on('close', async (code) => {
        await chain;
        resolve({ code: code ?? -1, events, stderr });
      }),
    );
  }

  /** A chat's messages once one with `text` is among them (polled: it comes through WhatsApp). */
  const messagesOnceShown = async (customer: string, text: string): Promise<any[]> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { messages } = await guruJson<any>(home, ['chat', 'show', customer, ...as]);
      if (messages.some((m: any) => m.text === text)) return messages;
      if (Date.now() > deadline) throw new Error(`"${text}" never reached the chat of ${customer}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** The chat's messages once `ready` says they show what the test waits for. */
  const messagesOnceTrue = async (customer: string, ready: (messages: any[]) => boolean): Promise<any[]> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { messages } = await guruJson<any>(home, ['chat', 'show', customer, ...as]);
      if (ready(messages)) return messages;
      if (Date.now() > deadline) throw new Error(`the chat of ${customer} never showed what was awaited: ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const status = async (phone: string) => (await guruJson<any>(home, ['phone', 'status', phone])).linkState;
  const waitForState = async (phone: string, state: string, ms = 45_000) => {
    const deadline = Date.now() + ms;
    while ((await status(phone)) !== state) {
      if (Date.now() > deadline) throw new Error(`${phone} never reached ${state} (is ${await status(phone)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    fake = await FakeWhatsApp.start();
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['user', 'edit', 'ana@acme.com', '--visible-name', 'Ana Souza']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['phone', 'add', RJ]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    env = { GURU_WA_URL: fake.url, GURU_SYNC_SETTLE_MS: '1500', GURU_RECONNECT_MS: '200', GURU_QR_TIMEOUT_MS: '1500', GURU_WA_TRUST: trustSetting(fake) };
    daemon = await startDaemon(home, { env });
    maria = await fake.contact('5511977776666', 'Maria');
  });

  afterAll(async () => {
    await daemon?.stop();
    await fake?.close();
    await removeDir(dir);
  });

  it('links by QR: scanned by the registered number → pairing → history with progress → connected; synced chats listed', async () => {
    const contacts = await Promise.all(Array.from({ length: 20 }, (_, i) => fake.contact(`55119880000${String(i).padStart(2, '0')}`, `Hist ${i}`)));
    let scanned = false;
    const result = await link(SP, async (event) => {
      if (event.type === 'qr' && !scanned) {
        scanned = true;
        expect(event.qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
        await fake.scan(event.qr, { number: '5511999990000' });
        await fake.waitForOnline('5511999990000');
        const batches = [25, 50, 75, 100].map((progress, b) => ({
          progress,
          chats: contacts.slice(b * 5, b * 5 + 5).map((contact, c) => ({
            contact,
            // Every fifth message is one the business wrote on the phone.
            messages: Array.from({ length: 15 }, (_, m) => ({
              id: `H${b}${c}${m}`,
              text: `histórico ${b}-${c}-${m}`,
              time: 1_764_000_000 + m,
              fromMe: m % 5 === 4,
            })),
          })),
        }));
        await fake.sendHistory(batches);
      }
    });
    expect(result.stderr, JSON.stringify(result.events.map((e) => ({ ...e, qr: undefined })))).toBe('');
    expect(result.code).toBe(0);
    const types = result.events.map((e) => (e.type === 'state' ? `${e.state}${e.progress !== undefined ? `:${e.progress}` : ''}` : e.type));
    expect(types[0]).toBe('qr');
    expect(types).toContain('syncing:100');
    expect(types.at(-1)).toBe('linked');
    expect(await status(SP)).toBe('connected');
    const chats = await guruJson<any[]>(home, ['chat', 'list', ...as]);
    expect(chats.length).toBeGreaterThanOrEqual(20);
    expect(chats.reduce((n, c) => n + c.messageCount, 0)).toBeGreaterThanOrEqual(300);
    // history is not a new conversation: no rodízio ran for it
    expect(chats.every((c) => c.assignee === null)).toBe(true);
    // the business's own replies are in it too, as outgoing messages written on the phone
    const shown = await guruJson<any>(home, ['chat', 'show', '+5511988000000', ...as]);
    expect(shown.messages.filter((m: any) => m.direction === 'out').map((m: any) => [m.text, m.author])).toEqual([
      ['histórico 0-0-4', null],
      ['histórico 0-0-9', null],
      ['histórico 0-0-14', null],
    ]);
    expect((await guru(home, ['chat', 'show', '+5511988000000', ...as])).stdout).toMatch(/from the phone/);
  });

  it('Signal-encrypted messages arrive and are assigned by the rodízio; a reply reaches the contact signed', async () => {
    await fake.sendMessage(maria, 'Olá, quero um orçamento');
    const deadline = Date.now() + 30_000;
    let chat = (await guruJson<any[]>(home, ['chat', 'list', ...as])).find((c) => c.customer === '+5511977776666');
    while (!chat) {
      if (Date.now() > deadline) throw new Error('message never arrived');
      await new Promise((r) => setTimeout(r, 100));
      chat = (await guruJson<any[]>(home, ['chat', 'list', ...as])).find((c) => c.customer === '+5511977776666');
    }
    expect(chat).toMatchObject({ name: 'Maria', assignee: { ref: 'user:ana@acme.com' }, lastMessage: { text: 'Olá, quero um orçamento' } });
    await guruOk(home, ['chat', 'send', chat.id, 'Claro! Qual produto?', ...as]);
    const [delivered] = await fake.waitForDelivered(1);
    expect(delivered).toMatchObject({ to: '5511977776666', text: '*Ana Souza:*\nClaro! Qual produto?' });
  });

  it('what someone writes on the phone itself shows in the chat as outgoing, "from the phone"', async () => {
    await fake.sendFromPhone(maria, 'Respondido no celular');
    const messages = await messagesOnceShown('+5511977776666', 'Respondido no celular');
    expect(messages.at(-1)).toMatchObject({ direction: 'out', author: null, text: 'Respondido no celular' });
    // and Guru's own reply, sent before, is there once (its echo from WhatsApp was a duplicate)
    expect(messages.filter((m: any) => m.text === '*Ana Souza:*\nClaro! Qual produto?')).toHaveLength(1);
  });

  it('an image with its caption, and a reaction to it, arrive through real Baileys as content (described; no bytes fetched)', async () => {
    const image = {
      mimetype: 'image/jpeg',
      caption: 'Foto do defeito',
      fileLength: 48_213,
      width: 1280,
      height: 960,
      // The simulator's media host (never WhatsApp's: tests stay offline), which has no such file.
      url: `https://${fake.media.host}/v/t62.7118-24/unreachable.enc`,
      directPath: '/v/t62.7118-24/unreachable.enc',
      mediaKey: Buffer.alloc(32, 7),
      fileSha256: Buffer.alloc(32, 8),
      fileEncSha256: Buffer.alloc(32, 9),
    };
    const imageId = await fake.sendMessage(maria, { imageMessage: image });
    let messages = await messagesOnceShown('+5511977776666', '📷 image · Foto do defeito');
    expect(messages.find((m: any) => m.id === imageId)).toMatchObject({
      direction: 'in',
      content: { type: 'image', caption: 'Foto do defeito', mimetype: 'image/jpeg', size: 48_213, width: 1280, height: 960 },
    });
    await fake.sendMessage(maria, { reactionMessage: { key: { remoteJid: `${SP.slice(1)}@s.whatsapp.net`, fromMe: true, id: imageId }, text: '👍' } });
    // The reaction shows on the image (chat show folds it there), not as a message of its own.
    messages = await messagesOnceTrue('+5511977776666', (all) => all.some((m) => m.id === imageId && m.reactions?.length === 1));
    expect(messages.find((m: any) => m.id === imageId).reactions).toEqual([{ emoji: '👍', from: 'customer', time: expect.any(String) }]);
    expect(messages.some((m: any) => m.content.type === 'reaction')).toBe(false);
    expect((await guruOk(home, ['chat', 'show', '+5511977776666', ...as])).stdout).toMatch(/← Maria: 📷 image · Foto do defeito {2}\[[^\]]+\]\n {4}👍 Maria\n/);
  });

  it('a quoted reply, an edit and a deletion for everyone, through real Baileys, show in `chat show --json` on the messages they are about', async () => {
    const key = (id: string) => ({ remoteJid: `${SP.slice(1)}@s.whatsapp.net`, fromMe: true, id });
    const first = await fake.sendMessage(maria, 'Quero 2 caixas');
    const secret = await fake.sendMessage(maria, 'meu cartão é 4111 1111');
    await messagesOnceShown('+5511977776666', 'meu cartão é 4111 1111');
    await fake.sendMessage(maria, {
      extendedTextMessage: {
        text: 'É sobre esse pedido',
        contextInfo: { stanzaId: first, participant: maria.jid, quotedMessage: { conversation: 'Quero 2 caixas' } },
      },
    });
    await fake.sendMessage(maria, { protocolMessage: { key: key(first), type: 14, editedMessage: { conversation: 'Quero 3 caixas' } } });
    await fake.sendMessage(maria, { protocolMessage: { key: key(secret), type: 0 } });
    const messages = await messagesOnceTrue(
      '+5511977776666',
      (all) => all.some((m) => m.id === secret && m.deleted) && all.some((m) => m.id === first && m.edited),
    );
    expect(messages.find((m: any) => m.id === first)).toMatchObject({ text: 'Quero 3 caixas', edited: true, original: 'Quero 2 caixas' });
    expect(messages.find((m: any) => m.id === secret)).toMatchObject({ text: 'meu cartão é 4111 1111', deleted: true, direction: 'in' });
    expect(messages.find((m: any) => m.text === 'É sobre esse pedido')).toMatchObject({ replyTo: { id: first, text: 'Quero 3 caixas' } });
    expect(messages.some((m: any) => m.content.type === 'edit' || m.content.type === 'delete')).toBe(false);
  });

  it('a customer writing first by LID, then by number, is one chat', async () => {
    const joao = await fake.contact('5511955554444', 'João', { lid: '88776655443322' });
    await fake.sendMessage(joao, 'pelo LID', { viaLid: true });
    await fake.sendMessage(joao, 'pelo número');
    const deadline = Date.now() + 30_000;
    const show = () => guru(home, ['chat', 'show', '+5511955554444', '--json', ...as]);
    let shown = await show();
    while (shown.code !== 0 || JSON.parse(shown.stdout).messages.length < 2) {
      if (Date.now() > deadline) throw new Error(`messages never arrived: ${shown.stdout}${shown.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
      shown = await show();
    }
    // One chat holding both (WhatsApp may hand them over in either order).
    expect(
      JSON.parse(shown.stdout)
        .messages.map((m: any) => m.text)
        .sort(),
    ).toEqual(['pelo LID', 'pelo número']);
    expect((await guruJson<any[]>(home, ['chat', 'list', '--search', 'pelo', ...as])).length).toBe(1);
  });

  it('a daemon restart resumes the session without a QR', async () => {
    await daemon.stop();
    daemon = await startDaemon(home, { env });
    await waitForState(SP, 'connected');
  });

  it('a server drop reconnects with backoff, and nothing arrives twice', async () => {
    fake.dropConnections();
    await waitForState(SP, 'connected');
    await fake.sendMessage(maria, 'depois da queda');
    const messages = await messagesOnceShown('+5511977776666', 'depois da queda');
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    console.log(`whatsapp faults: server drop — reconnected, ${messages.length} messages in the chat, 0 duplicates`);
  });

  it('a retry receipt gets a message encrypted again for the customer it was sent to, never for another contact', async () => {
    // The socket is fresh (the drop above), so Baileys' own cache of recent sends is empty and it
    // asks Guru for the message, as after any restart.
    const sent = fake.delivered.find((d) => d.to === maria.number && d.text === '*Ana Souza:*\nClaro! Qual produto?');
    expect(sent).toBeDefined();
    const pedro = await fake.contact('5511966665555', 'Pedro');
    // Pedro says he failed to decrypt Maria's message (ids travel in receipts: easy to learn).
    await fake.sendReceipt(pedro, sent!.id, 'retry');
    // Maria's device says the same; receipts are handled one at a time, in order.
    await fake.sendReceipt(maria, sent!.id, 'retry');
    await fake.waitFor(() => fake.redelivered.some((d) => d.to === maria.number && d.id === sent!.id), 30_000, 'Maria to get her message again');
    expect(fake.redelivered.find((d) => d.to === maria.number && d.id === sent!.id)?.text).toBe('*Ana Souza:*\nClaro! Qual produto?');
    expect([...fake.delivered, ...fake.redelivered].filter((d) => d.to === pedro.number)).toEqual([]);
  });

  it('scanned with a different number: fails naming both numbers, stays unlinked, keeps no credentials', async () => {
    let scanned = false;
    const result = await link(RJ, async (event) => {
      if (event.type === 'qr' && !scanned) {
        scanned = true;
        await fake.scan(event.qr, { number: '5531977770000' });
      }
    });
    expect(result.code, JSON.stringify(result.events.map((e) => ({ ...e, qr: undefined })))).toBe(4);
    expect(result.stderr).toMatch(/\+5531977770000.*\+5521988880000/);
    expect(await status(RJ)).toBe('unlinked');
    await expect(stat(join(home, 'whatsapp', '5521988880000.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    console.log('whatsapp faults: scanned by the wrong number — refused naming both, unlinked, 0 credentials kept');
  });

  it('Ctrl-C while waiting for the scan cancels cleanly: exit 130, still unlinked, nothing kept', async () => {
    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', RJ, '--json'], { env: { ...process.env, GURU_HOME: home } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    for (let i = 0; i < 200 && !out.includes('"qr"'); i++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(/cancelled — nothing of it was kept/);
    await waitForState(RJ, 'unlinked');
    await expect(stat(join(home, 'whatsapp', '5521988880000.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('links by pairing code: the code typed on the phone pairs it; then unlinked again', async () => {
    let entered = false;
    const result = await link(
      RJ,
      async (event) => {
        if (event.type === 'pairing-code' && !entered) {
          entered = true;
          expect(event.code).toHaveLength(8);
          await fake.enterPairingCode(event.code, { number: '5521988880000' });
        }
      },
      ['--pairing-code'],
    );
    expect(result.code, JSON.stringify(result.events.map((e) => ({ ...e, qr: undefined }))) + result.stderr).toBe(0);
    expect(result.events.some((e) => e.type === 'pairing-code')).toBe(true);
    // Waiting for the code to be typed, not for a scan: no QR (state) is ever shown.
    const states = result.events.filter((e) => e.type === 'state').map((e) => e.state);
    expect(states).toContain('waiting_code');
    expect(states).not.toContain('waiting_qr');
    expect(result.events.some((e) => e.type === 'qr')).toBe(false);
    expect(result.events.at(-1)?.type).toBe('linked');
    expect(fake.linkedNumbers).toContain('5521988880000');
    expect(await status(RJ)).toBe('connected');
    await guruOk(home, ['phone', 'unlink', RJ]);
    expect(await status(RJ)).toBe('unlinked');
    await fake.waitFor(() => !fake.linkedNumbers.includes('5521988880000'), 20_000, 'the server to forget the device');
    // The next test links RJ again on this same transport: an unlink must leave it clean.
  });

  it('when the QR codes run out: "QR expired — run guru phone link again"', async () => {
    const result = await link(RJ);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/QR expired — run `guru phone link \+5521988880000` again/);
    expect(result.events.filter((e) => e.type === 'qr').length).toBeGreaterThan(1);
    expect(await status(RJ)).toBe('unlinked');
    console.log(`whatsapp faults: QR expired after ${result.events.filter((e) => e.type === 'qr').length} codes — "QR expired", unlinked`);
  }, 120_000);

  it('440 (another client took the session): stops and reports "replaced"', async () => {
    await fake.replaceSession('5511999990000');
    await waitForState(SP, 'replaced');
    await new Promise((r) => setTimeout(r, 800));
    expect(await status(SP)).toBe('replaced'); // no reconnect
    console.log('whatsapp faults: 440 — replaced, no reconnect');
  });

  it('unlink logs the companion out and forgets it', async () => {
    let scanned = false;
    const linked = await link(RJ, async (event) => {
      if (event.type === 'qr' && !scanned) {
        scanned = true;
        await fake.scan(event.qr, { number: '5521988880000' });
      }
    });
    expect(linked.code).toBe(0);
    expect(fake.linkedNumbers).toContain('5521988880000');
    await guruOk(home, ['phone', 'unlink', RJ]);
    expect(await status(RJ)).toBe('unlinked');
    await expect(stat(join(home, 'whatsapp', '5521988880000.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await fake.waitFor(() => !fake.linkedNumbers.includes('5521988880000'), 20_000, 'the server to forget the device');
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((e) => e.target === RJ).map((e) => e.action)).toEqual(expect.arrayContaining(['phone.link', 'phone.link_failed', 'phone.unlink']));
  });

  it('401 (logged out): logged_out, credentials wiped', async () => {
    await daemon.stop();
    daemon = await startDaemon(home, { env });
    await waitForState(SP, 'connected');
    await fake.logoutSession('5511999990000');
    await waitForState(SP, 'logged_out');
    await expect(stat(join(home, 'whatsapp', '5511999990000.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    console.log('whatsapp faults: 401 — logged_out, credentials wiped');
  });
});
