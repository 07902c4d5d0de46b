import type { ChatView, MessageView } from './chats/views.js';
import type { DeliveryStatus, MediaStatus } from './chats/model.js';
import type { Availability, LinkState, RoundRobinTarget } from './model.js';
import type { AuditEntry } from './ports.js';
import type { UserView } from './views.js';

/**
 * What the engine announces as it happens. The daemon fans these out to watch streams,
 * filtered to what each watcher may see; consumers switch on `type` exhaustively.
 */
export type EngineEvent =
  /**
   * Someone's presence changed: they opened or closed their last inbox/watch (`online`: connected
   * or not), or said they are busy, away or back (`guru status`, the inbox). `status` is what
   * the team sees: their status while connected, `offline` while not.
   */
  | { type: 'presence'; email: string; online: boolean; status: Availability /** Set by an inbox after idle time, not by the person. */; auto?: true }
  /** A phone's WhatsApp link changed state. */
  | { type: 'phone'; phone: string; state: LinkState }
  | { type: 'audit'; entry: AuditEntry }
  /**
   * A chat was opened, assigned, closed, reopened or read (a message alone: see `message`): its new summary.
   * `movedFrom` (engine-side only) is the assignee before this change, when it changed — so
   * whoever could see the chat only through the old assignee learns it is gone.
   */
  | { type: 'chat'; chat: ChatView; movedFrom?: RoundRobinTarget | null /** Engine-side only: this change closed it. */; closed?: true }
  /**
   * A message was stored, with its chat's new summary: a message alone changes a chat's preview,
   * unread count and order, and sending that as a second event doubled the fan-out.
   */
  | { type: 'message'; chatId: string; message: MessageView; chat: ChatView }
  | { type: 'message.status'; chatId: string; id: string; status: DeliveryStatus /** Failed: why, and the next step. */; reason?: string }
  /** Where a message's file stands changed: downloaded (stored), given up on (unavailable), pruned. */
  | { type: 'message.media'; chatId: string; id: string; media: MediaStatus }
  /**
   * An internal note named `userId` (`@bia`): told to that colleague alone, and only while they
   * can see the chat. `id` is the note's; `by` who wrote it; `text` its words.
   */
  | { type: 'mention'; chatId: string; id: string; userId: string; by: { email: string; name: string } | null; text: string; time: string }
  /** A chat's customer was erased (LGPD): it is gone for everyone who saw it. */
  | { type: 'chat.erased'; chatId: string };

/**
 * The registered phones changed (one was added or removed): whoever runs the phones'
 * connections brings them in line. Engine-side only: watchers learn it from the audit.
 */
export interface PhonesChanged {
  type: 'phones.changed';
  phone: string;
  change: 'added' | 'removed';
}

/** Who a watcher (or `guru whoami`) is. The owner (local admin) has no user record. */
export interface WhoAmI {
  owner: boolean;
  user: UserView | null;
}

/** One line of `GET /v1/watch`, as the engine yields it for one actor. The first is always a snapshot. */
export type WatchEvent =
  | {
      type: 'snapshot';
      me: WhoAmI;
      /** Who is connected (emails). */
      online: string[];
      /** What each connected user shows (`online`, `busy`, `away`), by email. */
      availability: Record<string, Availability>;
      /** How long the inbox may go untouched before it marks its user away (ms; 0: never). */
      awayAfterMs: number;
      phones: { number: string; label: string | null; linkState: LinkState }[];
    }
  | { type: 'heartbeat'; time: string }
  /** A chat this watcher could see was moved where they cannot (or its customer erased): drop it. */
  | { type: 'chat.hidden'; chatId: string }
  /**
   * The last line: the daemon ends this stream, and why. `relogin`: the session itself is over
   * (logged out, new password, account disabled or removed) — log in again, do not reconnect.
   */
  | { type: 'closed'; reason: string; relogin: boolean }
  | Exclude<EngineEvent, { type: 'chat' | 'chat.erased' }>
  | { type: 'chat'; chat: ChatView };

type Listener<E> = (event: E) => void;

/** In-process fan-out of the engine's events: to watchers (`watchAs`) and to the daemon's wiring. */
export class EventHub<E = EngineEvent | PhonesChanged> {
  private listeners = new Set<Listener<E>>();

  subscribe(listener: Listener<E>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Synchronously, to every listener in turn: a watcher may rely on one event reaching all in one loop. */
  publish(event: E): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
