import type { Readable } from 'node:stream';
import type { IndexCheckpoint } from './checkpoint.js';
import type { MessageContent } from './content.js';
import type { JournalRecord } from './model.js';

/** How a journal is read back at start: a phone's checkpoint first (if any), then its records after it. */
export interface JournalVisitor {
  /** Takes a phone's checkpoint; one it throws on (unusable) is skipped, and that phone's records are all replayed. */
  restore(phone: string, checkpoint: IndexCheckpoint): void;
  apply(phone: string, record: JournalRecord, offset: number): void;
}

/** The message journal: append-only, one per phone. `src/store` implements it. */
export interface ChatJournal {
  /** Rebuilds what the journal adds up to: each phone's checkpoint, then every record after it, in order. */
  replay(visitor: JournalVisitor): Promise<void>;
  /** Appends durably: resolves (with where each record starts) only once they would survive a crash. */
  append(phone: string, records: readonly JournalRecord[]): Promise<number[]>;
  /**
   * Every record journaled so far, phone by phone (each phone's in order), streamed: the reader
   * holds a chunk, never a whole journal. What reports add up, in one pass.
   */
  scan(visit: (phone: string, record: JournalRecord) => void): Promise<void>;
  /**
   * Writes a new journal for `phone` of the records `keep` takes (an erasure), beside the old one:
   * appends on that phone wait from now until the rewrite is committed or abandoned. Null when
   * `keep` took every record (nothing changes, appends go on). Until `commit`, the old journal is
   * the journal: a crash leaves it whole; after, the new one is.
   */
  rewrite(phone: string, keep: (record: JournalRecord) => boolean, options?: RewriteOptions): Promise<JournalRewrite | null>;
  /** The records starting at these offsets of a phone's journal. */
  read(phone: string, offsets: readonly number[]): Promise<JournalRecord[]>;
  /**
   * Stores `checkpoint` as the index of everything journaled on `phone` so far, so the next start
   * replays only what comes after. It must be taken with no append in flight; it is serialised
   * before this returns its promise.
   */
  saveCheckpoint(phone: string, checkpoint: IndexCheckpoint): Promise<void>;
  /**
   * The message records (and internal notes) of `scope.phones` whose words (`searchableText`: text, captions…) contain
   * `text` (ignoring case), among those `scope.accept` takes by message id — asked before a record
   * is parsed, so what a searcher may not see costs no parsing. Stops at `scope.deadline` (ms,
   * `Date.now()`'s clock) and then says it is partial.
   */
  findMessages(
    text: string,
    scope: SearchScope,
    onMatch: (phone: string, record: Extract<JournalRecord, { type: 'message' | 'note' }>) => void,
  ): Promise<{ partial: boolean }>;
  /**
   * Present where the journal answers for old messages itself (a database): the index then keeps
   * only each chat's latest messages and asks here for the rest, so memory and restart do not
   * grow with history. Absent (the files), the index remembers where every message is.
   */
  readonly lookup?: JournalLookup;
}

/** What a journal that pages old messages itself answers (`ChatJournal.lookup`). */
export interface JournalLookup {
  /** The chat each of `ids` (messages and notes of `phone`) was journaled in, for those that were. */
  chatsOf(phone: string, ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * The lines (messages and notes) of the chats `chatIds` on `phone` that start before offset
   * `before`: the latest `limit` of them, oldest first.
   */
  lines(phone: string, chatIds: readonly string[], before: number, limit: number): Promise<JournaledLine[]>;
  /** One message or note of `phone` by id; undefined when none was journaled. */
  line(phone: string, id: string): Promise<JournaledLine | undefined>;
}

/** A line of a chat's history as journaled, with what later records said of it. */
export interface JournaledLine {
  record: Extract<JournalRecord, { type: 'message' | 'note' }>;
  offset: number;
  /** The `message.status` and `media` records about it, in journal order. */
  later: Extract<JournalRecord, { type: 'message.status' | 'media' }>[];
}

export interface RewriteOptions {
  /**
   * Strings every record `keep` needs to see contains (ids, a field's name): a record whose text
   * holds none is kept without being read — a journal of a million lines is copied, not parsed.
   */
  about?: readonly string[];
}

/** A phone's journal written anew without some records (`ChatJournal.rewrite`), not yet in place. */
export interface JournalRewrite {
  /** How many records were left out. */
  readonly dropped: number;
  /** Every record of the new journal, in order, with where it will start. */
  replay(apply: (record: JournalRecord, offset: number) => void): Promise<void>;
  /** Where a kept record that started at `offset` in the old journal starts in the new one. */
  moved(offset: number): number;
  /**
   * Puts the new journal in place of the old (the phone's checkpoint goes first: it describes
   * the old) and lets appends go on; `swapped` runs at the very moment reads start meeting the
   * new journal, so the index's offsets can change with it.
   */
  commit(swapped: () => void): Promise<void>;
  /** Throws the new journal away; appends go on on the old one. */
  abandon(): Promise<void>;
}

export interface SearchScope {
  phones: ReadonlySet<string>;
  /** `chatId`: the chat the record names, where the journal knows it without reading the record. */
  accept: (phone: string, messageId: string, chatId?: string) => boolean;
  deadline: number;
}

/** Sends on a phone's WhatsApp connection. The daemon routes it to that phone's transport. */
export interface MessageSender {
  /**
   * Resolves once WhatsApp's server took the message. Throws `SendDeferred` when it could not go
   * now but may later (no connection, or it dropped before WhatsApp confirmed it): the outbox
   * sends it again, with the same id, once the phone is connected. Any other error is final.
   */
  send(phone: string, toJid: string, content: MessageContent, messageId: string, context?: SendContext): Promise<void>;
}

/** What a transport needs beyond the content to send it: the file's bytes, the message it is about. */
export interface SendContext {
  /** A media message's file (its `sha256`), opened afresh for each try: it streams, never whole in memory. */
  file?: () => Promise<Readable>;
  /**
   * The message a reply quotes or a reaction is about (`referencedId`), as the chat holds it —
   * WhatsApp names it by id and sender, and shows the quoted words. Absent when it is not found.
   */
  about?: { id: string; fromMe: boolean; content: MessageContent };
}

/**
 * A send that did not go through now and may later: the phone is not connected, or the connection
 * dropped before WhatsApp confirmed it. Transports report it; the outbox (`ChatOutbox`) decides
 * when to try again and when to give up.
 */
export class SendDeferred extends Error {
  override readonly name = 'SendDeferred';
}
