import type { IndexCheckpoint } from '../core/chats/checkpoint.js';
import type { Contact, ContactStore } from '../core/contacts/ports.js';
import { recordContent, searchableText } from '../core/chats/content.js';
import type { JournalRecord } from '../core/chats/model.js';
import type { ChatJournal, JournalRewrite, JournalVisitor, RewriteOptions, SearchScope } from '../core/chats/ports.js';
import { newId } from '../core/ids.js';
import { emptyState, type State } from '../core/model.js';
import type { AuditEntry, AuditLog, Secret, SecretStore, SessionRecord, SessionStore, StateRepository, Stores } from '../core/ports.js';
import type { AuditListener } from './audit-file.js';
import { MemoryMediaStore } from './media-memory.js';

/**
 * Stores that live in this process only: the same contracts as the files (a change that throws
 * leaves no trace, changes apply one at a time in order, audit entries follow their change),
 * without a disk. The engine's tests run on them, and anything that wants a throwaway Guru.
 */
export function memoryStores(options: { onAudit?: AuditListener } = {}): Stores {
  const audit = new MemoryAuditLog(options.onAudit);
  const state = new MemoryStateRepository(audit);
  return {
    state,
    audit,
    sessions: new MemorySessionStore(),
    secrets: new MemorySecretStore(),
    journal: new MemoryJournal(),
    media: new MemoryMediaStore(),
    contacts: new MemoryContactStore(),
    stateNow: () => state.now(),
    close: async () => undefined,
  };
}

