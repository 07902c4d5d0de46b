import type { Principal } from '../access.js';
import type { ChatService } from '../chats/chat-service.js';
import type { ScheduledSend } from '../chats/chat-index.js';
import { checkMessageText } from '../chats/chat-sends.js';
import { textContent } from '../chats/content.js';
import type { Chat } from '../chats/model.js';
import { scheduledView, teamTimeZone, type ScheduledView } from '../chats/scheduled-views.js';
import { canSee } from '../chats/visibility.js';
import type { OperationContext } from '../context.js';
import { denied, GuruError, invalid, notFound } from '../errors.js';
import type { State } from '../model.js';
import { formatLocalTime, parseLocalTime } from '../time-zone.js';
import { findChat } from './chats.js';
import { t } from '../../i18n/translate.js';

/** How far ahead a message may be scheduled: a year covers any follow-up; more is a typo. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * Messages scheduled for later (`guru chat send --at`, `guru chat scheduled`, `guru chat
 * unschedule`). Who: as `chat send` — the `chats.send` permission and the chat in sight, when
 * scheduling and when taking one back; listing shows the scheduled messages of the chats the
 * caller sees. A schedule in a chat the caller may not see is answered as one that does not
 * exist. Each schedule and unschedule is audited; what the scheduler sends is audited as the
 * author's send when it goes.
 */
export function scheduledOps(ctx: OperationContext) {
  const service = (): ChatService => {
    if (!ctx.deps.chats) throw new GuruError('daemon_unreachable', t`chats live in the daemon — start it with \`guru daemon start\``);
    return ctx.deps.chats;
  };

  const contactOf = (chat: Chat) => service().contacts?.get(chat.customer) ?? null;

  /** A chat the actor may see, refused like `chat send` refuses one they may not (or that does not exist). */
  const visibleChat = (state: State, who: Principal, ref: string): Chat => {
    const chat = findChat(service(), ref, (c) => canSee(state, who, c));
    if (chat) return chat;
    if (who.isAdmin || who.permissions.has('chats.view_all')) throw notFound(t`no chat "${ref}" — see \`guru chat list\``);
    throw denied(t`you may not see chat "${ref}": no chat by that id or number is visible to you — see \`guru chat list\``);
  };

  /** A scheduled message still to go, in a chat the actor may see; any other id is simply not found. */
  const visibleScheduled = (state: State, who: Principal, id: string): { scheduled: ScheduledSend; chat: Chat } => {
    const scheduled = service().index.scheduledById(id.trim());
    const chat = scheduled && service().index.get(scheduled.chatId);
    if (!scheduled || !chat || !canSee(state, who, chat)) {
      throw notFound(t`no scheduled message "${id}" waiting in a chat you may see (already sent, or cancelled?) — see \`guru chat scheduled\``);
    }
    return { scheduled, chat };
  };

  return {
    /**
     * Schedules `text` for `at`: `2026-12-02 09:00` in the team's time zone (`Account.timeZone`,
     * else the daemon machine's), or ISO 8601 with an offset. The past, and more than a year
     * ahead, are refused. Journaled before this answers: a crash afterwards loses nothing.
     */
    async schedule(ref: string, text: string, at: string): Promise<ScheduledView> {
      checkMessageText(text, t`nothing to schedule: the message is empty`);
      const { chat, who, state } = await ctx.view('chats.send', t`send messages`, (s, w) => ({ chat: visibleChat(s, w, ref), who: w, state: s }));
      if (!who.user) throw invalid(t`the owner cannot send as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      const zone = teamTimeZone(state);
      const when = parseLocalTime(at, zone);
      const now = ctx.deps.clock.now();
      if (when.getTime() <= now.getTime()) {
        throw invalid(t`${at} is in the past (it is ${formatLocalTime(now, zone)} in ${zone} now) — give a later time, or send it now without --at`);
      }
      if (when.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) throw invalid(t`${at} is more than a year ahead — schedule it closer to the time`);
      const scheduled = await service().schedule(chat, who.user.id, textContent(text), when);
      await ctx.audit(who, 'chat.schedule', chat.id, { scheduledId: scheduled.id, at: scheduled.at });
      return scheduledView(await ctx.deps.state.read(), scheduled, chat, contactOf(chat));
    },

    /** The messages still to go in the chats the actor sees, soonest first; `mine`: those the actor scheduled. */
    list(filter: { mine?: boolean } = {}): Promise<ScheduledView[]> {
      return ctx.view(null, t`see chats`, (state, who) =>
        service()
          .index.scheduled()
          .filter((s) => !filter.mine || (who.user !== null && s.authorId === who.user.id))
          .flatMap((s) => {
            const chat = service().index.get(s.chatId);
            return chat && canSee(state, who, chat) ? [scheduledView(state, s, chat, contactOf(chat))] : [];
          }),
      );
    },

    /** Takes a scheduled message back before it goes (`guru chat unschedule`). */
    async cancel(id: string): Promise<ScheduledView> {
      const { scheduled, chat, who } = await ctx.view('chats.send', t`send messages`, (state, w) => ({ ...visibleScheduled(state, w, id), who: w }));
      if (!(await service().unschedule(scheduled, who.label))) {
        throw notFound(t`scheduled message "${id}" has already gone (or was cancelled) — see \`guru chat show ${chat.id}\``);
      }
      await ctx.audit(who, 'chat.unschedule', chat.id, { scheduledId: scheduled.id });
      return scheduledView(await ctx.deps.state.read(), scheduled, chat, contactOf(chat));
    },
  };
}
