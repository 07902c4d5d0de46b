import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfusables, requireDistinctLooking } from '../../src/core/lookalike.js';
import { normalizeEmail, normalizeName } from '../../src/core/validate.js';
import { PW, testEngine } from '../helpers/engine.js';

describe('names admins set: no control characters', () => {
  it.each([
    ['ESC', 'Ana\u001b]0;x\u0007', 'U+001B at position 4'],
    ['backspace', 'Ana\bB', 'U+0008 at position 4'],
    ['DEL', 'Ana\u007f', 'U+007F at position 4'],
    ['C1 CSI', '\u009b2JAna', 'U+009B at position 1'],
    ['right-to-left override', 'Ana \u202egpj.exe', 'U+202E at position 5'],
    ['first-strong isolate', 'An\u2068a', 'U+2068 at position 3'],
    ['line separator', 'Ana\u2028Bia', 'U+2028 at position 4'],
  ])('%s is refused, naming the character and where it is', (_what, name, found) => {
    expect(() => normalizeName(name, 'department name')).toThrow(
      `department name must not contain control characters (found ${found}) — type the name as plain text`,
    );
  });

  it('line breaks keep their own message; ordinary names pass untouched', () => {
    expect(() => normalizeName('Ana\nBia', 'name')).toThrow('name must be a single line');
    for (const name of ['João Conceição', 'Atendimento 24h 👩‍💻', 'مبيعات', 'Продажи', 'Ｖｅｎｄａｓ']) expect(normalizeName(` ${name} `, 'name')).toBe(name);
  });

  it('emails with control characters are not valid emails', () => {
    expect(() => normalizeEmail('ana\u001b@acme.com')).toThrow(/is not a valid email address/);
    expect(() => normalizeEmail('ana\u202e@acme.com')).toThrow(/is not a valid email address/);
  });
});

describe('look-alike names', () => {
  beforeAll(loadConfusables);
  const refuse = (name: string, existing: string[]) => () => requireDistinctLooking(name, existing, 'department');

  it.each([
    ['Cyrillic а and е', 'V\u0435nd\u0430s', 'Vendas', '"е" U+0435, "а" U+0430'],
    ['fullwidth letters', 'Ｖｅｎｄａｓ', 'Vendas', '"Ｖ" U+FF36'],
    ['Greek capitals', '\u039f\u039a Suporte', 'OK Suporte', '"Ο" U+039F, "Κ" U+039A'],
    ['Cyrillic capital В (a B; its lower case is not)', '\u0412ia', 'Bia', '"В" U+0412'],
    ['lower-case look-alike of a capitalised name', 'v\u0435ndas', 'Vendas', '"е" U+0435'],
    ['a zero-width space inside', 'Ven\u200bdas', 'Vendas', '"\u200b" U+200B'],
  ])('%s: refused, naming the existing one and the characters', (_what, name, existing, chars) => {
    expect(refuse(name, ['Suporte', existing])).toThrow(`"${name}" looks the same as the existing department "${existing}" (look-alike characters: ${chars}`);
    expect(refuse(name, [existing])).toThrow(/use ".*" itself, or a name that reads differently/);
  });

  it('different names, accents, case changes and the name itself are not look-alikes', () => {
    for (const [name, existing] of [
      ['Vendas SP', 'Vendas'],
      ['Véndas', 'Vendas'],
      ['José', 'Jose'],
      ['vendas', 'Vendas'],
      ['Vendas', 'Vendas'],
      ['Продажи', 'Vendas'],
      ['ii', 'Il'],
    ]) {
      expect(refuse(name!, [existing!]), `${name} vs ${existing}`).not.toThrow();
    }
  });
});

// Some operations validate before they return a promise: a thrown error and a rejection are one to the caller.
const attempt = <T>(op: () => Promise<T>) => Promise.resolve().then(op);

describe('the engine applies the name rules on every name an admin sets', () => {
  let t: Awaited<ReturnType<typeof testEngine>>;
  beforeEach(async () => {
    t = await testEngine();
  });
  afterEach(() => t.cleanup());

  it('departments: add and rename refuse look-alikes and controls; nothing is written', async () => {
    await t.owner.departments.add('Vendas');
    await t.owner.departments.add('Suporte');
    const before = JSON.stringify(await t.store.state.read());
    await expect(t.owner.departments.add('V\u0435ndas')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('existing department "Vendas"'),
    });
    await expect(t.owner.departments.rename('Suporte', 'Ｖｅｎｄａｓ')).rejects.toMatchObject({ code: 'conflict' });
    await expect(attempt(() => t.owner.departments.add('Sup\u001b[2Jorte'))).rejects.toMatchObject({ code: 'invalid_input' });
    expect(JSON.stringify(await t.store.state.read())).toBe(before);
    // Renaming a department to a look-alike of its own name is allowed only if it is another's.
    await expect(t.owner.departments.rename('Vendas', 'Vendas Sul')).resolves.toMatchObject({ name: 'Vendas Sul' });
  });

  it('users: names and visible names that mimic a colleague are refused, on add and on edit', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima', visibleName: 'Bia', password: PW });
    await expect(t.owner.users.add({ email: 'x@acme.com', name: '\u0412ia Lima', password: PW })).rejects.toThrow(
      /looks the same as the existing user name "Bia Lima"/,
    );
    await expect(t.owner.users.add({ email: 'x@acme.com', name: 'Xavier', visibleName: 'Ｂｉａ', password: PW })).rejects.toThrow(
      /existing visible name "Bia"/,
    );
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', password: PW });
    await expect(t.owner.users.edit('caio@acme.com', { name: 'Bi\u0430 Lima' })).rejects.toThrow(/existing user name "Bia Lima"/);
    await expect(t.owner.users.edit('caio@acme.com', { visibleName: 'Caio\u202e' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await t.owner.users.show('caio@acme.com')).name).toBe('Caio');
    // Editing your own name to itself, or another real name, is fine; so is a namesake.
    await expect(t.owner.users.edit('bia@acme.com', { name: 'Bia Lima', visibleName: 'Bia' })).resolves.toMatchObject({ name: 'Bia Lima' });
    await expect(t.owner.users.add({ email: 'bia2@acme.com', name: 'Bia Lima', password: PW })).resolves.toMatchObject({ name: 'Bia Lima' });
  });

  it('phone labels and the account name', async () => {
    await t.owner.phones.add('+5511999990000', 'Loja Centro');
    await expect(t.owner.phones.add('+5511999990001', 'L\u043eja Centro')).rejects.toThrow(/existing phone label "Loja Centro"/);
    await expect(attempt(() => t.owner.phones.add('+5511999990001', 'Loja\u0007'))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt(() => t.owner.account.set({ name: 'Acme\u001b]0;x\u0007' }))).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
