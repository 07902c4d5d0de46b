import { departmentsOf, principal, type Principal } from './access.js';
import { canSee } from './chats/visibility.js';
import type { EngineDeps } from './context.js';
import { assertNever, type EngineEvent, type EventHub, type PhonesChanged, type WatchEvent, type WhoAmI } from './events.js';
import { nobodyOnline } from './presence.js';
import { hashToken, type EndedBecause, type SessionEnd } from './sessions.js';
import { DEFAULT_AWAY_AFTER_MS, type Actor, type State } from './model.js';
import { userAvailability } from './round-robin.js';
import { userView } from './views.js';
import { currentLanguage, runInLanguage, t } from '../i18n/translate.js';

/** Who `actor` is, as `guru whoami` and a watch's snapshot show it. */
export function whoAmI(state: State, actor: Actor, online: ReadonlySet<string>): WhoAmI {
  if (actor.type === 'owner') return { owner: true, user: null };
  const who = principal(state, actor);
  return { owner: false, user: userView(state, who.user!, online) };
}

/**
 * A watch asked of the engine for one actor (tailscale's `WatchNotificationsAs`): a snapshot
 * first, then every event this actor may see — chats by visibility, audit entries only with
 * `audit.view`, and `chat.hidden` when a chat they saw moves where they cannot. While it is
 * open a user counts as online. When the actor stops being valid (disabled or removed) or the
 * session of `token` ends (logout, new password), a last `closed` line says why and `end` is
 * called: a stream lives no longer than the credentials it was opened with. The returned
 * control closes the watch, and tells presence its client is still reading (`alive`).
 *
 * `stateNow` is the state as this process holds it, synchronously: events come many per
 * second, and each is judged against the state of that moment without awaiting anything.
 */
export async function watchAs(
  deps: EngineDeps & { sessionEnds: EventHub<SessionEnd> },
  stateNow: () => State,
  actor: Actor,
  token: string | null,
  send: (event: WatchEvent) => void,
  end: () => void,
): Promise<WatchControl> {
  const session = actor.type === 'user' && token !== null ? await deps.sessions.find(hashToken(token)) : null;
  const state = await deps.state.read();
  // From here on nothing awaits until the subscription is in place: the snapshot and the events
  // after it form one unbroken sequence, and our own presence event comes after it.
  const online = deps.presence.onlineUserIds();
  const connected = state.users.filter((u) => online.has(u.id));
  send({
    type: 'snapshot',
    me: whoAmI(state, actor, online),
    online: connected.map((u) => u.email),
    availability: Object.fromEntries(connected.map((u) => [u.email, userAvailability(u, online)])),
    awayAfterMs: state.account?.awayAfterMs ?? DEFAULT_AWAY_AFTER_MS,
    phones: state.phones.map((p) => ({ number: p.number, label: p.label, linkState: deps.links.linkState(p.number) })),
  });
  // Who the watcher is, recomputed only when the state changed (it is replaced on each change).
  const first = stateNow();
  let principalOf: { state: State; who: Principal } = { state: first, who: principal(first, actor) };
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    unsubscribe();
    unsubscribeEnds();
    presence.close();
  };
  // Why it closed is said in the watcher's language: the end comes from another request's
  // context (a logout, an admin's removal), whose language is not theirs.
  const language = currentLanguage();
  const closeWith = (reason: () => string) => {
    if (!open) return;
    close();
    send({ type: 'closed', reason: runInLanguage(language, reason), relogin: true });
    end();
  };
  const unsubscribeEnds = session
    ? deps.sessionEnds.subscribe((ended) => {
        if (ended.sessionId === session.id) closeWith(() => t`your session ended (logged out) — log in again with \`guru login\``);
        else if (ended.userId === session.userId) closeWith(() => t`${endedBecause(ended.because)} — log in again with \`guru login\``);
      })
    : () => undefined;
  const unsubscribe = deps.events.subscribe((event) => {
    const current = stateNow();
    let shown: WatchEvent | null;
    try {
      if (principalOf.state !== current) {
        const before = principalOf;
        principalOf = { state: current, who: principal(current, actor) };
        // Out of a department, a permission or a department gone: what they no longer see goes.
        for (const chatId of lostChats(deps, before, principalOf)) send({ type: 'chat.hidden', chatId });
      }
      shown = visibleTo(deps, current, principalOf.who, event);
    } catch {
      // Disabled or removed while watching: the watch ends.
      return closeWith(() => t`your account was disabled or removed — ask an admin, then log in again with \`guru login\``);
    }
    if (shown) send(shown);
  });
  const presence = actor.type === 'user' ? deps.presence.open(actor.userId) : nobodyOnline.open('');
  return { close, alive: () => presence.alive() };
}

