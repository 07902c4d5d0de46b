import { writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveMentions } from '../../src/core/chats/mentions.js';
import { parseContent } from '../../src/core/chats/content-schema.js';
import { Engine } from '../../src/core/engine.js';
import { GuruError } from '../../src/core/errors.js';
import { OWNER } from '../../src/core/model.js';
import { SOCKET_ORIGIN } from '../../src/core/origin.js';
import { textContent } from '../../src/core/chats/content.js';
import { chooseLanguage, loadLanguages, runInLanguage, t } from '../../src/i18n/translate.js';
import { diskError } from '../../src/store/disk-errors.js';
import { openStores } from '../../src/store/open.js';
import { StateFileAdapter } from '../../src/store/state-file.js';
import type { FileStores } from '../../src/store/store.js';
import { phoneOnFiles } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { inProcessRouter } from '../helpers/in-process-router.js';
import { TestClock } from '../helpers/test-clock.js';

// The refusals of chats, of the store and of a request that does not fit its schema, in the
// language of whoever asked: values, fields and commands verbatim around Portuguese words.
const refusal = async (work: () => unknown): Promise<string> => {
  try {
    await work();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};
const inBoth = async (work: () => unknown) => ({
  en: await runInLanguage('en', () => refusal(work)),
  pt: await runInLanguage('pt-BR', () => refusal(work)),
});

const PW = 'correct horse battery';
const OWNER_TOKEN = 'o'.repeat(64);
let dir: string;

beforeAll(async () => {
  await loadLanguages('pt-BR');
  dir = await makeTempDir('guru-i18n-chats-');
});
afterAll(() => removeDir(dir));

describe('chats and the store refuse in the reader’s language', () => {
  it('an @name that fits nobody, a content of the wrong shape', async () => {
    const users = [{ id: 'u1', email: 'ana@acme.com', name: 'Ana', visibleName: 'Ana', active: true }];
    const nobody = await inBoth(() => resolveMentions('@zeca olha isso', users));
    expect(nobody.en).toBe(
      'no one on the team is called @zeca — mention a colleague by the first part of their e-mail or their first name (the note was not saved)',
    );
    expect(nobody.pt).toBe(
      'ninguém na equipe se chama @zeca — mencione um colega pela primeira parte do e-mail ou pelo primeiro nome (a nota interna não foi salva)',
    );

    const wrongType = await inBoth(() => parseContent({ type: 'text', text: 5 }));
    expect(wrongType.en).toBe('content.text: Invalid input: expected string, received number');
    expect(wrongType.pt).toBe('content.text: Entrada inválida: esperava um texto, recebeu um número');
    const badHash = await inBoth(() => parseContent({ type: 'image', sha256: 'ABC' }));
    expect(badHash.en).toBe('content.sha256: a sha256 in lowercase hex');
    expect(badHash.pt).toBe('content.sha256: um sha256 em hexadecimal minúsculo');
    expect((await inBoth(() => parseContent({ type: 'text', text: 'oi', extra: 1 }))).pt).toBe('content: Campo desconhecido: "extra"');
    expect((await inBoth(() => parseContent(null))).pt).toMatch(/^content: esperava um objeto — o conteúdo de uma mensagem é \{"type": "text"/);
  });

  it('a corrupt state file and a full disk say what happened and what to do, paths verbatim', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, '{"schemaVersion": 5,');
    const corrupt = await inBoth(() => new StateFileAdapter(file).read());
    expect(corrupt.en).toMatch(
      /^state file .*state\.json is not valid JSON \(.*\) — Guru stopped without touching it; restore it from a backup or fix it by hand$/,
    );
    expect(corrupt.pt).toMatch(
      /^o arquivo de estado .*state\.json não é um JSON válido \(.*\) — o Guru parou sem mexer nele; restaure-o de um backup ou corrija-o à mão$/,
    );

    const full = runInLanguage('pt-BR', () => (diskError({ code: 'ENOSPC' }, '/srv/guru/state.json', t`the state file was not changed`) as Error).message);
    expect(full).toBe(
      'disco cheio: não há espaço no disco de /srv/guru (gravando /srv/guru/state.json) — o arquivo de estado não foi alterado; libere espaço em disco e tente de novo',
    );
  });
});

