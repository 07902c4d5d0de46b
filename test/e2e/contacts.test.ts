import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { SP, seedTeam } from '../helpers/team.js';

const MARIA = '+5511988881111'; // Ana's customer (the rodízio gives every chat to Ana)
const JOAO = '+5511988882222'; // moved to Vendas (Caio's department)

/**
 * `guru contact` against the real daemon: set and show round-trip, the name the team set is the
 * chat's name in `chat list`/`show`, a restart keeps it, search finds by field, and someone who
 * cannot see the customer's chat gets what a stranger's number gets.
 */
describe('contacts (real daemon)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const as = (email: string) => ['--as', email];
  const env = { env: { GURU_TRANSPORT: 'memory' } };

  beforeAll(async () => {
    dir = await makeTempDir('guru-contacts-e2e-');
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, env);
    const phone = memoryPhone(home, SP);
    await phone.write({ from: `${MARIA.slice(1)}@s.whatsapp.net`, text: 'Oi, quero o plano anual', pushName: 'Mari' });
    await phone.write({ from: `${JOAO.slice(1)}@s.whatsapp.net`, text: 'Bom dia', pushName: 'João' });
    await guruOk(home, ['chat', 'assign', chatIdFor(SP, JOAO), '--dept', 'Vendas', ...as('ana@acme.com')]);
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('set then show round-trips over the daemon; the chat list shows the name the team set; piped output is tab-separated', async () => {
    const set = await guruJson<any>(home, [
      'contact',
      'set',
      MARIA,
      '--name',
      'Maria Souza',
      '--field',
      'empresa=Padaria Estrela',
      '--field',
      'nota=paga no dia 5, sem atraso',
      ...as('ana@acme.com'),
    ]);
    expect(set).toMatchObject({ customer: MARIA, name: 'Maria Souza', savedName: 'Maria Souza', pushName: 'Mari' });
    const shown = await guruJson<any>(home, ['contact', 'show', MARIA, ...as('ana@acme.com')]);
    expect(shown).toEqual({
      customer: MARIA,
      name: 'Maria Souza',
      savedName: 'Maria Souza',
      pushName: 'Mari',
      fields: { empresa: 'Padaria Estrela', nota: 'paga no dia 5, sem atraso' },
      updatedAt: expect.any(String),
      updatedBy: 'Ana Souza <ana@acme.com>',
      chats: [{ id: chatIdFor(SP, MARIA), phone: SP, status: 'open' }],
    });
    const chats = await guruJson<any[]>(home, ['chat', 'list', ...as('ana@acme.com')]);
    expect(chats.find((c) => c.customer === MARIA)).toMatchObject({ name: 'Maria Souza', fields: { empresa: 'Padaria Estrela' } });
    const text = await guruOk(home, ['contact', 'show', MARIA, ...as('ana@acme.com')]);
    expect(text.stdout).toContain('Name\tMaria Souza\nSaved name\tMaria Souza\nWhatsApp name\tMari\n');
    expect(text.stdout).toContain('empresa\tPadaria Estrela\nnota\tpaga no dia 5, sem atraso\n');
    // An empty value removes a field; --name "" goes back to WhatsApp's name.
    await guruOk(home, ['contact', 'set', MARIA, '--field', 'nota=', ...as('ana@acme.com')]);
    expect((await guruJson<any>(home, ['contact', 'show', MARIA, ...as('ana@acme.com')])).fields).toEqual({ empresa: 'Padaria Estrela' });
  });

  it('bad input is refused with the reason and the way out, and nothing changes', async () => {
    const before = await readFile(join(home, 'contacts.json'), 'utf8');
    const noEquals = await guru(home, ['contact', 'set', MARIA, '--field', 'empresa', ...as('ana@acme.com')]);
    expect(noEquals.code).toBe(2);
    expect(noEquals.stderr).toMatch(/--field takes name=value, like empresa=Acme/);
    const nothing = await guru(home, ['contact', 'set', MARIA, ...as('ana@acme.com')]);
    expect([nothing.code, nothing.stderr]).toEqual([2, expect.stringMatching(/nothing to set — give --name and\/or --field/)]);
    const upper = await guru(home, ['contact', 'set', MARIA, '--field', 'Empresa=X', ...as('ana@acme.com')]);
    expect(upper.code).toBe(1);
    expect(upper.stderr).toMatch(/"Empresa" is not a field name.*try "empresa"/);
    expect(await readFile(join(home, 'contacts.json'), 'utf8')).toBe(before);
  });

  it('search finds the customer by a field value, in `chat list --search` and `contact list --search`', async () => {
    const byField = await guruJson<any[]>(home, ['chat', 'list', '--search', 'estrela', ...as('ana@acme.com')]);
    expect(byField.map((c) => c.customer)).toEqual([MARIA]);
    const contacts = await guruJson<any[]>(home, ['contact', 'list', '--search', 'padaria', ...as('ana@acme.com')]);
    expect(contacts.map((c) => c.customer)).toEqual([MARIA]);
    const all = await guruOk(home, ['contact', 'list', ...as('ana@acme.com')]);
    expect(all.stdout.split('\n')[0]).toBe('CUSTOMER\tNAME\tNAME FROM\tFIELDS\tCHATS\tUPDATED');
    expect(all.stdout).toMatch(new RegExp(`\\${JOAO}\tJoão\twhatsapp\t`));
    expect(all.stdout).toMatch(new RegExp(`\\${MARIA}\tMaria Souza\tteam\tempresa=Padaria Estrela\t`));
  });

  it("someone who cannot see the customer's chat is refused like for a stranger's number (exit 5), also when searching", async () => {
    for (const [ref, args] of [
      [MARIA, ['show', MARIA]],
      [MARIA, ['set', MARIA, '--name', 'Hacked']],
      ['+5511900000000', ['show', '+5511900000000']],
      [chatIdFor(SP, MARIA), ['show', chatIdFor(SP, MARIA)]],
    ] as const) {
      const r = await guru(home, ['contact', ...args, ...as('bia@acme.com')]);
      expect([r.code, r.stdout]).toEqual([5, '']);
      expect(r.stderr).toContain(`no customer "${ref}" in the chats you may see`);
    }
    expect(await guruJson<any[]>(home, ['chat', 'list', '--search', 'estrela', ...as('caio@acme.com')])).toEqual([]);
    expect(await guruJson<any[]>(home, ['contact', 'list', '--search', 'estrela', ...as('caio@acme.com')])).toEqual([]);
    // Caio (Vendas) sees João's chat, so he may name him.
    await guruOk(home, ['contact', 'set', JOAO, '--field', 'cidade=Campinas', ...as('caio@acme.com')]);
    expect((await guruJson<any[]>(home, ['contact', 'list', ...as('caio@acme.com')])).map((c) => c.customer)).toEqual([JOAO]);
    expect((await guruJson<any>(home, ['contact', 'show', MARIA, ...as('ana@acme.com')])).savedName).toBe('Maria Souza');
  });

  it('a restart keeps them; the file is 0600; the audit names fields, never values', async () => {
    await daemon.stop();
    daemon = await startDaemon(home, env);
    expect((await guruJson<any[]>(home, ['chat', 'list', ...as('ana@acme.com')])).find((c) => c.customer === MARIA).name).toBe('Maria Souza');
    expect((await guruJson<any>(home, ['contact', 'show', JOAO, ...as('ana@acme.com')])).fields).toEqual({ cidade: 'Campinas' });
    expect((await stat(join(home, 'contacts.json'))).mode & 0o777).toBe(0o600);
    const audit = await guruJson<any[]>(home, ['audit', '--json']);
    const sets = audit.filter((e) => e.action === 'contact.set');
    expect(sets.map((e) => [e.target, e.details])).toEqual([
      [MARIA, { name: 'set', fields: ['empresa', 'nota'] }],
      [MARIA, { removedFields: ['nota'] }],
      [JOAO, { fields: ['cidade'] }],
    ]);
    expect(JSON.stringify(sets)).not.toMatch(/Maria Souza|Estrela|Campinas/);
  });
});
