import type { WatchEvent } from '../api/protocol.js';
import type { WatchHandle } from '../client/http.js';
import type { ChatView } from '../core/chats/views.js';
import { isMedia } from '../core/chats/content.js';
import { isGuruError } from '../core/errors.js';
import { formatLocalTime } from '../core/time-zone.js';
import { assertNever } from '../core/events.js';
import { messageOf, type InboxApi } from './api.js';
import { openFile } from '../cli/opener.js';
import { privateTempDir, safeFileName, saveInto } from '../cli/save-file.js';
import { completePath, fileToAttach, saveDirectory } from './files.js';
import { composeActions, type EditDraft } from './compose.js';
import { availabilityActions } from './availability.js';
import { panelActions } from './panel.js';
import type { KeyIntent } from './keys.js';
import { listed, pickerMatches, selectedIndex, selectedMessage, type InboxAction, type InboxState, type PickItem } from './state/inbox.js';
import { fileNameFor, readUpTo } from './state/media.js';
import { splitSearch } from './state/select.js';
import { plural, t } from '../i18n/translate.js';

const PAGE_ROWS = 10;
const HISTORY_PAGE = 50;
const SEARCH_DEBOUNCE_MS = 250;
/**
 * Chat updates from the watch stream go in together once per this many ms: every update copies
 * the chat map and re-sorts the list, so on a busy number (100 messages a second, 10k chats)
 * one per arrival would leave no time for the keyboard. About two frames (the inbox draws ≤ 60 a second).
 */
const CHANGES_MS = 30;
/** How soon a message arriving in the open chat is marked read. */
const READ_AFTER_MS = 300;
/** Pauses before each try to reopen a lost watch stream (the last one repeats). */
const RECONNECT_MS = [250, 500, 1_000, 2_000];
/** The reactions `e` offers, in WhatsApp's order; 1–6 picks one. */
export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;
/** Thumbnails kept drawn, most recent first (an agent goes back and forth between a few). */
const THUMBNAILS_KEPT = 32;

/** What the inbox needs for files and pictures, beyond the daemon. */
export interface InboxMediaOptions {
  /** Draws an image as half-block rows, or null when the terminal cannot show them (thumbnail.ts). */
  draw?: ((bytes: Uint8Array) => Promise<string[]>) | null;
  /** The largest image fetched to draw (the client holds it whole). */
  thumbnailMaxBytes?: number;
  /** Where `GURU_OPENER` and `GURU_SAVE_DIR` are read. */
  env?: NodeJS.ProcessEnv;
}

/**
 * What the inbox does: turns key intents and watch events into reducer actions and daemon
 * calls. No React here; the container wires it to `useReducer` and `useInput`. Every daemon
 * refusal ends up on the error line, never as a crash.
 */
