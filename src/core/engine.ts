import { retentionOps, runRetention } from './ops/retention.js';
import { noDirectory, noNotifier, offlineLinks, OperationContext, type EngineDeps } from './context.js';
import { EventHub, type WatchEvent, type WhoAmI } from './events.js';
import { OWNER, type Actor, type State } from './model.js';
import { handOverOrphans } from './ops/handover.js';
import { backlogCause, handOutWaiting } from './ops/backlog.js';
import { linkOps } from './ops/links.js';
import { watchAs, whoAmI, type WatchControl } from './watch.js';
import { accountOps } from './ops/account.js';
import { auditOps } from './ops/audit.js';
import { botOps } from './ops/bots.js';
import { chatOps } from './ops/chats.js';
import { numbersForHealth, reportOps } from './ops/reports.js';
import { contactOps } from './ops/contacts.js';
import { mediaOps } from './ops/media.js';
import { noteOps } from './ops/notes.js';
import { scheduledOps } from './ops/scheduled.js';
import { ChatService, type ChatServiceDeps } from './chats/chat-service.js';
import { departmentOps } from './ops/departments.js';
import { phoneOps } from './ops/phones.js';
import { quickReplyOps } from './ops/quick-replies.js';
import { roundRobinOps } from './ops/round-robin.js';
import { userOps } from './ops/users.js';
import { statusOps } from './ops/status.js';
import { tagOps } from './ops/tags.js';
import { systemClock, wakeAt, type Stores } from './ports.js';
import type { LoginLimits } from './login-throttle.js';
import { announcingEnds, Sessions, type SessionEnd } from './sessions.js';
import { nobodyOnline } from './presence.js';
import { noMailer } from './mail.js';
import { DEFAULT_RECOVERY_LIMITS, PasswordRecovery, type RecoveryLimits } from './recovery.js';
import { Invites } from './invites.js';
import { MediaService } from './media/media-service.js';
import { ContactBook } from './contacts/contact-book.js';
import type { MediaRetrySettings } from './media/media-fetcher.js';
import type { MediaRemote } from './media/remote.js';

/** Everything an actor can ask of the engine, grouped by noun like the CLI. */
export interface Operations {
  account: ReturnType<typeof accountOps>;
  users: ReturnType<typeof userOps>;
  status: ReturnType<typeof statusOps>;
  departments: ReturnType<typeof departmentOps>;
  phones: ReturnType<typeof phoneOps>;
  roundRobin: ReturnType<typeof roundRobinOps>;
  bots: ReturnType<typeof botOps>;
  audit: ReturnType<typeof auditOps>;
  reports: ReturnType<typeof reportOps>;
  chats: ReturnType<typeof chatOps>;
  media: ReturnType<typeof mediaOps>;
  quickReplies: ReturnType<typeof quickReplyOps>;
  contacts: ReturnType<typeof contactOps>;
  notes: ReturnType<typeof noteOps>;
  scheduled: ReturnType<typeof scheduledOps>;
  tags: ReturnType<typeof tagOps>;
  retention: ReturnType<typeof retentionOps>;
}

export type EngineOptions = {
  /** Where everything is kept (see `openStores` in `src/store`); without secrets, no mail settings. */
  stores: Pick<Stores, 'state' | 'audit' | 'sessions' | 'journal'> & Partial<Pick<Stores, 'secrets' | 'media' | 'contacts'>>;
} & Partial<Pick<EngineDeps, 'clock' | 'presence' | 'links' | 'events' | 'mailer' | 'notify' | 'directory' | 'door' | 'traces'>> & {
    /** Limits on password recovery (tests lower them). */
    recoveryLimits?: Partial<RecoveryLimits>;
    /**
     * With these, the engine runs conversations too (the daemon), journaled in `stores.journal`;
     * their events go to `events` unless `publish` takes them elsewhere.
     */
    conversations?: Pick<ChatServiceDeps, 'sender' | 'warn' | 'checkpointPolicy' | 'searchBudgetMs' | 'outbox' | 'holds'> &
      Partial<Pick<ChatServiceDeps, 'publish'>> & {
        /** Where customers' files are fetched from (the phones); with `stores.media`, they are fetched and kept. */
        media?: { remote: MediaRemote; retry?: Partial<MediaRetrySettings> };
      };
    /**
     * The state as this process holds it, synchronously — where it is the only writer (the
     * daemon). Watches judge each event against it; without it, the engine offers no watch.
     */
    stateNow?: () => State;
    /** The login throttle's limits, where they differ from DEFAULT_LOGIN_LIMITS (tests shorten them). */
    loginLimits?: Partial<LoginLimits>;
  };

