import type { ChatService } from '../chats/chat-service.js';
import { chatIdFor } from '../chats/customer.js';
import type { Chat, JournalRecord } from '../chats/model.js';
import type { ChatJournal } from '../chats/ports.js';
import type { MediaStore } from '../media/ports.js';
import type { AuditEntry, AuditLog } from '../ports.js';
import type { EngineDeps } from '../context.js';
import type { State } from '../model.js';
import type { EventHub } from '../events.js';
import type { CustomerTraces } from './ports.js';

/** What stands in the audit for whatever named an erased customer. */
export const ERASED = '[erased]';

/** Where one customer's data is: the ids they go by, their chats, what names them in logs. */
export interface CustomerTrail {
  /** `+5511…`, and the `lid:…` aliases WhatsApp told us stand for them. */
  ids: Set<string>;
  /** Their chats now (the index's), on every number. */
  chats: Chat[];
  /** Every chat id they have or had (also those of aliases, joined since). */
  chatIds: Set<string>;
  /** The digits of their number and LIDs: how WhatsApp's session and the log name them. */
  users: Set<string>;
}

/** What an erasure removed. */
export interface ErasureCounts {
  chats: number;
  /** Journal records (messages, notes, routing, tags…) removed. */
  records: number;
  /** Media files removed (a file another customer's message names stays). */
  files: number;
  /** Audit entries that named them, now naming nobody. */
  auditEntries: number;
  /** Lines of the daemon's log removed. */
  logLines: number;
  /** Whether the team's contact (name, fields) was removed. */
  contact: boolean;
}

/** Every place `customer` is known by, from the index (`phones`: every number there is). */
export function customerTrail(chats: ChatService, customer: string, phones: readonly string[]): CustomerTrail {
  const index = chats.index;
  const ids = new Set([customer]);
  for (const phone of phones) {
    const resolved = index.resolve(phone, customer);
    ids.add(resolved);
    for (const alias of index.aliasesOf(phone, resolved)) ids.add(alias);
  }
  const found = new Map<string, Chat>();
  const chatIds = new Set<string>();
  for (const phone of phones) {
    for (const id of ids) {
      chatIds.add(chatIdFor(phone, id));
      const chat = index.forCustomer(phone, id);
      if (chat) found.set(chat.id, chat);
    }
  }
  for (const id of found.keys()) chatIds.add(id);
  const users = new Set([...ids].map((id) => id.replace(/^\+|^lid:/, '')));
  return { ids, chats: [...found.values()], chatIds, users };
}

export interface ErasureDeps {
  chats: ChatService;
  journal: ChatJournal;
  audit: AuditLog;
  mediaFiles: MediaStore | null;
  traces: CustomerTraces | null;
  events: EventHub;
  now(): string;
}

/** One erasure at a time per engine: two over the same journal would each rewrite it. */
const erasing = new WeakMap<ChatService, Promise<unknown>>();

/**
 * Erases what `trail` reaches (`eraseRecords`), then the team's contacts of its customers — last,
 * as what still names them should a crash cut the steps before short — and writes one audit entry
 * that names nobody (`action` by `actor`, with the counts). Their chats are gone for every watcher.
 * One erasure at a time.
 */
export function erase(deps: ErasureDeps, trail: CustomerTrail, phones: readonly string[], actor: string, action: string): Promise<ErasureCounts> {
  const previous = erasing.get(deps.chats) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const counts = await eraseRecords(deps, trail, phones);
      let contact = false;
      for (const id of trail.ids) {
        const { removed } = (await deps.chats.contacts?.change(id, (current) => ({ contact: null, removed: current !== null }))) ?? { removed: false };
        contact ||= removed;
      }
      const { chats, records, files } = counts;
      await deps.audit.append([{ time: deps.now(), actor, action, target: ERASED, details: { chats, records, files } }]);
      for (const chat of trail.chats) deps.events.publish({ type: 'chat.erased', chatId: chat.id });
      return { ...counts, contact };
    });
  erasing.set(deps.chats, run);
  return run;
}

/**
 * Erases everything Guru holds about the customers of `trail` (LGPD art. 18), or only the chats
 * it names (retention): their chats' records from the
 * journal (messages, notes, tags, routing; the index rebuilt), the media files only they had,
 * what the phones' WhatsApp sessions keep of them, the audit entries and log lines that name
 * them (the entries stay, naming nobody), and the team's contact. Other customers' records are
 * left byte for byte.
 *
 * Each step finds its own work again, and the ones that find the rest (the journal, then the
 * contact) come last: an erasure cut short by a crash is finished by running it again. A
 * journal is replaced whole by rename, never torn.
 */
