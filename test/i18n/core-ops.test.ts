import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { isGuruError } from '../../src/core/errors.js';
import { acceptUpload, outgoingMedia } from '../../src/core/media/outgoing.js';
import { noMediaRemote } from '../../src/core/media/remote.js';
import { OWNER } from '../../src/core/model.js';
import { notLinked } from '../../src/core/ops/links.js';
import type { Language } from '../../src/i18n/language.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { phoneOnFiles, testEngine } from '../helpers/engine.js';
import { png, webp } from '../helpers/media-files.js';

/**
 * The engine's operations (src/core/ops, src/core/media) refuse in the language of whoever asked:
 * the same refusal, raised by the real engine over real stores, reads in English for an English
 * caller (today's words, which scripts and tests match) and in Portuguese for a Brazilian one —
 * the daemon runs each request in its caller's language, as `runInLanguage` does here.
 */
const PHONE = '+5511999990000';
const CUSTOMER = '5511977776666';

/** The error `work` fails with when asked in `language` (its code and message). */
async function refusal(language: Language, work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await runInLanguage(language, work).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isGuruError(err)) throw new Error(`expected a GuruError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

/** Both languages: the English words as they always were, the Portuguese ones, the same code. */
async function inBoth(work: () => Promise<unknown>, english: string, portuguese: string): Promise<void> {
  const en = await refusal('en', work);
  const pt = await refusal('pt-BR', work);
  expect(en.message).toBe(english);
  expect(pt.message).toBe(portuguese);
  expect(pt.code).toBe(en.code);
}

beforeAll(() => loadLanguages('pt-BR'));

describe('chat operations refuse in the caller’s language', () => {
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let engine: Engine;

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-i18n-ops-', PHONE);
    engine = new Engine({
      stores: { ...fixture.store, journal: fixture.journal },
      conversations: { sender: { send: async () => undefined }, publish: () => undefined, outbox: { retryMs: 20, firstTryWaitMs: 60_000 } },
    });
    await engine.chats.load();
    engine.chats.phoneState(PHONE, 'connected');
    await engine.chats.receive({
      phone: PHONE,
      id: 'IN-1',
      from: `${CUSTOMER}@s.whatsapp.net`,
      content: textContent('Oi'),
      time: '2026-11-26T10:00:00.000Z',
    });
  });
  afterEach(async () => {
    engine.chats.stop();
    await fixture.close();
  });

  const ana = async () => engine.as({ type: 'user', userId: (await fixture.store.state.read()).users[0]!.id });

  it('a chat that does not exist, an empty note, an empty schedule, a customer not seen', async () => {
    const as = await ana();
    await inBoth(() => as.chats.show('nope'), 'no chat "nope" — see `guru chat list`', 'não há conversa "nope" — veja `guru chat list`');
    const chat = engine.chats.index.forCustomer(PHONE, `+${CUSTOMER}`)!;
    await inBoth(
      () => as.notes.add(chat.id, '   '),
      'the note is empty — write what the team should know about this chat',
      'a nota interna está vazia — escreva o que a equipe deve saber sobre esta conversa',
    );
    await inBoth(
      () => as.scheduled.schedule(chat.id, '', '2030-01-01 09:00'),
      'nothing to schedule: the message is empty',
      'nada para agendar: a mensagem está vazia',
    );
    await inBoth(
      () => as.contacts.show('5511900001111'),
      'no customer "5511900001111" in the chats you may see — give their number or a chat id (see `guru contact list`)',
      'não há cliente "5511900001111" nas conversas que você pode ver — informe o número dele ou o id de uma conversa (veja `guru contact list`)',
    );
  });

  it('the owner acting as nobody keeps `guru login` verbatim (the client rewrites it for a remote server)', async () => {
    await inBoth(
      () => engine.as(OWNER).chats.start('+5511977770000', 'Oi'),
      'the owner cannot start a conversation as nobody — act as a user: `guru login`, or `--as <email>`',
      'o dono não pode iniciar uma conversa sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
    );
  });

  it('what a refused permission was for is said in the caller’s language too', async () => {
    await engine.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse battery' });
    const bia = engine.as({ type: 'user', userId: (await engine.as(OWNER).users.show('bia@acme.com')).id });
    const pt = await refusal('pt-BR', () => bia.chats.start('+5511977770000'));
    expect(pt.code).toBe('permission_denied');
    expect(pt.message).toContain('iniciar conversas');
    expect((await refusal('en', () => bia.chats.start('+5511977770000'))).message).toContain('start conversations');
  });
});

describe('without a daemon', () => {
  let team: Awaited<ReturnType<typeof testEngine>>;
  beforeAll(async () => {
    team = await testEngine();
  });
  afterAll(() => team.cleanup());

  it('says where chats and contacts live, in the caller’s language', async () => {
    const ana = await team.as('ana@acme.com');
    await inBoth(
      () => ana.chats.list(),
      'chats live in the daemon — start it with `guru daemon start`',
      'as conversas ficam no daemon — inicie-o com `guru daemon start`',
    );
    await inBoth(
      () => ana.contacts.list(),
      'contacts live in the daemon — start it with `guru daemon start`',
      'os contatos ficam no daemon — inicie-o com `guru daemon start`',
    );
  });
});

describe('the team’s administration refuses in the caller’s language', () => {
  let team: Awaited<ReturnType<typeof testEngine>>;
  beforeEach(async () => {
    team = await testEngine({ seats: 2 });
  });
  afterEach(() => team.cleanup());

  it('account, users and seats', async () => {
    const { owner } = team;
    await inBoth(
      () => owner.account.init({ accountName: 'B', seats: 1, adminEmail: 'x@acme.com', adminName: 'X', adminPassword: 'correct horse battery' }),
      'Guru is already initialised here (account "Acme") — see `guru account show`',
      'o Guru já foi inicializado aqui (conta "Acme") — veja `guru account show`',
    );
    await inBoth(
      () => owner.account.set({}),
      'nothing to change — pass --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz or --retention',
      'nada para alterar — passe --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz ou --retention',
    );
    await inBoth(
      () => owner.users.add({ email: 'ana@acme.com', name: 'Ana' }),
      'a user with email ana@acme.com already exists — see `guru user show ana@acme.com`',
      'já existe um usuário com o e-mail ana@acme.com — veja `guru user show ana@acme.com`',
    );
    // The label a name check starts with is the caller's, in the reader's language.
    await inBoth(() => owner.users.add({ email: 'bia@acme.com', name: '  ' }), 'name must not be empty', 'o nome não pode ficar vazio');
    await inBoth(
      () => owner.users.disable('ana@acme.com'),
      'cannot disable Ana <ana@acme.com>: it is the last active admin',
      'não é possível desativar Ana <ana@acme.com>: é o último administrador ativo',
    );
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    await inBoth(
      () => owner.users.add({ email: 'caio@acme.com', name: 'Caio' }),
      'seat limit reached: 2/2 active users — raise it with `guru account set --seats 3` or free a seat with `guru user disable <email>`',
      'limite de licenças atingido: 2/2 usuários ativos — aumente com `guru account set --seats 3` ou libere uma licença com `guru user disable <email>`',
    );
  });

  it('departments (one or several not members, in each language’s number), phones, round-robins, tags, unlinking', async () => {
    const { owner } = team;
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    await owner.departments.add('Vendas');
    await inBoth(
      () => owner.departments.add('vendas'),
      'a department named "vendas" already exists — see `guru dept list`',
      'já existe um departamento chamado "vendas" — veja `guru dept list`',
    );
    await inBoth(() => owner.departments.removeMembers('Vendas', ['bia@acme.com']), 'bia@acme.com is not in Vendas', 'bia@acme.com não está em Vendas');
    await inBoth(
      () => owner.departments.removeMembers('Vendas', ['bia@acme.com', 'ana@acme.com']),
      'bia@acme.com, ana@acme.com are not in Vendas',
      'bia@acme.com, ana@acme.com não estão em Vendas',
    );
    await owner.phones.add(PHONE);
    await inBoth(
      () => owner.phones.add(PHONE),
      `phone ${PHONE} is already registered — see \`guru phone list\``,
      `o número ${PHONE} já está cadastrado — veja \`guru phone list\``,
    );
    await inBoth(
      () => owner.roundRobin.add(PHONE, 'bia'),
      '"bia" is not a round-robin target — use user:<email> or dept:<name>',
      '"bia" não é um destino de rodízio — use user:<email> ou dept:<nome>',
    );
    await inBoth(
      async () => {
        throw notLinked(PHONE, 'logged_out');
      },
      `${PHONE} is not linked (WhatsApp logged it out; its credentials are already gone) — nothing to unlink; link it with \`guru phone link ${PHONE}\``,
      `${PHONE} não está conectado (o WhatsApp o desconectou; as credenciais já foram apagadas) — nada para desconectar; conecte-o com \`guru phone link ${PHONE}\``,
    );
    await owner.tags.add('Urgente');
    await inBoth(
      () => owner.tags.update('Urgente', {}),
      'give a new name, a colour (--colour), or both',
      'informe um novo nome, uma cor (--colour) ou os dois',
    );
  });

  it('what the granting rule refuses is said with the words users hand it, in the caller’s language', async () => {
    await team.owner.users.add({ email: 'bia@acme.com', name: 'Bia', permissions: ['users.manage'] });
    const bia = await team.as('bia@acme.com');
    await inBoth(
      () => bia.users.add({ email: 'caio@acme.com', name: 'Caio', permissions: ['chats.view_all'] }),
      'you cannot give chats.view_all to caio@acme.com (as their own permission): you do not hold it — ask an admin to do it',
      'você não pode dar a permissão chats.view_all a caio@acme.com (como permissão própria): você não a tem — peça a um administrador para fazer isso',
    );
    await inBoth(
      () => bia.users.disable('ana@acme.com'),
      'only admins can disable an admin (ana@acme.com) — ask an admin to do it',
      'só administradores podem desativar um administrador (ana@acme.com) — peça a um administrador para fazer isso',
    );
  });

  it('what a refused permission was for, for someone without it', async () => {
    await team.owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    const bia = await team.as('bia@acme.com');
    const pt = await refusal('pt-BR', () => bia.departments.add('Suporte'));
    expect(pt.code).toBe('permission_denied');
    expect(pt.message).toContain('adicionar departamentos');
    expect((await refusal('en', () => bia.departments.add('Suporte'))).message).toContain('add departments');
  });
});

