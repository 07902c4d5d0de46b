import type { Client } from 'pg';
import type { PostgresTarget } from './connection.js';

/** What one daemon tells the others through the database (`NOTIFY`), as JSON. */
export type BusMessage =
  | { k: 'journal'; phone: string; writer: string }
  | { k: 'state'; seq: number; writer: string }
  | { k: 'audit'; writer: string }
  | { k: 'presence'; writer: string }
  | { k: 'contact'; customer: string; writer: string }
  | { k: 'erased'; phone: string; chats: string[]; customers: string[]; writer: string };

/** The channel an installation's daemons talk on (one per schema). */
export function busChannel(target: PostgresTarget): string {
  return `guru_${target.schema}`;
}

/**
 * A dedicated connection LISTENing on the installation's channel: what other daemons wrote
 * (records, state changes, audit entries) is told here as it commits. Should the connection
 * drop, it is opened again and every listener is told to catch up (`onResync`): notifications
 * sent meanwhile are lost, the rows are not.
 */
export class StoreBus {
  private client: Client | null = null;
  private closed = false;
  private readonly listeners: ((message: BusMessage) => void)[] = [];
  private readonly resyncs: (() => void)[] = [];

  constructor(
    private readonly target: PostgresTarget,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {}

  on(listener: (message: BusMessage) => void): void {
    this.listeners.push(listener);
  }

  /** Called after a reconnection: what was missed must be read from the tables. */
  onResync(resync: () => void): void {
    this.resyncs.push(resync);
  }

  async start(): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.target.connectionString, application_name: 'guru-bus' });
    client.on('notification', (n) => {
      if (!n.payload) return;
      let message: BusMessage;
      try {
        message = JSON.parse(n.payload) as BusMessage;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
    client.on('error', (err) => {
      this.warn('lost the connection that hears other daemons; reconnecting', { error: err.message });
      void this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${busChannel(this.target)}`);
    this.client = client;
  }

  private async reconnect(): Promise<void> {
    const old = this.client;
    this.client = null;
    await old?.end().catch(() => undefined);
    for (let delay = 500; !this.closed; delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.start();
        for (const resync of this.resyncs) resync();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
