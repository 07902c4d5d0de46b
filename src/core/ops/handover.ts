import type { Principal } from '../access.js';
import type { ChatService } from '../chats/chat-service.js';
import type { Chat, HandoverReason } from '../chats/model.js';
import type { OperationContext } from '../context.js';
import { GuruError } from '../errors.js';
import type { RoundRobinTarget, State } from '../model.js';
import type { AuditEntry } from '../ports.js';
import { sameTarget } from '../round-robin.js';
import { targetView, type TargetView } from '../views.js';
import { assigneeRef, type AssigneeRef } from '../routing-audit.js';
import { t } from '../../i18n/translate.js';

// How the audit names assignees lives with the rodízio's actor (the chats' ingest audits too).
export { assigneeRef, type AssigneeRef } from '../routing-audit.js';

/** What happened to the open chats of a user or department that was removed or disabled. */
export interface HandoverView {
  reason: HandoverReason;
  /** 'round-robin': each chat went to the rodízio's next pick (nobody when none is eligible); 'unassign': to nobody. */
  mode: 'round-robin' | 'unassign';
  /**
   * False where no daemon runs (the chats live in it): they go to the rodízio when it starts
   * (`handOverOrphans`), and `chats` is 0 for now.
   */
  done: boolean;
  /** How many open chats changed hands. */
  chats: number;
  /** Where they went, most first; `assignee` null: left unassigned. */
  to: { assignee: TargetView | null; chats: string[] }[];
}

/**
 * Refuses `--unassign` where no daemon runs, before anything changes: only the daemon holds the
 * chats, and the one thing it does with them later by itself is the rodízio (at start). `doing`
 * starts the refusal, in the reader's language (t`removing a user`).
 */
export function requireCanUnassign(ctx: OperationContext, unassign: boolean | undefined, doing: string): void {
  if (unassign && !ctx.deps.chats) {
    throw new GuruError(
      'daemon_unreachable',
      t`${doing} with --unassign needs the daemon, which holds the chats — start it with \`guru daemon start\`, or leave out --unassign (their open chats then go to the rodízio when the daemon starts)`,
    );
  }
}

/**
 * Hands the open chats of `from` (a user or department just removed or disabled) to the
 * rodízio again, or to nobody: one journaled assignment and one `chat.reassign` audit entry per
 * chat, by `who`. The state change comes first, so a daemon that stops halfway finishes the rest
 * when it starts (`handOverOrphans`).
 */
export async function handOverChats(
  ctx: OperationContext,
  who: Principal,
  from: { target: RoundRobinTarget; ref: AssigneeRef },
  how: { unassign: boolean; reason: HandoverReason },
): Promise<HandoverView> {
  const mode = how.unassign ? 'unassign' : 'round-robin';
  const service = ctx.deps.chats;
  if (!service) return { reason: how.reason, mode, done: false, chats: 0, to: [] };
  const held = (chat: Chat) => chat.status === 'open' && sameTarget(chat.assignee, from.target);
  const moved = await moveChats(ctx, service, who.label, held, () => ({ ref: from.ref, reason: how.reason }), how.unassign);
  return summary(await ctx.deps.state.read(), how.reason, mode, moved);
}

/**
 * At the daemon's start: open chats still held by a user removed or disabled, or a department
 * removed, while no daemon ran (or before handovers existed) go to the rodízio again.
 * Returns how many moved.
 */
export async function handOverOrphans(ctx: OperationContext, by: string): Promise<number> {
  const service = ctx.deps.chats;
  if (!service) return 0;
  const state = await ctx.deps.state.read();
  // Runs before the daemon answers, over every chat: lookups by id, not a scan per chat.
  const departments = new Set(state.departments.map((d) => d.id));
  const users = new Map(state.users.map((u) => [u.id, u]));
  const why = (chat: Chat): HandoverReason | null => {
    const a = chat.assignee;
    if (chat.status !== 'open' || a === null) return null;
    if (a.type === 'department') return departments.has(a.departmentId) ? null : 'department.remove';
    const user = users.get(a.userId);
    return !user ? 'user.remove' : user.active ? null : 'user.disable';
  };
  const moved = await moveChats(
    ctx,
    service,
    by,
    (chat) => why(chat) !== null,
    (chat) => ({ ref: assigneeRef(state, chat.assignee!), reason: why(chat)! }),
    false,
  );
  return moved.length;
}

type Moved = { chat: Chat; to: RoundRobinTarget | null };

/** One chat at a time, oldest first — the rodízio hands them out in the order they came in. */
async function moveChats(
  ctx: OperationContext,
  service: ChatService,
  by: string,
  held: (chat: Chat) => boolean,
  about: (chat: Chat) => { ref: AssigneeRef; reason: HandoverReason },
  unassign: boolean,
): Promise<Moved[]> {
  const chats = service.index
    .all()
    .filter(held)
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  const moved: Moved[] = [];
  for (const chat of chats) {
    const { ref, reason } = about(chat);
    const done = await service.handOver(chat.id, held, { unassign, reason, by });
    if (!done) continue;
    const state = await ctx.deps.state.read();
    const entry: AuditEntry = {
      time: ctx.now(),
      actor: by,
      action: 'chat.reassign',
      target: chat.id,
      details: { customer: chat.customer, from: ref, to: done.to ? assigneeRef(state, done.to) : null, reason },
    };
    await ctx.deps.audit.append([entry]);
    moved.push({ chat, to: done.to });
  }
  return moved;
}

function summary(state: State, reason: HandoverReason, mode: HandoverView['mode'], moved: Moved[]): HandoverView {
  const groups: { target: RoundRobinTarget | null; chats: string[] }[] = [];
  for (const { chat, to } of moved) {
    const group = groups.find((g) => sameTarget(g.target, to));
    if (group) group.chats.push(chat.id);
    else groups.push({ target: to, chats: [chat.id] });
  }
  groups.sort((a, b) => b.chats.length - a.chats.length);
  return {
    reason,
    mode,
    done: true,
    chats: moved.length,
    to: groups.map((g) => ({ assignee: g.target ? targetView(state, g.target) : null, chats: g.chats })),
  };
}