describe('files refuse, and the media store warns, in the caller’s language', () => {
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-i18n-media-', PHONE);
  });
  afterEach(() => fixture.close());

  it('a file that is not what its name says, one too large for its kind, one over the quota', async () => {
    const media = fixture.store.media!;
    const send = async (bytes: Buffer, fileName: string) => {
      const { sha256 } = await acceptUpload(media, Readable.from([bytes]));
      return () => outgoingMedia(media, { sha256, fileName });
    };
    await inBoth(
      await send(png(1_000), 'boleto.pdf'),
      'boleto.pdf is not a .pdf file: its content is a PNG image (image/png) — rename it to .png, or pick the right file',
      'boleto.pdf não é um arquivo .pdf: o conteúdo dele é uma imagem PNG (image/png) — renomeie-o para .png ou escolha o arquivo certo',
    );
    await inBoth(
      await send(webp(150_000), 'figurinha.webp'),
      'figurinha.webp is too large: 146 KB, and WhatsApp takes a sticker of at most 100 KB — make it smaller',
      'figurinha.webp é grande demais: 146 KB, e o WhatsApp aceita uma figurinha de no máximo 100 KB — diminua o arquivo',
    );
    await inBoth(
      () => acceptUpload(media, Readable.from([png(1_000)]), 0),
      'media storage is full (its quota is reached) — an admin can raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`), then send the file again',
      'o armazenamento de mídia está cheio (a cota foi atingida) — um administrador pode aumentá-la (`guru account set --media-quota`) ou liberar espaço (`guru media prune --older-than 180d`); depois envie o arquivo de novo',
    );
  });

  it('a full store: its warning reads in the asker’s language and the log stays English; a file held back says why in the asker’s words', async () => {
    const logged: string[] = [];
    const engine = new Engine({
      stores: { ...fixture.store, journal: fixture.journal },
      conversations: {
        sender: { send: async () => undefined },
        publish: () => undefined,
        warn: (message) => logged.push(message),
        media: { remote: noMediaRemote },
      },
    });
    await engine.chats.load();
    try {
      const owner = engine.as(OWNER);
      await owner.account.set({ mediaQuota: 1024 * 1024 });
      await fixture.store.media!.put(Readable.from([randomBytes(1024 * 1024)]));
      const pt = await runInLanguage('pt-BR', () => owner.media.usage());
      expect(pt.warning).toBe(
        'o armazenamento de mídia está cheio (1 MB da cota de 1 MB): os arquivos novos ficam no WhatsApp até que haja espaço — aumente a cota (`guru account set --media-quota`) ou libere espaço (`guru media prune --older-than 180d`)',
      );
      expect(logged).toEqual([
        'media storage is full (1 MB of its 1 MB quota): new files stay on WhatsApp until space is freed — raise the quota (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`)',
      ]);
      expect((await runInLanguage('en', () => owner.media.usage())).warning).toBe(logged[0]);

      // A customer's photo comes in while the store is full: it stays on WhatsApp, and asking for it says why.
      await engine.chats.receive({
        phone: PHONE,
        id: 'PHOTO-1',
        from: `${CUSTOMER}@s.whatsapp.net`,
        content: { type: 'image', mimetype: 'image/jpeg', size: 2_000 },
        mediaSource: 'source-1',
        time: '2026-11-26T10:00:00.000Z',
      });
      const ana = engine.as({ type: 'user', userId: (await fixture.store.state.read()).users[0]!.id });
      await inBoth(
        () => ana.chats.media('PHOTO-1'),
        'the file of message PHOTO-1 is not in Guru yet (media quota full — an admin can raise it (`guru account set --media-quota`) or free space (`guru media prune --older-than 180d`)) — try again in a moment',
        'o arquivo da mensagem PHOTO-1 ainda não está no Guru (cota de mídia cheia — um administrador pode aumentá-la (`guru account set --media-quota`) ou liberar espaço (`guru media prune --older-than 180d`)) — tente de novo daqui a pouco',
      );
    } finally {
      await engine.media.stop(0);
      engine.chats.stop();
    }
  });
});
