import { CONTACT_LIMITS } from './contact-edit.js';
import type { Contact, ContactStore } from './ports.js';

/**
 * The contacts the engine works with, held in memory over their store: every chat summary
 * shows its customer's name (`chatView`), and a list of thousands of chats cannot wait on the
 * store for each. Read once at start (`load`); each change goes to the store first and to
 * memory once it is durable, one change at a time, so two edits of one contact never lose
 * one another's fields.
 */
export class ContactBook {
  private byCustomer = new Map<string, Contact>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: ContactStore) {}

  async load(): Promise<void> {
    this.byCustomer = new Map((await this.store.list()).map((c) => [c.customer, c]));
  }

  /** The customer's contact, if the team set one. Callers must not mutate it. */
  get(customer: string): Contact | undefined {
    return this.byCustomer.get(customer);
  }

  /**
   * Runs `edit` on the customer's current contact and stores what it returns (null: removes
   * it; the very object it was handed: nothing changed, nothing is written). Serialised with
   * every other change; resolves with `edit`'s result once durable.
   */
  change<T extends { contact: Contact | null }>(customer: string, edit: (current: Contact | null) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const current = this.byCustomer.get(customer) ?? null;
      const result = edit(current);
      if (result.contact === current) return result;
      if (result.contact) {
        await this.store.put(result.contact);
        this.byCustomer.set(customer, result.contact);
      } else if (this.byCustomer.has(customer)) {
        await this.store.remove(customer);
        this.byCustomer.delete(customer);
      }
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Reads the customer's contact again from the store (another daemon changed it): in line with
   * this book's own changes.
   */
  refresh(customer: string): Promise<void> {
    const next = this.queue.then(async () => {
      const contact = await this.store.get(customer);
      if (contact) this.byCustomer.set(customer, contact);
      else this.byCustomer.delete(customer);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * WhatsApp told us a LID (`alias`, `lid:…`) is `customer` (a number): their chats become one,
   * and so does what the team set about them — a contact kept under the LID moves to the number
   * (merged into theirs, theirs first, within the field limit). Nothing to do when the LID has none.
   */
  alias(alias: string, customer: string): Promise<void> {
    const next = this.queue.then(async () => {
      const old = this.byCustomer.get(alias);
      if (!old || alias === customer) return;
      const own = this.byCustomer.get(customer);
      const fields = Object.entries({ ...old.fields, ...own?.fields }).slice(0, CONTACT_LIMITS.fields);
      const merged: Contact = { ...(own ?? old), customer, name: own?.name ?? old.name, fields: Object.fromEntries(fields) };
      await this.store.put(merged);
      this.byCustomer.set(customer, merged);
      await this.store.remove(alias);
      this.byCustomer.delete(alias);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
