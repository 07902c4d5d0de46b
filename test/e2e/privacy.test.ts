import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { PtySession } from '../helpers/pty.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { SP, seedTeam } from '../helpers/team.js';

const MARIA = '+5511988881111'; // erased
const JOAO = '+5511988882222';
const RITA = '+5511988883333';
const ana = ['--as', 'ana@acme.com'];

/** Every file under `dir`, with its bytes. */
async function everyFile(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await everyFile(path)));
    else if (entry.isFile()) out.push({ path, bytes: await readFile(path) });
  }
  return out;
}

/** Where in the data dir any of `needles` is found (file and needle): in a file's bytes or its name. */
async function findAnywhere(home: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const { path, bytes } of await everyFile(home)) {
    for (const needle of needles) if (path.includes(needle) || bytes.includes(Buffer.from(needle))) hits.push(`${path.slice(home.length)}: ${needle}`);
  }
  return hits;
}

/**
 * `guru contact export` and `guru contact erase` (LGPD) against the real daemon: three customers
 * with messages, replies, a photo each (one photo shared by two of them), a note, tags and a
 * contact; one is erased. Then no byte of the data dir — journal, checkpoint, media, state,
 * contacts, audit, log — holds her number, names, words or photo; the others' journal lines
 * are the very same bytes, their chats show the same; the daemon restarts cleanly.
 */
