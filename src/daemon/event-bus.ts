import type { EngineEvent } from '../core/events.js';
import type { AuditEntry, AuditLog } from '../core/ports.js';

type Listener = (event: EngineEvent) => void;

/** In-process fan-out of engine events to the open watch streams. */
export class EventBus {
  private listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}

/** Every change is audited, so the audit log doubles as the change feed: append, then announce. */
export class PublishingAuditLog implements AuditLog {
  constructor(
    private readonly inner: AuditLog,
    private readonly bus: EventBus,
  ) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    await this.inner.append(entries);
    for (const entry of entries) this.bus.publish({ type: 'audit', entry });
  }

  list(filter: { since?: Date }): Promise<AuditEntry[]> {
    return this.inner.list(filter);
  }
}