export class MemoryStateRepository implements StateRepository {
  private data: State = emptyState();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly audit: AuditLog) {}

  async read(): Promise<State> {
    return this.data;
  }

  now(): State {
    return this.data;
  }

  update<T>(change: (draft: State) => T, audit?: (result: T) => readonly AuditEntry[]): Promise<T> {
    const next = this.queue.then(async () => {
      const draft = structuredClone(this.data);
      const result = change(draft);
      const entries = (audit?.(result) ?? []).map((e) => (e.id ? e : { id: newId('a'), ...e }));
      this.data = draft;
      await this.audit.append(entries);
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export class MemoryAuditLog implements AuditLog {
  private entries: AuditEntry[] = [];

  constructor(private readonly onAppended: AuditListener = () => undefined) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.entries.push(...structuredClone(entries));
    this.onAppended(entries);
  }

  async list(filter: { since?: Date }): Promise<AuditEntry[]> {
    const since = filter.since?.getTime();
    return structuredClone(this.entries.filter((e) => since === undefined || Date.parse(e.time) >= since));
  }

  async rewrite(change: (entry: AuditEntry) => AuditEntry): Promise<number> {
    let changed = 0;
    this.entries = this.entries.map((entry) => {
      const next = change(structuredClone(entry));
      if (JSON.stringify(next) !== JSON.stringify(entry)) changed += 1;
      return next;
    });
    return changed;
  }
}

export class MemorySessionStore implements SessionStore {
  private byId = new Map<string, SessionRecord>();

  async add(session: SessionRecord): Promise<void> {
    this.byId.set(session.id, { ...session });
  }

  async find(tokenHash: string): Promise<SessionRecord | null> {
    for (const s of this.byId.values()) if (s.tokenHash === tokenHash) return { ...s };
    return null;
  }

  async listOf(userId: string): Promise<SessionRecord[]> {
    return [...this.byId.values()].filter((s) => s.userId === userId).map((s) => ({ ...s }));
  }

  async touch(id: string, at: string): Promise<void> {
    const s = this.byId.get(id);
    if (s && at > s.lastSeenAt) s.lastSeenAt = at;
  }

  async end(id: string): Promise<void> {
    this.byId.delete(id);
  }

  async endAllOf(userId: string): Promise<number> {
    let count = 0;
    for (const s of [...this.byId.values()]) {
      if (s.userId !== userId) continue;
      this.byId.delete(s.id);
      count += 1;
    }
    return count;
  }

  async prune(idleSince: string, keep: (session: SessionRecord) => boolean = () => true): Promise<number> {
    const limit = Date.parse(idleSince);
    let count = 0;
    for (const s of [...this.byId.values()]) {
      if (Date.parse(s.lastSeenAt) >= limit && keep(s)) continue;
      this.byId.delete(s.id);
      count += 1;
    }
    return count;
  }

  async count(): Promise<number> {
    return this.byId.size;
  }

  async list(): Promise<SessionRecord[]> {
    return [...this.byId.values()].map((s) => ({ ...s }));
  }
}

export class MemorySecretStore implements SecretStore {
  private secrets = new Map<string, string>();

  phoneCredentials(phone: string): Secret {
    return this.secret(`phone:${phone}`);
  }

  mailSettings(): Secret {
    return this.secret('mail');
  }

  private secret(key: string): Secret {
    return {
      read: async () => this.secrets.get(key) ?? null,
      write: async (text) => void this.secrets.set(key, text),
      wipe: async () => void this.secrets.delete(key),
    };
  }
}

/** Each phone's records in a list; a record's offset is its place in that list. */
export class MemoryJournal implements ChatJournal {
  private phones = new Map<string, { records: JournalRecord[]; checkpoint: { index: IndexCheckpoint; count: number } | null; held: Promise<void> | null }>();

  private phone(phone: string) {
    const known = this.phones.get(phone);
    if (known) return known;
    const created = { records: [] as JournalRecord[], checkpoint: null, held: null };
    this.phones.set(phone, created);
    return created;
  }

  async replay(visitor: JournalVisitor): Promise<void> {
    for (const phone of [...this.phones.keys()].sort()) {
      const { records, checkpoint } = this.phone(phone);
      let from = 0;
      if (checkpoint) {
        try {
          visitor.restore(phone, structuredClone(checkpoint.index));
          from = checkpoint.count;
        } catch {
          from = 0; // as the files do: an unusable checkpoint means replaying everything
        }
      }
      for (let i = from; i < records.length; i++) visitor.apply(phone, structuredClone(records[i]!), i);
    }
  }

  async append(phone: string, records: readonly JournalRecord[]): Promise<number[]> {
    const p = this.phone(phone);
    // As the files do: while a rewrite is under way, appends wait for it.
    while (p.held) await p.held;
    return records.map((r) => p.records.push(structuredClone(r)) - 1);
  }

  async scan(visit: (phone: string, record: JournalRecord) => void): Promise<void> {
    for (const phone of [...this.phones.keys()].sort()) for (const record of this.phone(phone).records) visit(phone, structuredClone(record));
  }

  async rewrite(phone: string, keep: (record: JournalRecord) => boolean, _options?: RewriteOptions): Promise<JournalRewrite | null> {
    const p = this.phone(phone);
    while (p.held) await p.held;
    const dropped: number[] = [];
    const kept: JournalRecord[] = [];
    for (const [i, record] of p.records.entries()) {
      if (keep(structuredClone(record))) kept.push(record);
      else dropped.push(i);
    }
    if (dropped.length === 0) return null;
    let resume!: () => void;
    p.held = new Promise<void>((r) => (resume = r));
    const settle = () => {
      p.held = null;
      resume();
    };
    return {
      dropped: p.records.length - kept.length,
      replay: async (apply) => {
        for (const [i, record] of kept.entries()) apply(structuredClone(record), i);
      },
      moved: (offset) => offset - dropped.filter((i) => i < offset).length,
      commit: async (swapped) => {
        p.records = kept;
        p.checkpoint = null;
        swapped();
        settle();
      },
      abandon: async () => settle(),
    };
  }

  async read(phone: string, offsets: readonly number[]): Promise<JournalRecord[]> {
    const list = this.phone(phone).records;
    return offsets.map((offset) => {
      const record = list[offset];
      if (!record) throw new Error(`no journal record at ${offset} on ${phone}`);
      return structuredClone(record);
    });
  }

  async saveCheckpoint(phone: string, checkpoint: IndexCheckpoint): Promise<void> {
    const p = this.phone(phone);
    p.checkpoint = { index: structuredClone(checkpoint), count: p.records.length };
  }

  /** Lines looked at closely (parsed) by searches: what a search costs, for tests. */
  searchParsed = 0;

  async findMessages(
    text: string,
    scope: SearchScope,
    onMatch: (phone: string, record: Extract<JournalRecord, { type: 'message' | 'note' }>) => void,
  ): Promise<{ partial: boolean }> {
    const wanted = text.toLowerCase();
    for (const [phone, { records }] of this.phones) {
      if (!scope.phones.has(phone)) continue;
      for (let i = 0; i < records.length; i++) {
        if (i % 1024 === 0 && Date.now() > scope.deadline) return { partial: true };
        const r = records[i]!;
        if ((r.type !== 'message' && r.type !== 'note') || !scope.accept(phone, r.id)) continue;
        this.searchParsed += 1;
        if (searchableText(recordContent(r)).toLowerCase().includes(wanted)) onMatch(phone, structuredClone(r));
      }
    }
    return { partial: false };
  }
}

/** Contacts in this process only (tests, a throwaway Guru): the same contract, no disk. */
export class MemoryContactStore implements ContactStore {
  private contacts = new Map<string, Contact>();

  async get(customer: string): Promise<Contact | null> {
    const found = this.contacts.get(customer);
    return found ? structuredClone(found) : null;
  }

  async put(contact: Contact): Promise<void> {
    this.contacts.set(contact.customer, structuredClone(contact));
  }

  async list(): Promise<Contact[]> {
    return [...this.contacts.values()].map((c) => structuredClone(c));
  }

  async remove(customer: string): Promise<boolean> {
    return this.contacts.delete(customer);
  }
}
