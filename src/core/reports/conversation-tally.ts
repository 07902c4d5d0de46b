import { isAnnotation } from '../chats/content.js';
import type { JournalRecord } from '../chats/model.js';
import type { RoundRobinTarget } from '../model.js';
import { wallClock } from '../time-zone.js';
import { durationFigures, type DurationFigures } from './durations.js';

/** What a report's rows are: one per agent, department, number, day or hour of the day; or one row for everything. */
export type ReportGrouping = 'agent' | 'dept' | 'phone' | 'day' | 'hour';

/** The report's period: instants in ms, `from` included, `to` not. */
export interface ReportWindow {
  from: number;
  to: number;
}

/** The figures of one row (or of the whole period). Durations are in whole seconds. */
export interface ConversationFigures {
  /** Conversations that began: a customer's first message, one a colleague or the phone started. */
  opened: number;
  /** Closed conversations that began again: the customer wrote, or someone reopened it. */
  reopened: number;
  closed: number;
  /** Customers' messages (not reactions, edits or deletions; not history). */
  messagesIn: number;
  /** People's messages to customers (not the bot's or the out-of-hours reply; not history). */
  messagesOut: number;
  /** From the customer's first unanswered message of a conversation to the first reply by a person. */
  firstResponse: DurationFigures;
  /** From a conversation's (re)opening to its closing. */
  resolution: DurationFigures;
  /** Open conversations whose customer waits for an answer now, and for how long the longest has. */
  waiting: { count: number; longestSeconds: number | null };
}

/** A row's key: a user or department id ('' for none), a number, a day (YYYY-MM-DD) or an hour (00–23) in the account's zone. */
export interface TallyRow extends ConversationFigures {
  key: string;
}

interface ChatState {
  phone: string;
  assignee: RoundRobinTarget | null;
  /** The department it was last given to: its department for the report, even once a member holds it. */
  department: string | null;
  /** When the conversation under way began; null while closed, or for a chat that came from history. */
  openedAt: number | null;
  open: boolean;
  /** The customer's first message not answered yet (closing the chat ends the wait). */
  awaitingSince: number | null;
  /** The first response of the conversation under way was given. */
  answered: boolean;
}

class Bucket {
  opened = 0;
  reopened = 0;
  closed = 0;
  messagesIn = 0;
  messagesOut = 0;
  firstResponses: number[] = [];
  resolutions: number[] = [];
  waiting = 0;
  longestWait = -1;

  figures(): ConversationFigures {
    return {
      opened: this.opened,
      reopened: this.reopened,
      closed: this.closed,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      firstResponse: durationFigures(this.firstResponses),
      resolution: durationFigures(this.resolutions),
      waiting: { count: this.waiting, longestSeconds: this.longestWait < 0 ? null : Math.round(this.longestWait / 1000) },
    };
  }
}

/**
 * Adds a journal up, record by record, into a report's figures: one pass, holding one small
 * state per chat and the durations of the period, never the records. Everything before the
 * period is read too (a conversation may have begun before it) but counts only for what it
 * leads to inside it: a reply inside the period to a customer who wrote the day before is a
 * first response of the period.
 *
 * Who an event belongs to `--by agent`: a first response to whoever wrote it; a message out to
 * its author; an opening, a reopening, a message in, a closing and a resolution to the agent
 * holding the chat then (none: the key ''). Messages from the phone itself count as responses
 * by nobody in particular.
 */
export class ConversationTally {
  private chats = new Map<string, ChatState>();
  private buckets = new Map<string, Bucket>();
  private total = new Bucket();

  constructor(
    private readonly window: ReportWindow,
    private readonly grouping: ReportGrouping | null,
    private readonly zone: string,
  ) {}