/** Retention runs a minute after the daemon starts (once the start's own work is done), then daily. */
export const RETENTION_FIRST_RUN_MS = 60_000;
export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

/** The engine: rules over the store ports. `as(actor)` gives that actor's operations. */
export class Engine {
  readonly deps: EngineDeps;
  readonly sessions: Sessions;
  /** Password recovery by email (`guru password forgot|reset`). */
  readonly recovery: PasswordRecovery;
  /** Invites redeemed (issuing them is `users.invite`). */
  readonly invites: Invites;
  /** Sessions as they end: the watches they hold open end with them. */
  readonly sessionEnds = new EventHub<SessionEnd>();

  private readonly stateNow: (() => State) | null;
  private readonly warn: (message: string, details: Record<string, unknown>) => void;

  constructor(options: EngineOptions) {
    const { conversations, stores, stateNow, recoveryLimits, loginLimits, ...rest } = options;
    const events = rest.events ?? new EventHub();
    const base = {
      clock: systemClock,
      presence: nobodyOnline,
      links: offlineLinks(stores.secrets ?? null),
      notify: noNotifier,
      directory: noDirectory,
      door: () => null,
      traces: null,
      state: stores.state,
      audit: stores.audit,
      journal: stores.journal,
      sessions: announcingEnds(stores.sessions, this.sessionEnds),
      secrets: stores.secrets ?? null,
      mailer: noMailer,
      ...rest,
      events,
    };
    const mediaOptions = conversations?.media;
    const chats = conversations
      ? new ChatService({
          ...base,
          ...(stores.media ? { media: stores.media } : {}),
          ...(stores.contacts ? { contacts: new ContactBook(stores.contacts) } : {}),
          publish: (event) => events.publish(event),
          openingTime: (phone) => void this.handOutWaiting(phone, 'opening time'),
          ...withoutMedia(conversations),
        })
      : null;
    const warn = conversations?.warn ?? (() => undefined);
    this.warn = warn;
    const media =
      chats && stores.media && mediaOptions
        ? new MediaService({
            chats,
            store: stores.media,
            remote: mediaOptions.remote,
            state: stores.state,
            warn,
            ...(mediaOptions.retry ? { retry: mediaOptions.retry } : {}),
          })
        : null;
    // The outbox follows each phone's link state as the transports report it (the `phone` events).
    if (chats) events.subscribe((event) => event.type === 'phone' && chats.phoneState(event.phone, event.state));
    // Waiting chats go out as soon as something may let someone take them (see backlogCause).
    if (chats) {
      events.subscribe((event) => {
        const trigger = backlogCause(event);
        if (trigger) void this.handOutWaiting(trigger.phone, trigger.cause);
      });
    }
    this.deps = { ...base, chats, media, mediaFiles: stores.media ?? null };
    this.stateNow = stateNow ?? null;
    this.sessions = new Sessions(this.deps.state, this.deps.sessions, this.deps.audit, this.deps.clock, loginLimits ? { limits: loginLimits } : {});
    // A source's budget of wrong guesses, when set, is one figure for passwords and reset codes alike.
    const perSource = loginLimits?.maxFailuresPerSource;
    const codes = perSource === undefined ? {} : { codes: { ...DEFAULT_RECOVERY_LIMITS.codes, maxFailuresPerSource: perSource } };
    this.recovery = new PasswordRecovery(this.deps, this.sessions, { ...codes, ...recoveryLimits });
    this.invites = new Invites(this.deps, this.sessions);
  }

  /** The conversation service; throws where there is none (outside the daemon). */
  get chats(): ChatService {
    if (!this.deps.chats) throw new Error('this engine runs no conversations');
    return this.deps.chats;
  }

  /** Customers' files: fetching, keeping, the quota (`MediaService`); throws where there is none (outside the daemon). */
  get media(): MediaService {
    if (!this.deps.media) throw new Error('this engine fetches no media');
    return this.deps.media;
  }

