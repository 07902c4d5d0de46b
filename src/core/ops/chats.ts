import type { Principal } from '../access.js';
import type { ChatService } from '../chats/chat-service.js';
import { foldAnnotations } from '../chats/annotations.js';
import { describeContent, isMedia, referencedId, searchableText, textContent, type MessageContent } from '../chats/content.js';
import type { OutgoingFile, UploadedFile } from '../media/outgoing.js';
import { QUOTA_FULL, quotaFullReason } from '../media/media-fetcher.js';
import type { ByteSource, ByteStream } from '../bytes.js';
import { normalizeCustomer } from '../chats/customer.js';
import type { Chat, MediaStatus } from '../chats/model.js';
import { withSignature } from '../chats/signature.js';
import { checkMessageText } from '../chats/chat-sends.js';
import { messageView, whyView, type ChatDetailView, type ChatStartView, type ChatView, type MessageView, type WhyView } from '../chats/views.js';
import { canSee } from '../chats/visibility.js';
import type { OperationContext } from '../context.js';
import { contactMatches } from '../contacts/contact-search.js';
import type { Contact } from '../contacts/ports.js';
import { denied, GuruError, invalid, notFound, usage } from '../errors.js';
import { findDepartment, findUser, sameName } from '../lookup.js';
import type { Phone, RoundRobinTarget, State } from '../model.js';
import { displayPhoneNumber, normalizePhoneNumber } from '../phone-number.js';
import { requirePermission } from '../access.js';
import { assigneeRef } from './handover.js';
import { filledQuickReply, type FilledQuickReply } from '../quick-replies.js';
import { findTag, tagsMatch, type TagMode } from '../tags.js';
import { t } from '../../i18n/translate.js';

export interface ChatListFilter {
  /** Every chat of the team: asked of someone who cannot see them all, it is refused rather than quietly narrowed. */
  all?: boolean;
  mine?: boolean;
  unassigned?: boolean;
  dept?: string;
  /** Default: open. */
  status?: 'open' | 'closed' | 'all';
  search?: string;
  /** Only chats wearing these tags (names or ids), combined by `tagMode` (default: all of them). */
  tags?: string[];
  tagMode?: TagMode;
}