async function eraseRecords(deps: ErasureDeps, trail: CustomerTrail, phones: readonly string[]): Promise<Omit<ErasureCounts, 'contact'>> {
  for (const phone of phones) await deps.traces?.forgetPeers(phone, trail.users);

  const chatIds = new Set(trail.chatIds);
  const dropped = new Set<string>();
  const kept = new Set<string>();
  const keep = (_phone: string, record: JournalRecord): boolean => {
    let goes = false;
    if (record.type === 'chat.opened' && trail.ids.has(record.customer)) {
      chatIds.add(record.chatId); // a chat of theirs opened under an id not known before
      goes = true;
    } else if (record.type === 'customer.alias') goes = trail.ids.has(record.alias) || trail.ids.has(record.customer);
    else goes = 'chatId' in record && chatIds.has(record.chatId);
    const sha256 = fileOf(record);
    if (sha256) (goes ? dropped : kept).add(sha256);
    return !goes;
  };
  const rewritten = new Set(trail.chats.map((c) => c.phone));
  let files = 0;
  // Only records naming them (a chat id, an id of theirs) or a file are read; the rest is copied.
  const about = { about: [...chatIds, ...trail.ids, '"sha256"'] };
  const records = await deps.chats.rewriteJournals(
    [...rewritten],
    { chats: chatIds, customers: trail.ids },
    keep,
    async () => {
      // Before the journals are replaced: a crash after this leaves the records that name these
      // files, so running the erasure again finds and removes them still.
      const candidates = [...dropped].filter((sha256) => !kept.has(sha256));
      if (candidates.length === 0 || !deps.mediaFiles) return;
      // A file is kept once however many messages carry it: one another number's chat names stays.
      if (phones.some((p) => !rewritten.has(p))) {
        await deps.journal.scan((phone, record) => {
          const sha256 = rewritten.has(phone) ? undefined : fileOf(record);
          if (sha256) kept.add(sha256);
        });
      }
      for (const sha256 of candidates) {
        if (kept.has(sha256) || (await deps.mediaFiles.size(sha256)) === null) continue;
        await deps.mediaFiles.remove(sha256);
        files += 1;
      }
    },
    about,
  );

  const digits = [...trail.users];
  const auditEntries = await deps.audit.rewrite((entry) => (namesCustomer(entry, trail.ids, chatIds, digits) ? erasedEntry(entry) : entry));
  const logLines = (await deps.traces?.scrubLog([...digits, ...chatIds])) ?? 0;
  return { chats: trail.chats.length, records, files, auditEntries, logLines };
}

/** The file a record names: a downloaded file (`media`), or our own send's (`content.sha256`). */
function fileOf(record: JournalRecord): string | undefined {
  if (record.type === 'media') return record.state === 'stored' ? record.sha256 : undefined;
  if (record.type === 'message' || record.type === 'scheduled') {
    const content = record.content as { sha256?: string } | undefined;
    return content?.sha256;
  }
  return undefined;
}

/** Whether an audit entry names the customer: by id, by one of their chats, or anywhere by their digits. */
export function namesCustomer(entry: AuditEntry, ids: Set<string>, chatIds: Set<string>, digits: string[]): boolean {
  if (entry.target === ERASED) return false;
  if (ids.has(entry.target) || chatIds.has(entry.target)) return true;
  const customer = (entry.details as { customer?: unknown } | undefined)?.customer;
  if (typeof customer === 'string' && ids.has(customer)) return true;
  const text = JSON.stringify(entry);
  return digits.some((d) => text.includes(d));
}

/** The entry keeps who did what and when; what it was done to, and how, is gone. */
function erasedEntry(entry: AuditEntry): AuditEntry {
  return { ...(entry.id ? { id: entry.id } : {}), time: entry.time, actor: entry.actor, action: entry.action, target: ERASED, details: { erased: true } };
}

/** Every number a customer may be known on: those registered, and those the journal still has chats of. */
export function everyPhone(state: State, chats: ChatService): string[] {
  return [...new Set([...state.phones.map((p) => p.number), ...chats.index.phones()])];
}

/** An erasure's stores and hooks, from the engine's. */
export function erasureDeps(ctx: { deps: EngineDeps; now(): string }, chats: ChatService): ErasureDeps {
  const { journal, audit, mediaFiles, traces, events } = ctx.deps;
  return { chats, journal, audit, mediaFiles, traces, events, now: () => ctx.now() };
}
