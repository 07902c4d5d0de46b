import type { Pool } from 'pg';
import type { Contact, ContactStore } from '../../core/contacts/ports.js';

/** Contacts as rows keyed by customer: one person's is found and erased by that key alone. */
export class PostgresContactStore implements ContactStore {
  constructor(
    private readonly pool: Pool,
    private readonly shared: { writer: string; channel: string } = { writer: 'guru', channel: 'guru' },
  ) {}

  /** Other daemons keep contacts in memory too: they read this one again. */
  private async told(customer: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify({ k: 'contact', customer, writer: this.shared.writer })]);
  }

  async get(customer: string): Promise<Contact | null> {
    const { rows } = await this.pool.query<{ contact: string }>('SELECT contact FROM guru_contacts WHERE customer = $1', [customer]);
    return rows[0] ? (JSON.parse(rows[0].contact) as Contact) : null;
  }

  async put(contact: Contact): Promise<void> {
    await this.pool.query('INSERT INTO guru_contacts (customer, contact) VALUES ($1, $2) ON CONFLICT (customer) DO UPDATE SET contact = EXCLUDED.contact', [
      contact.customer,
      JSON.stringify(contact),
    ]);
    await this.told(contact.customer);
  }

  async list(): Promise<Contact[]> {
    const { rows } = await this.pool.query<{ contact: string }>('SELECT contact FROM guru_contacts ORDER BY customer');
    return rows.map((row) => JSON.parse(row.contact) as Contact);
  }

  async remove(customer: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM guru_contacts WHERE customer = $1', [customer]);
    if ((rowCount ?? 0) > 0) await this.told(customer);
    return (rowCount ?? 0) > 0;
  }
}
