import type { ChatService } from '../chats/chat-service.js';
import { resolveMentions } from '../chats/mentions.js';
import type { Chat } from '../chats/model.js';
import { messageView, type MessageView } from '../chats/views.js';
import { canSee } from '../chats/visibility.js';
import { principal } from '../access.js';
import type { OperationContext } from '../context.js';
import { denied, GuruError, invalid, notFound } from '../errors.js';
import { findChat } from './chats.js';
import { t } from '../../i18n/translate.js';

/** The longest note: as long as a message may be. */
export const MAX_NOTE_LENGTH = 65_536;

/** A colleague a note named, and whether they were told (only someone who can see the chat is). */
export interface MentionView {
  email: string;
  name: string;
  notified: boolean;
}

/** What writing a note answers: the note as the chat shows it, and who its `@names` reached. */
export interface NoteResult {
  note: MessageView;
  mentions: MentionView[];
}

/**
 * Internal notes (`guru chat note`): words about a chat for the team, kept in its history for
 * whoever sees the chat and never sent to WhatsApp. Anyone who sees a chat may write one.
 */
export function noteOps(ctx: OperationContext) {
  const service = (): ChatService => {
    if (!ctx.deps.chats) throw new GuruError('daemon_unreachable', t`chats live in the daemon — start it with \`guru daemon start\``);
    return ctx.deps.chats;
  };

  return {
    /**
     * Writes a note in a chat the actor may see (one they may not is refused exactly like one
     * that does not exist). Its `@names` must each name one active colleague (else nothing is
     * saved: the error says who could be meant); those who can see the chat are told. Audited
     * without its words: the audit is read by people who may not see the chat.
     */
    async add(ref: string, text: string): Promise<NoteResult> {
      const words = text.replace(/\s+$/, '');
      if (words.trim() === '') throw invalid(t`the note is empty — write what the team should know about this chat`);
      if (words.length > MAX_NOTE_LENGTH)
        throw invalid(t`note too long (${words.length} characters; at most ${MAX_NOTE_LENGTH}) — shorten it or split it in two`);
      const { chat, who, named, state } = await ctx.view(null, t`write notes`, (s, w) => {
        const c = findChat(service(), ref, (candidate) => canSee(s, w, candidate));
        if (!c) {
          const missing = t`no chat "${ref}" — see \`guru chat list\``;
          throw w.isAdmin || w.permissions.has('chats.view_all')
            ? notFound(missing)
            : denied(t`you may not see chat "${ref}": no chat by that id or number is visible to you — see \`guru chat list\``);
        }
        return { chat: c, who: w, named: resolveMentions(words, s.users), state: s };
      });
      if (!who.user) throw invalid(t`the owner cannot write as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      const stored = await service().note(
        chat,
        who.user.id,
        words,
        named.map((u) => u.id),
      );
      await ctx.deps.audit.append([
        {
          time: ctx.now(),
          actor: who.label,
          action: 'chat.note',
          target: chat.id,
          details: { noteId: stored.id, mentions: named.map((u) => u.email) },
        },
      ]);
      return {
        note: messageView(state, stored),
        mentions: named.map((u) => ({ email: u.email, name: u.name, notified: u.id !== who.user!.id && seesChat(state, u.id, chat) })),
      };
    },
  };
}

function seesChat(state: Parameters<typeof principal>[0], userId: string, chat: Chat): boolean {
  try {
    return canSee(state, principal(state, { type: 'user', userId }), chat);
  } catch {
    return false; // disabled meanwhile
  }
}
