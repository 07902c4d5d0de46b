import type { OperationContext } from '../context.js';
import type { EngineEvent, PhonesChanged } from '../events.js';
import type { AuditEntry } from '../ports.js';
import { assigneeRef, ROUTING_ACTOR } from '../routing-audit.js';

export { ROUTING_ACTOR } from '../routing-audit.js';

/**
 * Hands out the chats waiting on `phone` (every phone with waiting chats, when null) now that
 * someone may take them — `cause` says why now. Each hand-out is journaled and audited
 * (`chat.reassign`, reason `backlog`, with the cause). Returns how many chats went.
 */
export async function handOutWaiting(ctx: OperationContext, phone: string | null, cause: string): Promise<number> {
  const service = ctx.deps.chats;
  if (!service) return 0;
  const phones = phone === null ? service.index.routing.phonesWaiting() : [phone];
  let count = 0;
  for (const number of phones) {
    const moved = await service.handOutWaiting(number, cause, ROUTING_ACTOR);
    if (moved.length === 0) continue;
    const state = await ctx.deps.state.read();
    const entries: AuditEntry[] = moved.map(({ chat, to }) => ({
      time: ctx.now(),
      actor: ROUTING_ACTOR,
      action: 'chat.reassign',
      target: chat.id,
      details: { customer: chat.customer, from: null, to: assigneeRef(state, to), reason: 'backlog', cause },
    }));
    await ctx.deps.audit.append(entries);
    count += moved.length;
  }
  return count;
}

/** Audited changes (besides the rodízio's and departments') after which someone may take a chat. */
const MAY_FREE_SOMEONE = new Set(['account.set', 'user.enable', 'user.status', 'phone.set', 'phone.hours', 'bot.set', 'bot.off']);

/**
 * When someone may have become able to take a waiting chat, and where: an agent came online; a
 * chat left its holder (closed, or moved on — a load dropped); the rodízio, a user, a department
 * or a phone's settings changed (an entry made active, a cap raised, a status back to online).
 * Null phone: every phone. Cheap when nothing waits: the pass finds no chat and writes nothing.
 */
export function backlogCause(event: EngineEvent | PhonesChanged): { phone: string | null; cause: string } | null {
  switch (event.type) {
    case 'presence':
      // Connected and available (a busy or away agent connecting takes nothing; a status back to
      // online is audited as `user.status`, which comes first).
      return event.status === 'online' ? { phone: null, cause: `${event.email} came online` } : null;
    case 'chat':
      // Only the change that closed it: receipts, tags and renames of closed chats free nobody.
      if (event.closed) return { phone: event.chat.phone, cause: `chat ${event.chat.id} was closed` };
      // Moved away from someone (not a hand-out from the backlog itself, which moves from nobody).
      if (event.movedFrom) return { phone: event.chat.phone, cause: `chat ${event.chat.id} changed hands` };
      return null;
    case 'audit': {
      const { action, target, actor } = event.entry;
      if (action.startsWith('round_robin.')) return { phone: target, cause: `${action} by ${actor}` };
      if (MAY_FREE_SOMEONE.has(action) || action.startsWith('department.')) return { phone: null, cause: `${action} by ${actor}` };
      return null;
    }
    default:
      return null;
  }
}
