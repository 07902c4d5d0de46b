import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, ContactStore } from '../../src/core/contacts/ports.js';
import { ContactsFile } from '../../src/store/contacts-file.js';
import { MemoryContactStore } from '../../src/store/memory.js';
import { openStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const contact = (customer: string, name: string | null, fields: Record<string, string> = {}): Contact => ({
  customer,
  name,
  fields,
  updatedAt: '2026-12-02T10:00:00.000Z',
  updatedBy: 'Ana <ana@acme.com>',
});

/** The ContactStore contract, for the file and the memory store alike. */
describe.each([
  ['the file store', (dir: string) => new ContactsFile(join(dir, 'contacts.json'))],
  ['the memory store', () => new MemoryContactStore()],
] as const)('contacts: %s', (_name, make: (dir: string) => ContactStore) => {
  let dir: string;
  let store: ContactStore;
  beforeEach(async () => {
    dir = await makeTempDir('guru-contacts-');
    store = make(dir);
  });
  afterEach(() => removeDir(dir));

  it('gets, lists, replaces and removes by customer id', async () => {
    expect(await store.get('+5511988887777')).toBeNull();
    await store.put(contact('+5511988887777', 'Maria', { empresa: 'Acme' }));
    await store.put(contact('lid:12345', null, { plano: 'anual' }));
    expect(await store.get('+5511988887777')).toEqual(contact('+5511988887777', 'Maria', { empresa: 'Acme' }));
    await store.put(contact('+5511988887777', 'Maria Silva'));
    expect((await store.get('+5511988887777'))?.name).toBe('Maria Silva');
    expect((await store.list()).map((c) => c.customer).sort()).toEqual(['+5511988887777', 'lid:12345']);
    expect(await store.remove('+5511988887777')).toBe(true);
    expect(await store.remove('+5511988887777')).toBe(false);
    expect(await store.get('+5511988887777')).toBeNull();
    expect((await store.list()).map((c) => c.customer)).toEqual(['lid:12345']);
  });

  it('hands out copies: changing what it returned changes nothing kept', async () => {
    const mine = contact('+5511988887777', 'Maria', { empresa: 'Acme' });
    await store.put(mine);
    mine.fields.empresa = 'Changed';
    const got = (await store.get('+5511988887777'))!;
    got.fields.empresa = 'Changed too';
    expect((await store.get('+5511988887777'))?.fields).toEqual({ empresa: 'Acme' });
  });

  it('lands every one of many concurrent changes', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.put(contact(`+55119000000${String(i).padStart(2, '0')}`, `Cliente ${i}`))));
    expect(await store.list()).toHaveLength(50);
  });
});

describe('contacts file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir('guru-contacts-file-');
  });
  afterEach(() => removeDir(dir));

  it('is one 0600 file that a new process reads back as it was', async () => {
    const file = join(dir, 'contacts.json');
    const first = new ContactsFile(file);
    await Promise.all([first.put(contact('+5511988887777', 'Maria', { empresa: 'Acme' })), first.put(contact('+5511977776666', 'João'))]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = new ContactsFile(file);
    expect(await again.get('+5511988887777')).toEqual(contact('+5511988887777', 'Maria', { empresa: 'Acme' }));
    expect((await again.list()).map((c) => c.name).sort()).toEqual(['João', 'Maria']);
    // No temp file left beside it.
    expect(await readdir(dir)).toEqual(['contacts.json']);
  });

  it('a removed contact is gone from the file itself (an erasure leaves no copy behind)', async () => {
    const file = join(dir, 'contacts.json');
    const store = new ContactsFile(file);
    await store.put(contact('+5511988887777', 'Maria Sigilosa', { cpf: '123.456.789-00' }));
    await store.put(contact('+5511977776666', 'João'));
    await store.remove('+5511988887777');
    const bytes = await readFile(file, 'utf8');
    expect(bytes).not.toMatch(/Sigilosa|123\.456|5511988887777/);
    expect(bytes).toMatch(/João/);
  });

  it('a file that is not contacts is an error naming it, never taken for an empty list (a write would lose them all)', async () => {
    const file = join(dir, 'contacts.json');
    await writeFile(file, '{"version":1,"contacts":[{"customer":"+55"', { mode: 0o600 });
    const store = new ContactsFile(file);
    await expect(store.list()).rejects.toThrow(/contacts\.json is not a Guru contacts file — restore it from a backup/);
    await expect(store.put(contact('+5511988887777', 'Maria'))).rejects.toThrow(/not a Guru contacts file/);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"contacts":[{"customer":"+55"');
  });

  it('a write that fails fails its change and keeps nothing of it, in memory or on disk', async () => {
    const folder = join(dir, 'not-yet');
    const store = new ContactsFile(join(folder, 'contacts.json'));
    await expect(store.put(contact('+5511988887777', 'Maria'))).rejects.toThrow(/ENOENT/);
    expect(await store.get('+5511988887777')).toBeNull();
    await mkdir(folder);
    await store.put(contact('+5511977776666', 'João'));
    expect((await store.list()).map((c) => c.customer)).toEqual(['+5511977776666']);
  });

  it('is opened with the data directory, and its crashed writer temp files are cleaned up by the next writer', async () => {
    const home = join(dir, 'data');
    const stores = await openStores({ kind: 'files', home, lock: 'hold', create: true });
    await stores.contacts.put(contact('+5511988887777', 'Maria'));
    await stores.close();
    expect(JSON.parse(await readFile(join(home, 'contacts.json'), 'utf8')).contacts[0].name).toBe('Maria');
    // A write that a crash cut short leaves a temp file holding customers' names.
    await writeFile(join(home, '.contacts.json.999.abcdef.tmp'), '{"version":1,"contacts":[{"name":"Fulano"}]}');
    const reopened = await openStores({ kind: 'files', home, lock: 'hold' });
    expect((await reopened.contacts.get('+5511988887777'))?.name).toBe('Maria');
    await reopened.close();
    expect((await readdir(home)).filter((n) => n.includes('contacts'))).toEqual(['contacts.json']);
  });
});