describe('a request that does not fit its schema is refused in the caller’s language', () => {
  let store: FileStores;
  let server: Server;
  let socket: string;

  beforeAll(async () => {
    store = await openStores({ kind: 'files', home: join(dir, 'data'), lock: 'hold', create: true });
    const engine = new Engine({ stores: store, stateNow: () => store.stateNow() });
    await engine.as(OWNER).account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    const { router } = inProcessRouter(engine, OWNER_TOKEN);
    socket = join(dir, 'api.sock');
    server = createServer((req, res) => void router.handle(req, res, SOCKET_ORIGIN));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it('zod’s words and the schema’s own, with the field named as sent', async () => {
    const wrongType = await send('pt-BR', 'POST', '/v1/users', { email: 'x@acme.com', name: 7, password: PW });
    expect(wrongType.status).toBe(400);
    expect(wrongType.message).toMatch(/ — name: Entrada inválida: esperava um texto, recebeu um número$/);
    expect((await send('en', 'POST', '/v1/users', { email: 'x@acme.com', name: 7, password: PW })).message).toBe(
      'invalid request body — name: Invalid input: expected string, received number',
    );
    expect((await send('pt-BR', 'POST', '/v1/users', { email: 'x@acme.com', password: PW })).message).toMatch(/ — name: Obrigatório: esperava um texto$/);

    const both = await send('pt-BR', 'POST', '/v1/chats/c1/messages', { text: 'oi', quick: 'boas-vindas' });
    expect(both.message).toMatch(/ — informe um só: texto, um arquivo ou uma resposta rápida$/);
    expect((await send('pt-BR', 'POST', '/v1/chats/c1/messages', { text: 'oi', colour: 'red' })).message).toMatch(/ — Campo desconhecido: "colour"$/);
    expect((await send('pt-BR', 'POST', '/v1/chats/c1/messages', { text: 'x'.repeat(100_001) })).message).toMatch(
      / — text: Longo demais: o texto pode ter no máximo 100000 caracteres$/,
    );
  });

  function send(language: string, method: string, path: string, body: unknown) {
    return new Promise<{ status: number; message: string }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${OWNER_TOKEN}`, 'content-type': 'application/json', 'accept-language': language };
      const req = request({ socketPath: socket, method, path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, message: (JSON.parse(text) as { error: { message: string } }).error.message }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }
});

describe('what is recorded stays in English, whatever the daemon speaks', () => {
  it('a scheduled message WhatsApp would refuse is dropped with its reason journaled and audited in English', async () => {
    const phone = '+5511999990000';
    const fixture = await phoneOnFiles('guru-i18n-scheduled-', phone);
    const clock = new TestClock('2026-12-01T12:00:00.000Z');
    const engine = new Engine({
      stores: { ...fixture.store, journal: fixture.journal },
      clock,
      conversations: { sender: { send: async () => undefined }, publish: () => undefined, outbox: { retryMs: 20, firstTryWaitMs: 60_000 } },
    });
    await chooseLanguage('pt-BR');
    try {
      await engine
        .as(OWNER)
        .users.add({ email: 'bia@acme.com', name: 'Bia', visibleName: 'Bia', permissions: ['chats.send', 'chats.view_unassigned'], password: PW });
      await engine.chats.load();
      engine.chats.phoneState(phone, 'connected');
      await engine.chats.receive({ phone, id: 'IN-1', from: '5511977776666@s.whatsapp.net', content: textContent('Oi'), time: clock.now().toISOString() });
      const chatId = engine.chats.index.forCustomer(phone, '+5511977776666')!.id;
      const userId = (await fixture.store.state.read()).users.find((u) => u.email === 'bia@acme.com')!.id;
      // The text fits; with Bia's signature it no longer does, which only the send finds out.
      await engine.as({ type: 'user', userId }).scheduled.schedule(chatId, 'x'.repeat(65_536), '2026-12-01T12:00:05Z');
      clock.advance(5_000);
      const dropped = async () => (await fixture.store.audit.list({})).find((a) => a.action === 'chat.schedule.dropped');
      await vi.waitFor(async () => expect(await dropped()).toBeDefined(), { timeout: 30_000 });
      expect((await dropped())!.details?.reason).toBe('message too long (65543 characters; WhatsApp takes at most 65536)');
    } finally {
      await chooseLanguage('en');
      engine.chats.stop();
      await fixture.close();
    }
  });
});

describe('a failed send', () => {
  it('is refused to the sender in their language; its reason is journaled in English', async () => {
    const phone = '+5511999990000';
    const fixture = await phoneOnFiles('guru-i18n-outbox-', phone);
    const engine = new Engine({
      stores: { ...fixture.store, journal: fixture.journal },
      conversations: {
        // What a transport refuses says so in the language it is asked in.
        sender: { send: async () => Promise.reject(new GuruError('internal', t`WhatsApp refused it`)) },
        publish: () => undefined,
        outbox: { retryMs: 20, firstTryWaitMs: 60_000 },
      },
    });
    try {
      await engine.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia', permissions: ['chats.send', 'chats.view_unassigned'], password: PW });
      await engine.chats.load();
      engine.chats.phoneState(phone, 'connected');
      await engine.chats.receive({ phone, id: 'IN-1', from: '5511977776666@s.whatsapp.net', content: textContent('Oi'), time: new Date().toISOString() });
      const chatId = engine.chats.index.forCustomer(phone, '+5511977776666')!.id;
      const userId = (await fixture.store.state.read()).users.find((u) => u.email === 'bia@acme.com')!.id;
      const bia = engine.as({ type: 'user', userId });
      const refused = await runInLanguage('pt-BR', () => refusal(() => bia.chats.send(chatId, 'oi')));
      expect(refused).toMatch(/^a mensagem não foi enviada: WhatsApp refused it — ela fica guardada como falha: envie de novo com `guru chat retry \S+`$/);
      const failed = (await bia.chats.show(chatId)).messages.find((m) => m.direction === 'out')!;
      expect(failed).toMatchObject({ status: 'failed', reason: 'WhatsApp refused it' });
    } finally {
      engine.chats.stop();
      await fixture.close();
    }
  });
});