export function chatOps(ctx: OperationContext) {
  const service = (): ChatService => {
    if (!ctx.deps.chats) {
      throw new GuruError('daemon_unreachable', t`chats live in the daemon — start it with \`guru daemon start\``);
    }
    return ctx.deps.chats;
  };

  /** The customer's contact, whose name and fields chat summaries show. */
  const contactOf = (chat: Chat) => service().contacts?.get(chat.customer);

  /**
   * Resolves a chat the actor may see. Chat ids derive from (phone, customer) and can be
   * computed, so to someone with a partial view a chat they may not see is refused exactly like
   * one that does not exist (exit 5 both): the answer must not tell whether a person has ever
   * written to the company, nor where their chat is assigned. Whoever sees every chat gets a
   * plain not-found.
   */
  const visibleChat = (state: State, who: Principal, ref: string): Chat => {
    const chat = findChat(service(), ref, (c) => canSee(state, who, c));
    if (chat) return chat;
    if (seesEveryChat(who)) throw notFound(t`no chat "${ref}" — see \`guru chat list\``);
    throw denied(t`you may not see chat "${ref}": no chat by that id or number is visible to you — see \`guru chat list\``);
  };

  /** A journaled chat action by the actor, audited, returning the chat's new summary. */
  const act = async (
    ref: string,
    permission: 'chats.transfer' | 'chats.close' | null,
    doing: string,
    build: (chat: Chat, state: State, who: Principal, now: string) => Parameters<ChatService['record']>[1] | null,
  ): Promise<ChatView> => {
    const { chat, record, who, state } = await ctx.view(null, doing, (s, w) => {
      if (permission) requirePermission(w, permission, doing);
      const c = visibleChat(s, w, ref);
      // Dated by the chat service: a chat's activity is on its clock, which never goes back.
      return { chat: c, record: build(c, s, w, service().now()), who: w, state: s };
    });
    if (record) {
      // A transfer names both ends (by name and id): the audit must say to whom, even once they are gone.
      const details =
        record.type === 'chat.assigned'
          ? {
              customer: chat.customer,
              from: chat.assignee ? assigneeRef(state, chat.assignee) : null,
              to: record.assignee ? assigneeRef(state, record.assignee) : null,
            }
          : { customer: chat.customer };
      await service().record(chat, record);
      await ctx.deps.audit.append([{ time: ctx.now(), actor: who.label, action: record.type, target: chat.id, details }]);
    }
    return service().view(state, chat);
  };

  /** The chat of a message, by its id, among those the actor may see; one they may not is missing. */
  const chatOfVisibleMessage = (state: State, who: Principal, id: string, holding: readonly Chat[]): Chat => {
    const chats = holding.filter((c) => state.phones.some((p) => p.number === c.phone) && canSee(state, who, c));
    if (chats.length === 0) throw notFound(t`no message "${id}" in a chat you may see — see \`guru chat show <chat>\` for message ids`);
    return chats[0]!;
  };

  /**
   * The chats `list` answers, and whether a search of the words (`filter.search`) was cut short
   * by its deadline: then older messages may mention them in chats not listed.
   */
  const search = async (filter: ChatListFilter = {}): Promise<{ chats: ChatView[]; partial: boolean }> => {
    const words = filter.search?.trim().toLowerCase();
    const { state, who } = await ctx.view(null, t`list chats`, (s, w) => {
      if (filter.all && !seesEveryChat(w)) {
        throw denied(
          t`you may not list every chat of the team: it needs the "chats.view_all" permission — ask an admin to grant it, or list the chats you may see without --all`,
        );
      }
      return { state: s, who: w };
    });
    const tagIds = filter.tags && filter.tags.length > 0 ? filter.tags.map((tag) => findTag(state, tag).id) : null;
    const tagMode = filter.tagMode ?? 'all';
    // Messages too old to be in memory are searched in the journal — only in chats this person may see.
    const mentioned = words ? await service().chatsMentioning(words, who.user?.id ?? who.label, (chat) => canSee(state, who, chat)) : null;
    const status = filter.status ?? 'open';
    const dept = filter.dept ? findDepartment(state, filter.dept) : null;
    const chats = service()
      .index.all()
      .filter((chat) => canSee(state, who, chat))
      .filter((chat) => status === 'all' || chat.status === status)
      .filter((chat) => !filter.mine || (chat.assignee?.type === 'user' && chat.assignee.userId === who.user?.id))
      .filter((chat) => !filter.unassigned || chat.assignee === null)
      .filter((chat) => !dept || (chat.assignee?.type === 'department' && chat.assignee.departmentId === dept.id))
      .filter((chat) => !tagIds || tagsMatch(chat.tags, tagIds, tagMode))
      .filter((chat) => !words || mentioned!.chatIds.has(chat.id) || matches(chat, words, contactOf(chat)))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .map((chat) => service().view(state, chat));
    return { chats, partial: mentioned?.partial ?? false };
  };

  return {
    async list(filter: ChatListFilter = {}): Promise<ChatView[]> {
      return (await search(filter)).chats;
    },

    search,

    async show(ref: string, options: { limit?: number } = {}): Promise<ChatDetailView> {
      const { chat, state } = await ctx.view(null, t`see chats`, (s, who) => ({ chat: visibleChat(s, who, ref), state: s }));
      const messages = await service().history(chat, options.limit ?? 50);
      const detail = service().detailView(state, chat, messages);
      // What replies and annotations on this page are about, when it is older than the page.
      const shown = new Set(messages.map((m) => m.id));
      const older = await service().messagesInChat(
        chat,
        messages.flatMap((m) => referencedId(m.content) ?? []).filter((id) => !shown.has(id)),
      );
      return { ...detail, messages: foldAnnotations(detail.messages, (id) => (older.has(id) ? describeContent(older.get(id)!.content) : undefined)) };
    },

    why(ref: string): Promise<WhyView> {
      return ctx.view(null, t`see chats`, (state, who) => whyView(state, visibleChat(state, who, ref)));
    },

    /**
     * A reply in a chat: text, or a file uploaded before (`upload`) by its sha256 — how it goes
     * (photo, voice note, document…) is told from its content, within WhatsApp's limits
     * (`outgoingMedia`). The signature goes above a text or a caption. `options.replyTo` quotes a
     * message of the chat; `options.key` is the client's idempotency key for this message (one
     * per message it means to send): a retry with the same key gets the message sent the first
     * time, sent once.
     */
    async send(
      ref: string,
      message: string | { file: OutgoingFile } | { quick: string },
      options: { key?: string; replyTo?: string } = {},
    ): Promise<MessageView> {
      const { chat, who, quick } = await ctx.view('chats.send', t`send messages`, (state, w) => {
        const c = visibleChat(state, w, ref);
        // A quick reply (`--quick /preco`) is filled in here, for this chat and this sender.
        return {
          chat: c,
          who: w,
          quick: typeof message === 'object' && 'quick' in message ? filledQuickReply(state, w, c, message.quick, contactOf(c)) : null,
        };
      });
      if (!who.user) throw invalid(t`the owner cannot send as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      const sign = (text: string) => withSignature(who.user!.visibleName, text);
      let content: MessageContent;
      if (typeof message === 'string') content = textContent(sign(message));
      else if ('quick' in message) content = textContent(sign(quick!.text));
      else {
        const { caption, ...file } = message.file;
        content = await service().outgoingMedia({ ...file, ...(caption?.trim() ? { caption: sign(caption) } : {}) });
      }
      const replyTo = options.replyTo?.trim();
      if (replyTo) content = { ...content, replyTo } as MessageContent;
      const { message: sent, repeated } = await service().send(chat, who.user.id, content, options.key);
      if (!repeated) {
        const details = { messageId: sent.id, ...(quick ? { quickReply: quick.shortcut } : {}) };
        await ctx.deps.audit.append([{ time: ctx.now(), actor: who.label, action: 'chat.send', target: chat.id, details }]);
      }
      return messageView(await ctx.deps.state.read(), sent, service().index.mediaStatus(chat.phone, sent));
    },

    /**
     * A quick reply (shortcut or id) filled in for a chat the actor may see — what the inbox's
     * Tab puts in the composer. `{cliente}` and `{agente}` are filled by the engine, as
     * `send` with `{ quick }` fills them.
     */
    quickReply(ref: string, quick: string): Promise<FilledQuickReply> {
      return ctx.view(null, t`use quick replies`, (state, who) => {
        const chat = visibleChat(state, who, ref);
        return filledQuickReply(state, who, chat, quick, contactOf(chat));
      });
    },

    /**
     * Reacts to a message with an emoji (`guru chat react`), as WhatsApp shows under it; an
     * empty emoji takes our reaction back. Journaled and sent through the outbox as an outgoing
     * reaction. Found by id among the chats the actor may see, like `retry`.
     */
    async react(messageId: string, emoji: string, options: { key?: string } = {}): Promise<MessageView> {
      const id = messageId.trim();
      const holding = await service().chatsOfMessage(id);
      const { chat, who } = await ctx.view('chats.send', t`react to messages`, (state, w) => ({ chat: chatOfVisibleMessage(state, w, id, holding), who: w }));
      const reaction = checkEmoji(emoji);
      if (!who.user) throw invalid(t`the owner cannot react as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      const { message: sent, repeated } = await service().send(chat, who.user.id, { type: 'reaction', target: id, emoji: reaction }, options.key);
      if (!repeated)
        await ctx.deps.audit.append([
          { time: ctx.now(), actor: who.label, action: 'chat.react', target: chat.id, details: { messageId: sent.id, about: id, emoji: reaction } },
        ]);
      return messageView(await ctx.deps.state.read(), sent);
    },

    /**
     * A file streamed in for a send to name (`PUT /v1/media`): only for those who may send, capped
     * at the largest file WhatsApp takes and at what the media quota leaves (refused once it is
     * full: nothing kept is ever deleted to make room). Answers its sha256, size and type as detected.
     */
    async upload(source: ByteSource): Promise<UploadedFile> {
      const who = await ctx.view('chats.send', t`send files`, (_s, w) => w);
      if (!who.user) throw invalid(t`the owner cannot send as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      return service().upload(source, (await ctx.deps.media?.room()) ?? null);
    },

    /**
     * Sends a failed message of ours again, under its own id (`guru chat retry`): it goes back to
     * the outbox, which sends it when the phone is connected. Found by its id among the chats
     * the actor may see; one they may not is refused like one that does not exist.
     */
    async retry(messageId: string): Promise<MessageView> {
      const id = messageId.trim();
      const holding = await service().chatsOfMessage(id);
      const { chat, who } = await ctx.view('chats.send', t`send messages`, (state, w) => ({ chat: chatOfVisibleMessage(state, w, id, holding), who: w }));
      if (!who.user) throw invalid(t`the owner cannot send as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
      const message = await service().retry(chat, id);
      await ctx.deps.audit.append([{ time: ctx.now(), actor: who.label, action: 'chat.retry', target: chat.id, details: { messageId: id } }]);
      return messageView(await ctx.deps.state.read(), message);
    },

    /**
     * A message's file, as bytes to stream (`guru chat media`, `GET /v1/messages/:id/media`):
     * found by the message's id among the chats the actor may see. To someone with a partial
     * view, a message in a chat they may not see is refused exactly like one that does not
     * exist (exit 5 both, same words): a message id must not tell whether, or where, it is.
     */
    async media(messageId: string): Promise<ByteStream> {
      const id = messageId.trim();
      const holding = await service().chatsOfMessage(id);
      const chat = await ctx.view(null, t`see chats`, (state, who) => {
        // Whoever answers customers' data requests (`guru contact export`) reaches every file.
        const privacy = who.permissions.has('contacts.privacy');
        const found = holding.filter((c) => state.phones.some((p) => p.number === c.phone)).find((c) => privacy || canSee(state, who, c));
        if (found) return found;
        const missing = t`no message "${id}" in a chat you may see — \`guru chat show <chat>\` lists the ids of attachments`;
        throw seesEveryChat(who) || privacy ? notFound(missing) : denied(missing);
      });
      const message = await service().message(chat.phone, id);
      if (!message) throw notFound(t`no message "${id}" in a chat you may see — \`guru chat show <chat>\` lists the ids of attachments`);
      const content = message.content;
      if (!isMedia(content)) {
        throw invalid(
          t`message ${id} has no file to download: it is ${describeContent(content).slice(0, 80)} — photos, voice notes, videos, documents and stickers have one`,
        );
      }
      const files = ctx.deps.mediaFiles;
      if (!files) throw new GuruError('daemon_unreachable', t`media files are served by the daemon — start it with \`guru daemon start\``);
      // A file still on WhatsApp (history, held back by the quota) is fetched now, within the
      // client's patience for an answer; one being fetched is waited for as long.
      const status = ctx.deps.media
        ? await ctx.deps.media.fetch(chat.phone, id, { waitMs: FETCH_FOR_DOWNLOAD_MS })
        : (service().index.mediaStatus(chat.phone, message) ?? { state: 'remote' as const });
      const size = status.state === 'stored' ? await files.size(status.sha256) : null;
      if (status.state !== 'stored' || size === null) throw notKept(id, status.state === 'stored' ? { state: 'pruned' } : status);
      return {
        contentType: content.mimetype ?? 'application/octet-stream',
        size,
        fileName: content.type === 'document' ? (content.fileName ?? null) : null,
        body: await files.open(status.sha256),
      };
    },

    /**
     * Starts a conversation with a customer who has not written (`guru chat new`): the number is
     * checked with WhatsApp first (through the phone), so a number without WhatsApp creates
     * nothing. The chat is the starter's; one that exists with that customer on that phone is
     * reused — if the starter may see it (otherwise refused, as a chat they may not see is). With
     * `text`, the first message goes through the outbox like any reply (`options.key` as in
     * `send`). `options.phone` (number or label) is needed only when there are several phones.
     */
    async start(number: string, text?: string, options: { phone?: string; key?: string } = {}): Promise<ChatStartView> {
      const first = text === undefined ? null : firstMessage(text);
      const { who, phone, wanted, state } = await ctx.view('chats.start', t`start conversations`, (s, w) => {
        if (!w.user) throw invalid(t`the owner cannot start a conversation as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
        if (first !== null) requirePermission(w, 'chats.send', t`send messages`);
        const p = phoneToStartOn(s, options.phone);
        const n = normalizePhoneNumber(number);
        if (n === p.number) throw invalid(t`${displayPhoneNumber(n)} is the number of the phone itself — give the customer's number`);
        return { who: w, phone: p, wanted: n, state: s };
      });
      const user = who.user!;
      const found = await ctx.deps.directory.lookup(phone.number, wanted);
      if (!found.exists) throw invalid(t`${displayPhoneNumber(wanted)} has no WhatsApp — check the number`);
      const chats = service();
      // The id WhatsApp knows the number by (it may differ from what was typed), as every chat spells customers.
      const customer = chats.index.resolve(phone.number, normalizeCustomer(found.jid));
      const { chat, created } = await chats.start(phone.number, customer, { userId: user.id }, (existing) => {
        if (!canSee(state, who, existing)) {
          throw denied(
            t`you may not see the chat with ${displayPhoneNumber(wanted)} on ${phone.number} — someone who sees it can transfer it to you (\`guru chat assign\`)`,
          );
        }
      });
      await ctx.deps.audit.append([
        { time: ctx.now(), actor: who.label, action: 'chat.start', target: chat.id, details: { customer, phone: phone.number, created } },
      ]);
      let message: MessageView | null = null;
      if (first !== null) {
        const sent = await chats.send(chat, user.id, textContent(withSignature(user.visibleName, first)), options.key);
        if (!sent.repeated)
          await ctx.deps.audit.append([{ time: ctx.now(), actor: who.label, action: 'chat.send', target: chat.id, details: { messageId: sent.message.id } }]);
        message = messageView(await ctx.deps.state.read(), sent.message);
      }
      return { chat: service().view(await ctx.deps.state.read(), chat), created, message };
    },

    assign(ref: string, to: { user?: string; dept?: string }): Promise<ChatView> {
      if ((to.user === undefined) === (to.dept === undefined)) throw invalid(t`assign to exactly one of a user (--user) or a department (--dept)`);
      return act(ref, 'chats.transfer', t`transfer chats`, (chat, state, who, now) => {
        const assignee: RoundRobinTarget = to.user
          ? { type: 'user', userId: activeUser(state, to.user).id }
          : { type: 'department', departmentId: findDepartment(state, to.dept!).id };
        return { type: 'chat.assigned', chatId: chat.id, assignee, by: who.label, time: now };
      });
    },

    /**
     * Puts tags on a chat and takes others off (`guru chat tag <chat> +Urgente -Novo`), by name
     * or id: needs only seeing the chat. Journaled (`chat.tagged`, only what changes) and audited
     * with the tags' names; a tag it already wears, or does not, is no change.
     */
    async tag(ref: string, changes: { add?: string[]; remove?: string[] }): Promise<ChatView> {
      const add = changes.add ?? [];
      const remove = changes.remove ?? [];
      if (add.length === 0 && remove.length === 0) throw invalid(t`name a tag to put on (+Name) or take off (-Name) — see \`guru tag list\``);
      const { chat, who, adding, removing } = await ctx.view(null, t`tag chats`, (s, w) => {
        const c = visibleChat(s, w, ref);
        const on = add.map((name) => findTag(s, name));
        const off = remove.map((name) => findTag(s, name));
        const both = on.find((tag) => off.includes(tag));
        if (both) throw invalid(t`tag "${both.name}" is both put on and taken off — name it once`);
        const worn = new Set(c.tags ?? []);
        return {
          chat: c,
          who: w,
          adding: [...new Set(on.filter((tag) => !worn.has(tag.id)))],
          removing: [...new Set(off.filter((tag) => worn.has(tag.id)))],
        };
      });
      if (adding.length > 0 || removing.length > 0) {
        const record = {
          type: 'chat.tagged' as const,
          chatId: chat.id,
          add: adding.map((tag) => tag.id),
          remove: removing.map((tag) => tag.id),
          by: who.label,
        };
        await service().record(chat, { ...record, time: service().now() });
        await ctx.deps.audit.append([
          {
            time: ctx.now(),
            actor: who.label,
            action: 'chat.tagged',
            target: chat.id,
            details: { customer: chat.customer, add: adding.map((tag) => tag.name), remove: removing.map((tag) => tag.name) },
          },
        ]);
      }
      return service().view(await ctx.deps.state.read(), chat);
    },

    close(ref: string): Promise<ChatView> {
      return act(ref, 'chats.close', t`close chats`, (chat, _s, who, now) =>
        chat.status === 'closed' ? null : { type: 'chat.closed', chatId: chat.id, by: who.label, time: now },
      );
    },

    reopen(ref: string): Promise<ChatView> {
      return act(ref, 'chats.close', t`reopen chats`, (chat, _s, who, now) =>
        chat.status === 'open' ? null : { type: 'chat.reopened', chatId: chat.id, by: who.label, time: now },
      );
    },

    markRead(ref: string): Promise<ChatView> {
      return act(ref, null, t`read chats`, (chat, _s, who, now) =>
        chat.unread === 0 ? null : { type: 'chat.read', chatId: chat.id, by: who.label, time: now },
      );
    },
  };
}

/** An emoji as WhatsApp takes a reaction: one (a flag or a skin tone counts as one), or '' to take it back. */
function checkEmoji(emoji: string): string {
  const text = emoji.trim();
  if (text === '') return '';
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  if (graphemes.length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(text) || text.length > 32) {
    throw invalid(t`"${text}" is not an emoji — react with one emoji (like 👍), or with --remove to take your reaction back`);
  }
  return text;
}

function activeUser(state: State, email: string) {
  const user = findUser(state, email);
  if (!user.active) throw invalid(t`${user.email} is disabled — enable them first or pick someone else`);
  return user;
}

/** The first message of a conversation being started, checked before anything is created. */
function firstMessage(text: string): string {
  checkMessageText(text, t`the first message is empty — give its text, or leave it out to start the chat without one`);
  return text;
}

/** The phone a conversation is started from: the only one, or the one `ref` names (number or label). */
function phoneToStartOn(state: State, ref: string | undefined): Phone {
  const all = () => state.phones.map((p) => (p.label ? `${p.number} (${p.label})` : p.number)).join(', ');
  if (ref === undefined || ref.trim() === '') {
    if (state.phones.length === 1) return state.phones[0]!;
    if (state.phones.length === 0) throw invalid(t`there is no phone to write from — an admin adds one with \`guru phone add <number>\``);
    throw usage(t`there are several phones — say which one to write from with --phone: ${all()}`);
  }
  const byLabel = state.phones.filter((p) => p.label !== null && sameName(p.label, ref.trim()));
  if (byLabel.length === 1) return byLabel[0]!;
  let number: string | null = null;
  try {
    number = normalizePhoneNumber(ref);
  } catch {
    // not a number: a label that matched none
  }
  const phone = state.phones.find((p) => p.number === number);
  if (!phone) throw notFound(t`no phone "${ref}" — the phones are: ${all()}`);
  return phone;
}

/**
 * Name (WhatsApp's, or the one the team set), a contact field's value, number, or the words of
 * one of the chat's latest messages (in memory; older ones: the journal).
 */
function matches(chat: Chat, search: string, contact: Contact | undefined): boolean {
  if (chat.name?.toLowerCase().includes(search)) return true;
  if (contact && contactMatches(contact, search)) return true;
  if (chat.customer.includes(search.replace(/[\s().-]/g, ''))) return true;
  return chat.messages.some((m) => searchableText(m.content).toLowerCase().includes(search));
}

/**
 * How long a download waits for a file still coming from WhatsApp before saying so: within the
 * client's bound on an answer (REQUEST_TIMEOUT_MS, 30 s), so the person hears why.
 */
const FETCH_FOR_DOWNLOAD_MS = 20_000;

/** Why a message's file cannot be had right now, and what to do. */
function notKept(id: string, status: Exclude<MediaStatus, { state: 'stored' }>): GuruError {
  switch (status.state) {
    case 'pending':
      return new GuruError('conflict', t`the file of message ${id} is still on its way from WhatsApp — try again in a moment`);
    case 'remote':
      return new GuruError(
        'conflict',
        status.reason
          ? t`the file of message ${id} is not in Guru yet (${heldReason(status.reason)}) — try again in a moment`
          : t`the file of message ${id} is not in Guru yet — try again in a moment`,
      );
    case 'unavailable':
      return notFound(t`the file of message ${id} is unavailable: ${status.reason}`);
    case 'pruned':
      return notFound(t`the file of message ${id} is no longer kept (removed by \`guru media prune\`) and WhatsApp could not give it again`);
  }
}

/**
 * Why a file is still on WhatsApp, in the reader's language: the quota's reason is kept in the
 * chat index in English (every client reads it), so it is said anew here; others are WhatsApp's.
 */
function heldReason(reason: string): string {
  return reason === QUOTA_FULL ? quotaFullReason() : reason;
}

function seesEveryChat(who: Principal): boolean {
  return who.isAdmin || who.permissions.has('chats.view_all');
}

/**
 * Among the chats `visible` accepts, one by its id, or by the customer's number when that names
 * exactly one of them; null when none matches. Chats the caller may not see are never
 * considered, not even to name them in the "several phones" error.
 */
export function findChat(service: ChatService, ref: string, visible: (chat: Chat) => boolean = () => true): Chat | null {
  const byId = service.index.get(ref.trim());
  if (byId && visible(byId)) return byId;
  let customer: string | null = null;
  try {
    customer = normalizeCustomer(ref);
  } catch {
    // not a number either
  }
  const found = customer ? service.index.all().filter((c) => c.customer === customer && visible(c)) : [];
  if (found.length > 1) {
    throw invalid(t`${ref} has chats on several phones (${found.map((c) => t`${c.id} on ${c.phone}`).join(', ')}) — use the chat id`);
  }
  return found[0] ?? null;
}