export function inboxActions(
  api: InboxApi,
  dispatch: (a: InboxAction) => void,
  get: () => InboxState,
  exit: () => void,
  bell: () => void = () => undefined,
  signedOut: (reason: string) => void = () => undefined,
  media: InboxMediaOptions = {},
  editDraft: EditDraft | null = null,
) {
  const env = media.env ?? process.env;
  let stream: WatchHandle | null = null;
  /** The daemon's last word on the current stream, if it ended it. */
  let closedBy: Extract<WatchEvent, { type: 'closed' }> | null = null;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let readTimer: NodeJS.Timeout | null = null;
  let searchTimer: NodeJS.Timeout | null = null;
  const changed: ChatView[] = [];
  let changesTimer: NodeJS.Timeout | null = null;
  const flushChanges = () => {
    if (changesTimer) clearTimeout(changesTimer);
    changesTimer = null;
    if (changed.length) dispatch({ type: 'changed', chats: changed.splice(0) });
  };
  // The terminal bell when a customer writes in one of my chats that is not on screen — an
  // agent lives in other windows too. At most once a second; history syncs never ring (they
  // add no unread).
  let lastBell = 0;
  const ringFor = (chat: ChatView) => {
    const s = get();
    const before = s.chats.get(chat.id)?.unread ?? 0;
    const mine = chat.assignee?.type === 'user' && chat.assignee.ref === `user:${s.me?.email ?? ''}`;
    if (!mine || chat.unread <= before || s.open?.id === chat.id || Date.now() - lastBell < 1_000) return;
    lastBell = Date.now();
    bell();
  };
  const fail = (err: unknown) => dispatch({ type: 'notice', kind: 'error', text: messageOf(err) });
  const info = (text: string) => dispatch({ type: 'notice', kind: 'info', text });
  /** The new-chat form's idempotency key, for the form as it was submitted. */
  let startKey: { what: string; key: string } | null = null;
  /** Per chat, the message being sent and its idempotency key, until it is sent. */
  const sendKeys = new Map<string, { text: string; key: string }>();
  const compose = composeActions(api, dispatch, get, fail, info, editDraft, (s) => draft(s));
  const availability = availabilityActions(api, dispatch, get, fail, info);
  const panel = panelActions(api, dispatch, get, fail, info);
  const resync = async (replace: boolean) => dispatch({ type: 'chats', chats: await api.list({ status: 'all' }), replace });

  function onEvent(event: WatchEvent): void {
    panel.heard(event);
    switch (event.type) {
      case 'snapshot':
        return dispatch({
          type: 'snapshot',
          me: event.me,
          online: event.online,
          availability: event.availability,
          awayAfterMs: event.awayAfterMs,
          phones: event.phones,
        });
      case 'heartbeat':
        // Catch up with phones and presence on each beat, in case a line was missed.
        return void api
          .status()
          .then((status) => dispatch({ type: 'status', phones: status.phones, online: status.online, availability: status.availability }), fail);
      case 'presence':
        return dispatch({ type: 'presence', email: event.email, online: event.online, status: event.status, auto: event.auto === true });
      case 'phone':
        return dispatch({ type: 'phone', phone: event.phone, state: event.state });
      case 'audit':
        return;
      case 'chat':
        changed.push(event.chat);
        changesTimer ??= setTimeout(flushChanges, CHANGES_MS);
        return;
      case 'closed':
        closedBy = event;
        return;
      case 'chat.hidden':
        flushChanges(); // in stream order: a change waiting must not bring the chat back
        return dispatch({ type: 'chat.hidden', chatId: event.chatId });
      case 'message':
        ringFor(event.chat);
        // The chat on screen is being read: what arrives in it is not left unread.
        if (get().open?.id === event.chatId && event.chat.unread > 0) readSoon(event.chatId);
        // The chat's new summary rides along: the list catches up in the next batch.
        changed.push(event.chat);
        changesTimer ??= setTimeout(flushChanges, CHANGES_MS);
        dispatch({ type: 'message', chatId: event.chatId, message: event.message });
        return showThumbnail();
      case 'message.status':
        // A reply of the open chat given up: say why and what to do, on the notice line.
        if (event.status === 'failed' && get().open?.id === event.chatId)
          fail(t`a reply was not sent: ${event.reason ?? t`WhatsApp did not take it`} — R sends it again`);
        return dispatch({ type: 'message.status', chatId: event.chatId, id: event.id, status: event.status });
      case 'message.media':
        return dispatch({ type: 'message.media', chatId: event.chatId, id: event.id, media: event.media });
      case 'mention':
        // Someone needs me in a chat: the bell, whatever chat is on screen, and a mark on its row.
        bell();
        dispatch({ type: 'mention', chatId: event.chatId });
        return info(t`${event.by?.name ?? t`someone`} mentioned you in a note — ${get().chats.get(event.chatId)?.name ?? t`open the chat marked @`}`);
      default:
        return assertNever(event);
    }
  }

  /**
   * Opens the watch stream (which also makes us count as online). When it ends — the daemon
   * restarted, for an upgrade or after a crash — it is opened again, with growing pauses, and
   * the chats (and the open conversation) are reloaded: an agent never has to restart the inbox.
   * Only a refusal of the session itself (logged out, disabled) stops the retries.
   */
  function connect(attempt: number): void {
    api.watch(onEvent).then(
      (handle) => {
        if (stopped) return handle.close();
        stream = handle;
        if (attempt > 0) {
          dispatch({ type: 'daemon', up: true });
          info(t`reconnected to the daemon`);
          resync(true).catch(fail);
          const o = get().open;
          if (o) api.show(o.id, o.limit).then((d) => dispatch({ type: 'history', id: o.id, messages: d.messages, limit: o.limit }), fail);
        }
        void handle.done.then(() => {
          if (stopped) return;
          stream = null;
          const closed = closedBy;
          closedBy = null;
          if (closed?.relogin) {
            // The session is over: reconnecting would be refused forever. Back to the login.
            stopped = true;
            fail(new Error(closed.reason));
            return signedOut(closed.reason);
          }
          dispatch({ type: 'daemon', up: false });
          // Dropped for reading too slowly (a suspended terminal): reconnect and reload.
          fail(
            new Error(
              closed
                ? t`${closed.reason} — reconnecting…`
                : t`lost the daemon — reconnecting… (${api.lostHint ?? t`if it does not come back: \`guru daemon start\``})`,
            ),
          );
          retry(1);
        });
      },
      (err: unknown) => {
        if (stopped) return;
        if (isGuruError(err) && err.code === 'unauthenticated') {
          fail(err);
          return signedOut(err.message);
        }
        if (attempt === 0) fail(err);
        retry(attempt + 1);
      },
    );
  }
  function retry(attempt: number): void {
    reconnectTimer = setTimeout(() => connect(attempt), RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length) - 1]);
  }

  /** Opens the watch stream and loads every chat. */
  function start(): () => void {
    connect(0);
    resync(false).catch(fail);
    const stopAvailability = availability.start();
    return () => {
      stopped = true;
      stopAvailability();
      panel.stop();
      stream?.close();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (readTimer) clearTimeout(readTimer);
      if (searchTimer) clearTimeout(searchTimer);
      if (changesTimer) clearTimeout(changesTimer);
    };
  }

  /** Marks the open chat read shortly after messages arrive in it (a burst is one call). */
  function readSoon(id: string): void {
    readTimer ??= setTimeout(() => {
      readTimer = null;
      if (get().open?.id === id) api.markRead(id).then((c) => dispatch({ type: 'chat', chat: c }), fail);
    }, READ_AFTER_MS);
  }

  function open(id: string): void {
    const chat = get().chats.get(id);
    dispatch({ type: 'open', id });
    api.show(id, HISTORY_PAGE).then((d) => {
      dispatch({ type: 'history', id, messages: d.messages, limit: HISTORY_PAGE });
      showThumbnail();
    }, fail);
    if (chat && chat.unread > 0) api.markRead(id).then((c) => dispatch({ type: 'chat', chat: c }), fail);
  }

  function scroll(delta: number): void {
    dispatch({ type: 'scroll', delta });
    showThumbnail();
    const o = get().open; // `dispatch` keeps `get()` current (see the container)
    if (o && delta < 0 && o.hasMore && !o.loading && o.scroll >= o.messages.length - 1 - PAGE_ROWS) {
      const limit = o.limit + HISTORY_PAGE;
      dispatch({ type: 'loadingOlder' });
      api.show(o.id, limit).then((d) => dispatch({ type: 'history', id: o.id, messages: d.messages, limit }), fail);
    }
  }

  /**
   * Enter in the composer: the draft, with the quoted message and the attached file if there
   * are any (the draft is then the file's caption). A failure puts everything back as it was.
   */
  function send(): void {
    const s = get();
    if (!s.open) return;
    const id = s.open.id;
    const text = (s.drafts[id] ?? '').replace(/\s+$/, '');
    const file = s.attachments[id];
    const replyTo = s.replyTo[id];
    if (!text.trim() && !file) return info(t`nothing to send — type a reply first (or a attaches a file)`);
    dispatch({ type: 'draft', text: '' });
    if (file) dispatch({ type: 'attachment', file: null });
    if (replyTo) dispatch({ type: 'quote', id: null });
    // One key per composed message: sending the same again after a failure is a retry of it,
    // and the daemon sends it once even if the first try did get through.
    const what = `${text}\u0000${file?.path ?? ''}\u0000${replyTo ?? ''}`;
    const earlier = sendKeys.get(id);
    const key = earlier?.text === what ? earlier.key : globalThis.crypto.randomUUID();
    sendKeys.set(id, { text: what, key });
    const quoting = replyTo ? { replyTo } : {};
    if (file) info(t`sending ${file.name}…`);
    const sending = file
      ? api
          .upload(file.path)
          .then((up) => api.sendFile(id, { sha256: up.sha256, fileName: file.name, ...(text.trim() ? { caption: text } : {}), ...quoting, key }))
      : api.send(id, text, { key, ...quoting });
    sending.then(
      (message) => {
        if (sendKeys.get(id)?.key === key) sendKeys.delete(id);
        dispatch({ type: 'message', chatId: id, message });
        // What we just sent is in sight, even if an older message was selected to quote it.
        if (get().open?.id === id) dispatch({ type: 'scroll', delta: Number.MAX_SAFE_INTEGER });
        if (file) info(t`${file.name} sent`);
      },
      (err) => {
        // Back as it was, unless the agent has started on something else meanwhile.
        const now = get();
        if (now.open?.id === id && !now.drafts[id] && !now.attachments[id] && !now.replyTo[id]) {
          dispatch({ type: 'draft', text });
          if (file) dispatch({ type: 'attachment', file });
          if (replyTo) dispatch({ type: 'quote', id: replyTo });
        }
        fail(err);
      },
    );
  }

  /**
   * Enter while writing a note (N): saved in the chat for the team — never sent — and back to
   * the chat; the `@names` it mentions are told. A failure (an unknown @name) keeps the draft.
   */
  function saveNote(): void {
    const s = get();
    if (!s.open) return;
    const id = s.open.id;
    const text = (s.noteDrafts[id] ?? '').replace(/\s+$/, '');
    if (!text.trim()) return info(t`nothing to note — type the note first (Esc goes back)`);
    api.note(id, text).then((result) => {
      dispatch({ type: 'noteSaved', chatId: id, draft: s.noteDrafts[id] ?? '' });
      dispatch({ type: 'message', chatId: id, message: result.note });
      const told = result.mentions.filter((m) => m.notified).map((m) => m.name);
      const missed = result.mentions.filter((m) => !m.notified).map((m) => m.name);
      info(
        `${t`note saved — only the team sees it`}${told.length ? t`; told ${told.join(', ')}` : ''}${missed.length ? t`; not told (cannot see this chat): ${missed.join(', ')}` : ''}`,
      );
    }, fail);
  }

  /** > : the next reply quotes the selected message. */
  function quoteSelected(): void {
    const m = selectedMessage(get());
    if (!m) return info(t`no message to quote yet`);
    dispatch({ type: 'quote', id: m.id });
    dispatch({ type: 'focus', focus: 'composer' });
  }

  /** e, then 1–6 (or 0 to take ours back): a reaction to the selected message. */
  function react(index: number): void {
    const s = get();
    const target = s.reacting;
    const chatId = s.open?.id;
    dispatch({ type: 'reacting', id: null });
    if (!target || !chatId) return;
    const emoji = index < 0 ? '' : (REACTIONS[index] ?? '');
    api.react(target, emoji).then((message) => dispatch({ type: 'message', chatId, message }), fail);
  }

  /** v and s: the selected message's file, opened with the system's viewer or saved. */
  function withFile(verb: 'open' | 'save'): void {
    const m = selectedMessage(get());
    if (!m || !isMedia(m.content)) return info(t`the selected message has no file — ↑↓ select one with 📷 🎤 🎬 📄 🎨`);
    info(verb === 'open' ? t`opening ${fileNameFor(m, null)}…` : t`saving ${fileNameFor(m, null)}…`);
    void (async () => {
      const file = await api.media(m.id);
      const name = safeFileName(file.fileName, fileNameFor(m, file.contentType));
      const path = await saveInto(verb === 'save' ? await saveDirectory(env) : await privateTempDir(), name, file.body);
      if (verb === 'save') return info(t`saved ${path}`);
      const opener = await openFile(path, env);
      info(t`opened ${name} with ${opener}`);
    })().catch(fail);
  }

  /** The attach prompt's keys: type a path, Tab completes it, Enter checks the file and attaches it. */
  function editAttach(s: InboxState, k: KeyIntent): void {
    const prompt = s.attach;
    if (!prompt) return;
    if (k.type === 'back') return dispatch({ type: 'attachPrompt', prompt: null });
    if (k.type === 'backspace') return dispatch({ type: 'attachPrompt', prompt: { path: prompt.path.slice(0, -1), choices: [] } });
    if (k.type === 'insert') return dispatch({ type: 'attachPrompt', prompt: { path: prompt.path + k.text.replace(/\n/g, ''), choices: [] } });
    if (k.type === 'complete') {
      void completePath(prompt.path).then((done) => {
        if (get().attach?.path === prompt.path) dispatch({ type: 'attachPrompt', prompt: done });
      });
      return;
    }
    if (k.type !== 'submit') return;
    fileToAttach(prompt.path).then((file) => {
      if (get().attach?.path !== prompt.path) return;
      dispatch({ type: 'attachPrompt', prompt: null });
      dispatch({ type: 'attachment', file });
      dispatch({ type: 'focus', focus: 'composer' });
    }, fail);
  }

  /** Thumbnails drawn (null: could not be), by message id, most recent last. */
  const thumbnails = new Map<string, string[] | null>();
  let drawing: string | null = null;
  /**
   * The selected message's small picture, when it is an image Guru keeps, small enough to hold
   * whole, and the terminal can draw it: fetched and drawn once, shown while it stays selected.
   */
  function showThumbnail(): void {
    if (!media.draw) return;
    const draw = media.draw;
    const s = get();
    const m = selectedMessage(s);
    if (!m || s.thumbnail?.id === m.id || drawing === m.id) return;
    if (m.content.type !== 'image') return;
    const known = thumbnails.get(m.id);
    if (known) return dispatch({ type: 'thumbnail', thumbnail: { id: m.id, rows: known } });
    const max = media.thumbnailMaxBytes ?? 2 * 1024 * 1024;
    // Only what the daemon keeps already: a thumbnail never makes it fetch from WhatsApp.
    if (known === null || m.media?.state !== 'stored' || m.media.size > max) return;
    drawing = m.id;
    void (async () => {
      try {
        const file = await api.media(m.id);
        const rows = await draw(await readUpTo(file.body, max));
        thumbnails.set(m.id, rows);
        if (selectedMessage(get())?.id === m.id) dispatch({ type: 'thumbnail', thumbnail: { id: m.id, rows } });
      } catch {
        thumbnails.set(m.id, null); // not a picture we can draw: the line says what it is
      } finally {
        drawing = null;
        while (thumbnails.size > THUMBNAILS_KEPT) thumbnails.delete(thumbnails.keys().next().value!);
      }
      showThumbnail(); // the selection may have moved on meanwhile
    })();
  }

  async function openPicker(): Promise<void> {
    const [users, depts] = await Promise.all([api.users(), api.departments()]);
    const items: PickItem[] = [
      ...users.filter((u) => u.active).map((u): PickItem => ({ kind: 'user', value: u.email, label: `${u.name} <${u.email}>` })),
      ...depts.map((d): PickItem => ({ kind: 'dept', value: d.name, label: d.name })),
    ];
    if (get().open) dispatch({ type: 'picker', items });
  }

  /** My scheduled messages in the picker (`S`): when each goes, to whom, what it says. */
  async function openScheduled(): Promise<void> {
    const scheduled = await api.scheduled();
    if (scheduled.length === 0) return info(t`you have no messages scheduled — \`guru chat send <chat> "…" --at "2026-12-02 09:00"\` schedules one`);
    const items = scheduled.map(
      (m): PickItem => ({
        kind: 'scheduled',
        value: m.id,
        label: `${formatLocalTime(new Date(m.at), m.timeZone)}  ${m.chatName ?? m.customer}  ${m.text.replace(/\s+/g, ' ')}`,
      }),
    );
    dispatch({ type: 'picker', items });
  }

  function unschedule(item: PickItem): void {
    dispatch({ type: 'picker', items: null });
    api.unschedule(item.value).then((m) => info(t`unscheduled: ${m.text.replace(/\s+/g, ' ').slice(0, 40)} — it will not go`), fail);
  }

  function transfer(item: PickItem): void {
    const id = get().open?.id;
    dispatch({ type: 'picker', items: null });
    if (!id) return;
    api.assign(id, item.kind === 'user' ? { user: item.value } : { dept: item.value }).then((chat) => {
      dispatch({ type: 'chat', chat });
      info(t`transferred to ${chat.assignee?.name ?? item.label}`);
      if (get().open?.id === id) dispatch({ type: 'closeChat' });
    }, fail);
  }

  /** The tag picker (`#`): the team's tags, those the chat wears checked (read from the chat as it changes). */
  async function openTagger(): Promise<void> {
    const tags = await api.tags();
    if (tags.length === 0) return info(t`the team has no tags yet — someone with tags.manage adds them: \`guru tag add Urgente\``);
    if (get().open) dispatch({ type: 'picker', items: tags.map((t): PickItem => ({ kind: 'tag', value: t.name, label: t.name })), focus: 'tagger' });
  }

  /** Puts the chosen tag on the open chat, or takes it off when it wears it; the picker stays open for more. */
  function toggleTag(item: PickItem): void {
    const s = get();
    const chat = s.open ? s.chats.get(s.open.id) : undefined;
    if (!chat) return;
    const wears = chat.tags.some((t) => t.name === item.value);
    api.tag(chat.id, wears ? { remove: [item.value] } : { add: [item.value] }).then((changed) => dispatch({ type: 'chat', chat: changed }), fail);
  }

  function lifecycle(verb: 'close' | 'reopen'): void {
    const id = get().open?.id;
    if (!id) return;
    api[verb](id).then((chat) => {
      dispatch({ type: 'chat', chat });
      info(verb === 'close' ? t`chat closed` : t`chat reopened`);
    }, fail);
  }

  /** R: the open chat's failed replies back into the outbox, oldest first (each under its own id). */
  function retryFailed(): void {
    const open = get().open;
    if (!open) return;
    const failed = open.messages.filter((m) => m.direction === 'out' && m.status === 'failed');
    if (failed.length === 0) return info(t`nothing to retry — R sends again the replies marked ✗ not sent`);
    void (async () => {
      for (const m of failed) {
        const again = await api.retry(m.id);
        dispatch({ type: 'message.status', chatId: open.id, id: again.id, status: again.status ?? 'pending' });
      }
      info(plural(failed.length, t`the failed reply is back in the outbox`, t`${failed.length} failed replies are back in the outbox`));
    })().catch(fail);
  }

  /** n: the new-conversation form, for whoever may start conversations (the engine checks it again). */
  function openNewChat(): void {
    const me = get().me;
    if (me?.role !== 'admin' && !me?.effectivePermissions.includes('chats.start'))
      return fail(new Error(t`you may not start conversations (needs chats.start) — ask an admin`));
    dispatch({ type: 'newChat', form: { number: '', text: '', field: 'number', phone: 0, busy: false } });
  }

  /** The number is checked on WhatsApp, then the chat opens; a refusal leaves the form as typed. */
  function startChat(): void {
    const s = get();
    const form = s.newChat;
    if (!form || form.busy) return;
    const number = form.number.trim();
    if (!number) return info(t`type the customer's number first, with its country code (+55 11 90000 1111)`);
    const text = form.text.replace(/\s+$/, '');
    const phone = s.phones.length > 1 ? s.phones[form.phone % s.phones.length]?.number : undefined;
    // One key per form as typed: trying the same again after a lost answer sends its message once.
    const what = `${number}|${phone ?? ''}|${text}`;
    if (startKey?.what !== what) startKey = { what, key: globalThis.crypto.randomUUID() };
    dispatch({ type: 'newChatEdit', change: { busy: true } });
    info(t`checking ${number} on WhatsApp…`);
    api.start(number, text.trim() ? text : undefined, { ...(phone ? { phone } : {}), key: startKey.key }).then(
      ({ chat, created, message }) => {
        startKey = null;
        dispatch({ type: 'newChat', form: null });
        dispatch({ type: 'chat', chat });
        open(chat.id);
        if (message) dispatch({ type: 'message', chatId: chat.id, message });
        const who = chat.name ?? chat.customer;
        info(
          created
            ? message
              ? t`started a chat with ${who} — the first message is on its way`
              : t`started a chat with ${who}`
            : t`you already had a chat with ${who}: here it is`,
        );
      },
      (err) => {
        dispatch({ type: 'newChatEdit', change: { busy: false } });
        fail(err);
      },
    );
  }

  function editNewChat(s: InboxState, k: KeyIntent): void {
    const form = s.newChat;
    if (!form) return;
    if (k.type === 'back') return dispatch({ type: 'newChat', form: null });
    if (form.busy) return;
    if (k.type === 'next') return dispatch({ type: 'newChatEdit', change: { field: form.field === 'number' ? 'text' : 'number' } });
    if (k.type === 'cycle' && s.phones.length > 1)
      return dispatch({ type: 'newChatEdit', change: { phone: (form.phone + k.delta + s.phones.length) % s.phones.length } });
    if (k.type === 'backspace') return dispatch({ type: 'newChatEdit', change: { [form.field]: form[form.field].slice(0, -1) } });
    if (k.type === 'insert') return dispatch({ type: 'newChatEdit', change: { [form.field]: form[form.field] + k.text } });
    if (k.type !== 'submit') return;
    if (form.field === 'number') {
      if (!form.number.trim()) return info(t`type the customer's number first, with its country code (+55 11 90000 1111)`);
      return dispatch({ type: 'newChatEdit', change: { field: 'text' } });
    }
    return startChat();
  }

  function search(query: string): void {
    dispatch({ type: 'search', query });
    if (searchTimer) clearTimeout(searchTimer);
    // `#tags` filter here, on the chats' tags; only the words go to the daemon's full-text search.
    const { text } = splitSearch(query);
    if (!text) return;
    // Names, numbers and last messages match at once; the daemon adds whole-history matches.
    searchTimer = setTimeout(() => {
      api.list({ status: 'all', search: text }).then((chats) => dispatch({ type: 'hits', query, ids: chats.map((c) => c.id) }), fail);
    }, SEARCH_DEBOUNCE_MS);
  }

  function intent(k: KeyIntent): void {
    const s = get();
    if (k.type === 'quit') return exit();
    if (k.type === 'help') return dispatch({ type: 'focus', focus: s.focus === 'help' ? s.returnTo : 'help' });
    if (k.type === 'panel') return panel.toggle();
    if (s.notice && k.type !== 'insert') dispatch({ type: 'clearNotice' });
    switch (s.focus) {
      case 'help':
      case 'panel':
        return;
      case 'composer':
        if (k.type === 'back') {
          if (s.noting) dispatch({ type: 'noting', on: false }); // the note's draft stays for next time
          return dispatch({ type: 'focus', focus: 'chat' });
        }
        if (k.type === 'submit') return s.noting ? saveNote() : compose.afterFill(send);
        // Quick replies are answers to the customer: a note offers none.
        if (k.type === 'complete') return s.noting ? undefined : compose.complete();
        if (k.type === 'move') return s.noting ? undefined : compose.pick(k.delta);
        if (k.type === 'editor') return compose.editor();
        if (k.type === 'newline') return dispatch({ type: 'draft', text: `${draft(s)}\n` });
        // Backspace with nothing typed takes off the attached file, then the quote.
        if (k.type === 'backspace' && !draft(s) && !s.noting && s.open && s.attachments[s.open.id]) return dispatch({ type: 'attachment', file: null });
        if (k.type === 'backspace' && !draft(s) && !s.noting && s.open && s.replyTo[s.open.id]) return dispatch({ type: 'quote', id: null });
        if (k.type === 'backspace') return dispatch({ type: 'draft', text: draft(s).slice(0, -1) });
        if (k.type === 'insert') {
          dispatch({ type: 'draft', text: draft(s) + k.text });
          return s.noting ? undefined : compose.drafted(draft(s), draft(get()));
        }
        return;
      case 'search':
        if (k.type === 'back') {
          search('');
          return dispatch({ type: 'focus', focus: 'list' });
        }
        if (k.type === 'submit') return dispatch({ type: 'focus', focus: 'list' });
        if (k.type === 'backspace') return search(s.query.slice(0, -1));
        if (k.type === 'insert') return search(s.query + k.text);
        return;
      // One picker, three uses: transfer to, take back a scheduled message, tag (it stays open).
      case 'picker':
      case 'tagger': {
        if (!s.picker) return;
        if (k.type === 'back') return dispatch({ type: 'picker', items: null });
        if (k.type === 'move') return dispatch({ type: 'move', delta: k.delta });
        if (k.type === 'backspace') return dispatch({ type: 'pickerQuery', query: s.picker.query.slice(0, -1) });
        if (k.type === 'insert') return dispatch({ type: 'pickerQuery', query: s.picker.query + k.text });
        const chosen = pickerMatches(s.picker)[s.picker.selected];
        if (k.type !== 'submit' || !chosen) return;
        if (s.focus === 'tagger') return toggleTag(chosen);
        return (chosen.kind === 'scheduled' ? unschedule : transfer)(chosen);
      }
      case 'newchat':
        return editNewChat(s, k);
      case 'attach':
        return editAttach(s, k);
      case 'react':
        if (k.type === 'back') return dispatch({ type: 'reacting', id: null });
        if (k.type === 'emoji') return react(k.index);
        return;
      case 'list':
      case 'chat':
        return browse(s, k);
    }
  }

  function browse(s: InboxState, k: KeyIntent): void {
    if (k.type === 'tab') return dispatch({ type: 'tab', delta: k.delta });
    if (k.type === 'tabAt') return dispatch({ type: 'tab', index: k.index });
    if (k.type === 'search') return dispatch({ type: 'focus', focus: 'search' });
    if (k.type === 'newChat') return openNewChat();
    if (k.type === 'scheduled') return void openScheduled().catch(fail);
    if (k.type === 'status') return availability.cycle();
    if (s.focus === 'list') {
      if (k.type === 'move') return dispatch({ type: 'move', delta: k.delta });
      if (k.type === 'page') return dispatch({ type: 'move', delta: k.delta * PAGE_ROWS });
      const chat = listed(s)[selectedIndex(s)];
      if (k.type === 'open' && chat) return open(chat.id);
      return;
    }
    if (k.type === 'move') return scroll(k.delta);
    if (k.type === 'page') return scroll(k.delta * PAGE_ROWS);
    if (k.type === 'back') return dispatch({ type: 'focus', focus: 'list' });
    if (k.type === 'reply' || k.type === 'note') {
      dispatch({ type: 'noting', on: k.type === 'note' });
      return dispatch({ type: 'focus', focus: 'composer' });
    }
    if (k.type === 'transfer') return void openPicker().catch(fail);
    if (k.type === 'tag') return void openTagger().catch(fail);
    if (k.type === 'close') return lifecycle('close');
    if (k.type === 'reopen') return lifecycle('reopen');
    if (k.type === 'retry') return retryFailed();
    if (k.type === 'quote') return quoteSelected();
    if (k.type === 'react') {
      const m = selectedMessage(s);
      return m ? dispatch({ type: 'reacting', id: m.id }) : info(t`no message to react to yet`);
    }
    if (k.type === 'openFile') return withFile('open');
    if (k.type === 'saveFile') return withFile('save');
    if (k.type === 'attach') return dispatch({ type: 'attachPrompt', prompt: { path: '', choices: [] } });
  }

  return { start, intent, onEvent, touched: availability.touched };
}

/** What the composer holds: the reply's draft, or the note's while writing one. */
const draft = (s: InboxState) => (s.open ? ((s.noting ? s.noteDrafts : s.drafts)[s.open.id] ?? '') : '');