/** An open watch: `close` ends it; `alive` says its client acknowledged a heartbeat. */
export interface WatchControl {
  close(): void;
  alive(): void;
}

/** What a watcher is told when all their sessions end, by why. */
function endedBecause(because: EndedBecause | undefined): string {
  switch (because) {
    case 'password':
      return t`your sessions were ended by a new password`;
    case 'removed':
      return t`your sessions were ended: the account was removed`;
    case 'logout':
      return t`your sessions were ended (\`guru user logout\`)`;
    case undefined:
      return t`your sessions were ended`;
  }
}

// An event goes to every watcher in one synchronous loop (EventHub.publish), so remembering the
// last one is enough to reshape it once for all of them — and the daemon then encodes it once
// (it caches by identity). (A WeakMap did the same at a cost the profile showed: an entry per
// event for the garbage collector to trace.)
let lastChatEvent: { event: EngineEvent; shown: WatchEvent } | null = null;
/** The watcher's form of a chat event (without the engine-side `movedFrom`), one per event. */
function visibleChatEvent(event: Extract<EngineEvent, { type: 'chat' }>): WatchEvent {
  if (lastChatEvent?.event !== event) lastChatEvent = { event, shown: { type: 'chat', chat: event.chat } };
  return lastChatEvent.shown;
}

/** The chats `before` could see and `now` cannot (only after a change of the state: rare). */
function lostChats(deps: EngineDeps, before: { state: State; who: Principal }, now: { state: State; who: Principal }): string[] {
  if (!deps.chats || now.who.isAdmin || now.who.permissions.has('chats.view_all')) return [];
  // Most changes (a rodízio cursor moving on each new chat) leave this watcher's access as it
  // was: then no chat can have gone out of sight, and the walk over every chat is skipped.
  if (accessKey(before.state, before.who) === accessKey(now.state, now.who)) return [];
  return deps.chats.index
    .all()
    .filter((chat) => canSee(before.state, before.who, chat) && !canSee(now.state, now.who, chat))
    .map((chat) => chat.id);
}

/** Everything `canSee` reads of a principal: equal keys see the same chats. */
function accessKey(state: State, who: Principal): string {
  const depts = who.user
    ? departmentsOf(state, who.user.id)
        .map((d) => d.id)
        .sort()
    : [];
  return `${who.isAdmin}|${who.permissions.has('chats.view_all')}|${who.permissions.has('chats.view_unassigned')}|${who.user?.id ?? ''}|${depts.join(',')}`;
}

/** What of `event` this principal may see (null: nothing). */
function visibleTo(deps: EngineDeps, state: State, who: Principal, event: EngineEvent | PhonesChanged): WatchEvent | null {
  switch (event.type) {
    case 'presence':
    case 'phone':
      return event;
    case 'phones.changed':
      return null; // for the daemon's wiring; watchers see the audit entry
    case 'audit':
      return who.isAdmin || who.permissions.has('audit.view') ? event : null;
    case 'chat':
      if (chatVisible(deps, state, who, event.chat.id)) return visibleChatEvent(event);
      if (event.movedFrom !== undefined && canSee(state, who, { assignee: event.movedFrom })) return { type: 'chat.hidden', chatId: event.chat.id };
      return null;
    case 'message':
    case 'message.status':
    case 'message.media':
      return chatVisible(deps, state, who, event.chatId) ? event : null;
    case 'chat.erased':
      // Gone for everyone: a watcher who never saw it learns only an id that names nothing now.
      return { type: 'chat.hidden', chatId: event.chatId };
    case 'mention':
      // Only to the one named, and only while they may see the chat (the note is in it).
      return who.user?.id === event.userId && chatVisible(deps, state, who, event.chatId) ? event : null;
    default:
      return assertNever(event);
  }
}

// A plain function, not a closure made per event: this runs for every event and every watcher.
function chatVisible(deps: EngineDeps, state: State, who: Principal, chatId: string): boolean {
  const chat = deps.chats?.index.get(chatId);
  return !!chat && canSee(state, who, chat);
}