  as(actor: Actor): Operations {
    const ctx = new OperationContext(this.deps, actor);
    return {
      account: accountOps(ctx),
      users: userOps(ctx),
      status: statusOps(ctx),
      departments: departmentOps(ctx),
      phones: phoneOps(ctx),
      roundRobin: roundRobinOps(ctx),
      bots: botOps(ctx),
      audit: auditOps(ctx),
      reports: reportOps(ctx),
      chats: chatOps(ctx),
      media: mediaOps(ctx),
      quickReplies: quickReplyOps(ctx),
      contacts: contactOps(ctx),
      notes: noteOps(ctx),
      scheduled: scheduledOps(ctx),
      tags: tagOps(ctx),
      retention: retentionOps(ctx),
    };
  }

  /**
   * At the daemon's start, after the journal is loaded: open chats still held by a user removed
   * or disabled, or a department removed, while no daemon ran go to the rodízio again
   * (`handOverOrphans`), audited as `by`. Returns how many moved.
   */
  handOverOrphans(by = 'guru daemon (start)'): Promise<number> {
    return handOverOrphans(new OperationContext(this.deps, OWNER), by);
  }

  /**
   * Hands out waiting chats (on `phone`, or every phone) to whoever can take them now; `cause`
   * is journaled and audited with each. Never throws: a pass that fails is logged, and the next
   * trigger tries again. Returns how many chats went.
   */
  async handOutWaiting(phone: string | null, cause: string): Promise<number> {
    try {
      return await handOutWaiting(new OperationContext(this.deps, OWNER), phone, cause);
    } catch (err) {
      this.warn('waiting chats could not be handed out', { err, phone, cause });
      return 0;
    }
  }

  /**
   * Retention's daily run (`guru account set --retention`), started by the daemon once the
   * journal is loaded: the first a minute after, then every 24 hours, on the engine's clock. Never
   * throws: a run that fails is logged and the next tries again. `erased` hears of each run that
   * erased something. Returns how to stop it.
   */
  startRetention(erased: (run: NonNullable<Awaited<ReturnType<typeof runRetention>>>) => void = () => undefined): () => void {
    let cancel: () => void = () => undefined;
    let stopped = false;
    const after = (ms: number) => {
      if (!stopped) cancel = wakeAt(this.deps.clock, new Date(this.deps.clock.now().getTime() + ms), () => void run());
    };
    const run = async () => {
      try {
        const result = await runRetention(new OperationContext(this.deps, OWNER));
        if (result && result.chats > 0) erased(result);
      } catch (err) {
        this.warn('retention could not erase old conversations; the next run tries again', { err });
      }
      after(RETENTION_EVERY_MS);
    };
    after(RETENTION_FIRST_RUN_MS);
    return () => {
      stopped = true;
      cancel();
    };
  }

  /** Linking phones to WhatsApp, as `actor` (needs `phones.manage`; the daemon runs the transports). */
  links(actor: Actor): ReturnType<typeof linkOps> {
    return linkOps(new OperationContext(this.deps, actor));
  }

  /** The numbers whose health `actor` may read (every one, or `number`): the daemon fills the figures in. */
  numbersForHealth(actor: Actor, number?: string): Promise<string[]> {
    return numbersForHealth(new OperationContext(this.deps, actor), number);
  }

  async whoami(actor: Actor): Promise<WhoAmI> {
    return whoAmI(await this.deps.state.read(), actor, this.deps.presence.onlineUserIds());
  }

  /**
   * Everything `actor` may see as it happens, a snapshot first (see `watchAs`); `end` is called
   * if the actor stops being valid or `token`'s session ends (null: the owner token, no
   * session). Resolves to its control: close it, or tell it the client is still reading.
   */
  watch(actor: Actor, token: string | null, send: (event: WatchEvent) => void, end: () => void): Promise<WatchControl> {
    if (!this.stateNow) throw new Error('this engine offers no watch (it is not the only writer)');
    return watchAs({ ...this.deps, sessionEnds: this.sessionEnds }, this.stateNow, actor, token, send, end);
  }
}

function withoutMedia<T extends { media?: unknown }>(options: T): Omit<T, 'media'> {
  const { media: _media, ...rest } = options;
  return rest;
}

/** Calls one operation by noun and verb — how the API and the clients dispatch by name. */
export function invokeOperation(ops: Operations, noun: string, verb: string, args: unknown[]): Promise<unknown> {
  const group = (ops as unknown as Record<string, Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined> | undefined>)[noun];
  const method = group?.[verb];
  if (typeof method !== 'function') throw new Error(`unknown operation ${noun}.${verb}`);
  return method(...args);
}
