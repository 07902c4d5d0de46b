import type { ChatView, MessageView } from './chats/views.js';
import type { DeliveryStatus } from './chats/model.js';
import type { LinkState, RoundRobinTarget } from './model.js';
import type { AuditEntry } from './ports.js';

/**
 * What the engine announces as it happens. The daemon fans these out to watch streams,
 * filtered to what each watcher may see; consumers switch on `type` exhaustively.
 */
export type EngineEvent =
  | { type: 'presence'; email: string; online: boolean }
  /** A phone's WhatsApp link changed state. */
  | { type: 'phone'; phone: string; state: LinkState }
  | { type: 'audit'; entry: AuditEntry }
  /**
   * A chat was opened, assigned, closed, reopened or read (a message alone: see `message`): its new summary.
   * `movedFrom` (engine-side only) is the assignee before this change, when it changed — so
   * whoever could see the chat only through the old assignee learns it is gone.
   */
  | { type: 'chat'; chat: ChatView; movedFrom?: RoundRobinTarget | null }
  /**
   * A message was stored, with its chat's new summary: a message alone changes a chat's preview,
   * unread count and order, and sending that as a second event doubled the fan-out.
   */
  | { type: 'message'; chatId: string; message: MessageView; chat: ChatView }
  | { type: 'message.status'; chatId: string; id: string; status: DeliveryStatus };

export function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