  apply(phone: string, record: JournalRecord): void {
    switch (record.type) {
      case 'chat.opened': {
        const time = Date.parse(record.time);
        const chat = this.chat(phone, record.chatId);
        chat.assignee = record.assignee;
        if (record.assignee?.type === 'department') chat.department = record.assignee.departmentId;
        chat.open = true;
        chat.answered = false;
        if (record.cause === 'history') {
          chat.openedAt = null;
          return;
        }
        chat.openedAt = time;
        this.count(chat, time, this.agentOf(chat), (b) => {
          if (record.cause === 'reopen') b.reopened += 1;
          else b.opened += 1;
        });
        return;
      }
      case 'chat.reopened': {
        const time = Date.parse(record.time);
        const chat = this.chat(phone, record.chatId);
        chat.open = true;
        chat.answered = false;
        chat.openedAt = time;
        this.count(chat, time, this.agentOf(chat), (b) => {
          b.reopened += 1;
        });
        return;
      }
      case 'chat.assigned': {
        const chat = this.chat(phone, record.chatId);
        chat.assignee = record.assignee;
        if (record.assignee?.type === 'department') chat.department = record.assignee.departmentId;
        return;
      }
      case 'chat.closed': {
        const time = Date.parse(record.time);
        const chat = this.chat(phone, record.chatId);
        const openedAt = chat.openedAt;
        this.count(chat, time, this.agentOf(chat), (b) => {
          b.closed += 1;
          if (openedAt !== null) b.resolutions.push(time - openedAt);
        });
        chat.open = false;
        chat.openedAt = null;
        chat.awaitingSince = null;
        return;
      }
      case 'message': {
        if (record.history || (record.content && isAnnotation(record.content))) return;
        const chat = this.chat(phone, record.chatId);
        if (record.direction === 'in') {
          const time = Date.parse(record.receivedAt ?? record.time);
          chat.awaitingSince ??= time;
          this.count(chat, time, this.agentOf(chat), (b) => {
            b.messagesIn += 1;
          });
          return;
        }
        if (record.auto) return; // the bot or the out-of-hours reply: nobody answered yet
        const time = Date.parse(record.time);
        const author = record.authorId ?? '';
        const waitedSince = chat.awaitingSince;
        const first = waitedSince !== null && !chat.answered && chat.openedAt !== null;
        this.count(chat, time, author, (b) => {
          b.messagesOut += 1;
          if (first) b.firstResponses.push(time - waitedSince);
        });
        if (first) chat.answered = true;
        chat.awaitingSince = null;
        return;
      }
      default:
        return;
    }
  }

  /** The rows (in no particular order) and the whole period's figures; `now` measures the waits. */
  finish(now: number): { rows: TallyRow[]; total: ConversationFigures } {
    for (const chat of this.chats.values()) {
      if (!chat.open || chat.awaitingSince === null) continue;
      const wait = Math.max(0, now - chat.awaitingSince);
      for (const bucket of [this.total, ...(this.grouping ? [this.bucket(this.keyOf(chat, chat.awaitingSince, this.agentOf(chat)))] : [])]) {
        bucket.waiting += 1;
        bucket.longestWait = Math.max(bucket.longestWait, wait);
      }
    }
    return {
      rows: [...this.buckets].map(([key, bucket]) => ({ key, ...bucket.figures() })),
      total: this.total.figures(),
    };
  }

  private chat(phone: string, chatId: string): ChatState {
    const id = `${phone} ${chatId}`;
    let chat = this.chats.get(id);
    if (!chat) {
      chat = { phone, assignee: null, department: null, openedAt: null, open: false, awaitingSince: null, answered: false };
      this.chats.set(id, chat);
    }
    return chat;
  }

  private agentOf(chat: ChatState): string {
    return chat.assignee?.type === 'user' ? chat.assignee.userId : '';
  }

  /** Adds to the total and the event's row, when the event falls in the period. */
  private count(chat: ChatState, time: number, agent: string, add: (bucket: Bucket) => void): void {
    if (!(time >= this.window.from && time < this.window.to)) return;
    add(this.total);
    if (this.grouping) add(this.bucket(this.keyOf(chat, time, agent)));
  }

  private keyOf(chat: ChatState, time: number, agent: string): string {
    switch (this.grouping) {
      case 'agent':
        return agent;
      case 'dept':
        return chat.department ?? '';
      case 'phone':
        return chat.phone;
      case 'day':
        return new Date(wallClock(time, this.zone)).toISOString().slice(0, 10);
      case 'hour':
        return new Date(wallClock(time, this.zone)).toISOString().slice(11, 13);
      default:
        return '';
    }
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
