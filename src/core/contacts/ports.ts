/**
 * What the team knows about one customer beyond WhatsApp: the name someone gave them and
 * fields of their own (`empresa`, `plano`…). Keyed by the customer's normalised id (the
 * `Chat.customer` of every chat with them, on any phone), so one person is one contact.
 */
export interface Contact {
  /** `+<digits>`, or `lid:<digits>` while only a LID is known (see `normalizeCustomer`). */
  customer: string;
  /** The name the team set; null: none, WhatsApp's push name is shown. */
  name: string | null;
  /** Field name (`[a-z0-9_-]{1,32}`) → value; at most 30. */
  fields: Record<string, string>;
  updatedAt: string;
  /** Who changed it last, as the audit names people ("Ana Souza <ana@acme.com>", "owner"). */
  updatedBy: string;
}

/**
 * Where contacts are kept. `src/store` implements it (one 0600 file; memory); a database would
 * be a table keyed by customer. Keyed by customer so that one person's data can be found and
 * erased in one call (LGPD: `get` for an export, `remove` for an erasure). Every call is async,
 * so a store over a network fits as well as one over a local file.
 */
export interface ContactStore {
  /** The customer's contact, or null when the team never set one. */
  get(customer: string): Promise<Contact | null>;
  /** Creates or replaces the contact of `contact.customer`; durable before it resolves. */
  put(contact: Contact): Promise<void>;
  /** Every contact, in no particular order. */
  list(): Promise<Contact[]>;
  /** Forgets the customer's contact for good (durable before it resolves); false when there was none. */
  remove(customer: string): Promise<boolean>;
}
