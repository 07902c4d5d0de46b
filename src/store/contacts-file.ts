import { readFile } from 'node:fs/promises';
import type { Contact, ContactStore } from '../core/contacts/ports.js';
import { writeFileDurably } from './durable-write.js';
import { t } from '../i18n/translate.js';

/** What `contacts.json` holds: a version, so a later layout can tell an old file apart. */
interface ContactsFileContents {
  version: 1;
  contacts: Contact[];
}

interface PendingChange {
  apply: (contacts: Map<string, Contact>) => unknown;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Contacts as one small JSON file (`contacts.json`, 0600), replaced whole and durably on each
 * change: contacts change at the pace of people typing, and are few and small next to the
 * journal. Changes that queue up while a write is on its way go out together in one write
 * (each still resolves only once durable); a write that fails fails its changes and leaves
 * memory as the file is — memory follows disk, never leads it.
 *
 * Only the writer that holds the data dir's lock (the daemon) writes it; it is read once, at
 * the first call. A file that cannot be read as contacts is an error, never an empty list: a
 * write over it would lose every contact.
 */
export class ContactsFile implements ContactStore {
  private committed: Map<string, Contact> | null = null;
  private loading: Promise<Map<string, Contact>> | null = null;
  private pending: PendingChange[] = [];
  private flushing: Promise<void> | null = null;

  constructor(readonly file: string) {}

  async get(customer: string): Promise<Contact | null> {
    const found = (await this.contacts()).get(customer);
    return found ? structuredClone(found) : null;
  }

  async list(): Promise<Contact[]> {
    return [...(await this.contacts()).values()].map((c) => structuredClone(c));
  }

  put(contact: Contact): Promise<void> {
    const copy = structuredClone(contact);
    return this.change((contacts) => void contacts.set(copy.customer, copy));
  }

  remove(customer: string): Promise<boolean> {
    return this.change((contacts) => contacts.delete(customer));
  }

  private change<T>(apply: (contacts: Map<string, Contact>) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ apply, resolve: resolve as PendingChange['resolve'], reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        try {
          const next = new Map(await this.contacts());
          const results = batch.map((p) => p.apply(next));
          await writeFileDurably(this.file, serialise(next));
          this.committed = next;
          for (const [i, p] of batch.entries()) p.resolve(results[i]);
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private contacts(): Promise<Map<string, Contact>> {
    if (this.committed) return Promise.resolve(this.committed);
    this.loading ??= this.load().then(
      (loaded) => (this.committed = loaded),
      (err: unknown) => {
        this.loading = null; // a later call tries again (the disk may have been busy)
        throw err;
      },
    );
    return this.loading;
  }

  private async load(): Promise<Map<string, Contact>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw err;
    }
    const contents = parse(text);
    if (!contents) {
      throw new Error(t`${this.file} is not a Guru contacts file — restore it from a backup (Guru will not write over it)`);
    }
    return new Map(contents.contacts.map((c) => [c.customer, c]));
  }
}

function serialise(contacts: Map<string, Contact>): string {
  const contents: ContactsFileContents = { version: 1, contacts: [...contacts.values()].sort((a, b) => (a.customer < b.customer ? -1 : 1)) };
  return `${JSON.stringify(contents)}\n`;
}

function parse(text: string): ContactsFileContents | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const contents = value as Partial<ContactsFileContents> | null;
  if (contents?.version !== 1 || !Array.isArray(contents.contacts)) return null;
  return contents.contacts.every(isContact) ? (contents as ContactsFileContents) : null;
}

function isContact(value: unknown): value is Contact {
  const c = value as Partial<Contact> | null;
  return (
    !!c &&
    typeof c.customer === 'string' &&
    (c.name === null || typeof c.name === 'string') &&
    !!c.fields &&
    typeof c.fields === 'object' &&
    Object.values(c.fields).every((v) => typeof v === 'string') &&
    typeof c.updatedAt === 'string' &&
    typeof c.updatedBy === 'string'
  );
}