describe('a customer’s data: export and erasure (real daemon)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const env = { env: { GURU_TRANSPORT: 'memory' } };
  const photo = (seed: string) => createHash('sha512').update(seed).digest();
  const mariaPhoto = Buffer.concat([photo('maria-1'), photo('maria-2')]);
  const shared = Buffer.concat([photo('shared-1'), photo('shared-2')]);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    dir = await makeTempDir('guru-privacy-e2e-');
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, env);
    const phone = memoryPhone(home, SP);
    const jid = (n: string) => `${n.slice(1)}@s.whatsapp.net`;
    await phone.write({ from: jid(MARIA), text: 'Oi, quero cancelar o plano Turquesa', pushName: 'Marizete' });
    await phone.write({ from: jid(JOAO), text: 'Bom dia, segue o comprovante', pushName: 'Joãozinho' });
    await phone.write({ from: jid(RITA), text: 'Qual o horário de vocês?', pushName: 'Ritinha' });
    // More than a chat keeps in memory: João's first messages are read back from the journal by
    // where they start — which changes when Maria's records before them are erased.
    for (let i = 0; i < 30; i++) {
      await phone.write({ from: jid(JOAO), text: `item ${i} do pedido` });
      if (i % 10 === 0) await phone.write({ from: jid(MARIA), text: `e o item ${i}, Turquesa?` });
    }
    const image = (size: number) => ({ type: 'image' as const, mimetype: 'image/jpeg', size, caption: 'foto' });
    await phone.write({ from: jid(MARIA), id: 'MARIAIMG1', content: image(mariaPhoto.length), media: mariaPhoto });
    await phone.write({ from: jid(MARIA), id: 'MARIAIMG2', content: image(shared.length), media: shared });
    await phone.write({ from: jid(JOAO), id: 'JOAOIMG1', content: image(shared.length), media: shared });
    await guruOk(home, ['chat', 'send', chatIdFor(SP, MARIA), 'Claro, Marizete: cancelamento do Turquesa anotado', ...ana]);
    await guruOk(home, ['chat', 'send', chatIdFor(SP, JOAO), 'Recebido, obrigado', ...ana]);
    await guruOk(home, ['chat', 'note', chatIdFor(SP, MARIA), 'ligar de volta sobre a multa rescisória', ...ana]);
    await guruOk(home, ['chat', 'note', chatIdFor(SP, JOAO), 'cliente antigo', ...ana]);
    await guruOk(home, ['tag', 'add', 'vip']);
    await guruOk(home, ['chat', 'tag', chatIdFor(SP, MARIA), '+vip', ...ana]);
    await guruOk(home, ['chat', 'tag', chatIdFor(SP, JOAO), '+vip', ...ana]);
    await guruOk(home, ['contact', 'set', MARIA, '--name', 'Marizete Albuquerque', '--field', 'cpf=123.456.789-00', ...ana]);
    await guruOk(home, ['contact', 'set', JOAO, '--name', 'João Pedro', ...ana]);
    // Reading her contact puts her number in the request log.
    await guruOk(home, ['contact', 'show', MARIA, ...ana]);
    for (const id of ['MARIAIMG1', 'MARIAIMG2', 'JOAOIMG1']) await guruOk(home, ['chat', 'media', id, '--save', dir, ...ana]);
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('exports everything held about a customer: messages, notes, tags, routing, contact, audit and the files', async () => {
    const out = join(dir, 'export-joao');
    const done = await guruJson<any>(home, ['contact', 'export', JOAO, '--out', out, ...ana]);
    expect(done).toMatchObject({ customer: JOAO, dir: out, chats: 1, files: 1, filesNotKept: 0 });
    const data = JSON.parse(await readFile(join(out, 'customer.json'), 'utf8'));
    expect(data).toMatchObject({ format: 'guru.customer-export/1', customer: JOAO, exportedBy: 'Ana Souza <ana@acme.com>' });
    expect(data.contacts).toEqual([expect.objectContaining({ customer: JOAO, name: 'João Pedro' })]);
    const [chat] = data.chats;
    expect(chat).toMatchObject({ id: chatIdFor(SP, JOAO), phone: SP, tags: [expect.objectContaining({ name: 'vip' })] });
    expect(chat.messages.map((m: any) => [m.direction, m.text])).toEqual([
      ['in', 'Bom dia, segue o comprovante'],
      ...Array.from({ length: 30 }, (_, i) => ['in', `item ${i} do pedido`]),
      ['in', expect.stringContaining('foto')],
      ['out', 'Recebido, obrigado'],
      ['note', 'cliente antigo'],
    ]);
    expect(chat.routing.steps.length).toBeGreaterThan(0);
    expect(data.audit.map((e: any) => e.action)).toEqual(expect.arrayContaining(['chat.send', 'chat.note', 'contact.set']));
    expect(await readFile(join(out, data.files.JOAOIMG1))).toEqual(shared);
    const readme = await readFile(join(out, 'README.txt'), 'utf8');
    expect(readme).toMatch(/Dados de \+5511988882222/);
    expect(readme).toMatch(/Data about \+5511988882222/);
    expect((await stat(join(out, 'customer.json'))).mode & 0o777).toBe(0o600);
    // Not over an export already there.
    const again = await guru(home, ['contact', 'export', JOAO, '--out', out, ...ana]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty — give a new directory with --out/);
  });

  it('needs contacts.privacy: a normal user gets exit 5 for export and erase, and nothing is erased', async () => {
    for (const verb of ['export', 'erase']) {
      const refused = await guru(home, ['contact', verb, JOAO, ...(verb === 'erase' ? ['--yes'] : ['--out', join(dir, 'x')]), '--as', 'bia@acme.com']);
      expect([verb, refused.code]).toEqual([verb, 5]);
      expect(refused.stderr).toMatch(/contacts\.privacy/);
    }
    expect((await guruJson<any>(home, ['contact', 'show', JOAO, ...ana])).name).toBe('João Pedro');
  });

  it('retention: set with `account set --retention`, shown by `account show`, planned by `retention plan` (contacts.privacy)', async () => {
    expect((await guruJson<any>(home, ['retention', 'plan', ...ana])).retention).toBeNull();
    const bad = await guru(home, ['account', 'set', '--retention', '3d']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/30 days to 100 years/);
    expect((await guruJson<any>(home, ['account', 'set', '--retention', '24mo'])).retention).toBe('24mo');
    expect((await guruOk(home, ['account', 'show'])).stdout).toMatch(/closed conversations erased 24mo after their last message/);
    // Everything here is recent or open: the next run erases nothing.
    expect(await guruJson<any>(home, ['retention', 'plan', ...ana])).toMatchObject({ retention: '24mo', chats: [], customers: 0 });
    const refused = await guru(home, ['retention', 'plan', '--as', 'bia@acme.com']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/contacts\.privacy/);
    await guruOk(home, ['account', 'set', '--retention', 'off']);
    expect((await guruJson<any>(home, ['account', 'show'])).retention).toBeUndefined();
  });

  it('without --yes and without a terminal, erase refuses and erases nothing', async () => {
    const refused = await guru(home, ['contact', 'erase', JOAO, ...ana]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await guruJson<any>(home, ['contact', 'show', JOAO, ...ana])).name).toBe('João Pedro');
  });

  it('on a terminal, erase shows what will go and asks; no keeps everything', async () => {
    const session = new PtySession(['contact', 'erase', RITA, ...ana], { GURU_HOME: home, LANG: 'C' });
    await session.waitFor('will be erased, for good');
    await session.waitFor(/Erase \+5511988883333\? This cannot be undone/);
    expect(session.text).toContain(chatIdFor(SP, RITA));
    expect(session.text).toContain('Ritinha');
    session.type('n\r');
    expect(await session.exited()).toBe(0);
    expect(session.text).toContain('Nothing was erased.');
    expect((await guruJson<any[]>(home, ['chat', 'list', '--all', ...ana])).some((c) => c.customer === RITA)).toBe(true);
  });

  it('erases one customer: nothing of hers is left anywhere in the data dir; the others are untouched, also after a restart', async () => {
    const show = (customer: string) => guruJson<any>(home, ['chat', 'show', chatIdFor(SP, customer), '--limit', '500', ...ana]);
    // A stop leaves a checkpoint of the index beside the journal: her chat is in it too.
    await daemon.stop();
    daemon = await startDaemon(home, env);
    const checkpoint = join(home, 'journal', `${SP.slice(1)}.checkpoint.json`);
    expect(await readFile(checkpoint, 'utf8')).toContain('Marizete');
    const before = { joao: await show(JOAO), rita: await show(RITA) };
    const journal = join(home, 'journal', `${SP.slice(1)}.jsonl`);
    const mariaChat = chatIdFor(SP, MARIA);
    const othersLines = (await readFile(journal, 'utf8')).split('\n').filter((l) => l !== '' && !l.includes(mariaChat));

    const needles = [
      MARIA.slice(1),
      mariaChat,
      'Marizete',
      'Albuquerque',
      '123.456.789-00',
      'quero cancelar o plano Turquesa',
      'cancelamento do Turquesa',
      'multa rescisória',
      sha(mariaPhoto),
    ];
    // Before: each is somewhere (journal, checkpoint, contacts, audit, log, media).
    const found = await findAnywhere(home, needles);
    for (const needle of needles) expect(found.some((hit) => hit.endsWith(`: ${needle}`))).toBe(true);
    for (const where of ['/journal/', '/contacts.json', '/audit.jsonl', '/daemon.log', '/media/'])
      expect(found.some((hit) => hit.startsWith(where))).toBe(true);

    const erased = await guruJson<any>(home, ['contact', 'erase', MARIA, '--yes', ...ana]);
    expect(erased).toMatchObject({ customer: MARIA, chats: 1, files: 1, contact: true });
    expect(erased.records).toBeGreaterThan(5);
    expect(erased.auditEntries).toBeGreaterThan(3);
    expect(erased.logLines).toBeGreaterThan(0);

    expect(await findAnywhere(home, needles)).toEqual([]);
    // Her own photo is gone; the one João sent too stays.
    expect((await everyFile(join(home, 'media'))).map((f) => f.bytes).filter((b) => b.equals(mariaPhoto))).toEqual([]);
    expect((await everyFile(join(home, 'media'))).some((f) => f.bytes.equals(shared))).toBe(true);
    // The others' records are the very same bytes, in the same order.
    expect((await readFile(journal, 'utf8')).split('\n').filter((l) => l !== '')).toEqual(othersLines);
    expect({ joao: await show(JOAO), rita: await show(RITA) }).toEqual(before);
    const listed = await guruJson<any[]>(home, ['chat', 'list', '--all', ...ana]);
    expect(listed.map((c) => c.customer).sort()).toEqual([JOAO, RITA]);
    // The audit keeps that it happened, naming nobody.
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.at(-1)).toMatchObject({ action: 'contact.erase', actor: 'Ana Souza <ana@acme.com>', target: '[erased]' });
    expect(audit.filter((e) => e.target === '[erased]').length).toBeGreaterThan(3);

    await daemon.stop();
    daemon = await startDaemon(home, env);
    expect({ joao: await show(JOAO), rita: await show(RITA) }).toEqual(before);
    expect(await findAnywhere(home, needles)).toEqual([]);
    const gone = await guru(home, ['chat', 'show', mariaChat, ...ana]);
    expect(gone.code).toBe(1);
    // Running it again finds nothing more to erase, and says so without failing.
    expect(await guruJson<any>(home, ['contact', 'erase', MARIA, '--yes', ...ana])).toMatchObject({ chats: 0, records: 0, files: 0, contact: false });
  }, 120_000);
});
