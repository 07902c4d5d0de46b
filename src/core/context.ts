import type { CustomerTraces } from './privacy/ports.js';
import { principal, requirePermission, type Principal } from './access.js';
import { GuruError } from './errors.js';
import { grantGuard } from './grants.js';
import { newId } from './ids.js';
import type { Actor, LinkState, State } from './model.js';
import type { Permission } from './permissions.js';
import type { AuditEntry, AuditLog, Clock, SecretStore, StateRepository } from './ports.js';
import type { AnnouncingSessionStore, EndedBecause } from './sessions.js';
import type { Mailer } from './mail.js';
import type { ChatService } from './chats/chat-service.js';
import type { ChatJournal } from './chats/ports.js';
import type { MediaService } from './media/media-service.js';
import type { MediaStore } from './media/ports.js';
import type { Presence } from './presence.js';
import type { EventHub } from './events.js';
import type { LinkEvent } from './link.js';
import { t } from '../i18n/translate.js';

/**
 * Each phone's WhatsApp link, as the daemon's transports report it and drive it; without a
 * daemon every phone is unlinked and linking needs one.
 */
export interface LinkStates {
  linkState(phone: string): LinkState;
  /**
   * Whether a paired WhatsApp device's credentials are kept for the phone, connected right now
   * or not (reconnecting, replaced, the daemon just started).
   */
  linked(phone: string): Promise<boolean>;
  /** Starts linking; `listener` gets every link event until the returned function is called. */
  link(phone: string, pairingCode: boolean, listener: (event: LinkEvent) => void): Promise<() => Promise<void>>;
  /** Logs the device out and forgets its credentials. */
  unlink(phone: string): Promise<Unlinked>;
}

/** What an unlink did: the credentials are always gone; WhatsApp can only be told over a live connection. */
export interface Unlinked {
  /** WhatsApp was asked to remove the device (false: the phone was not connected, so it still lists it). */
  loggedOut: boolean;
}

const needsDaemon = () =>
  new GuruError(
    'daemon_unreachable',
    t`linking or unlinking a phone needs the daemon, which holds its WhatsApp connection — start it with \`guru daemon start\``,
  );

/**
 * Link states where no daemon runs the phones: all unlinked, linking refused. Whether a phone is
 * linked is then judged by its credentials alone: any kept count (only the daemon, which loads
 * them, can tell a paired device's from what an interrupted link left).
 */
export function offlineLinks(secrets: Pick<SecretStore, 'phoneCredentials'> | null): LinkStates {
  return {
    linkState: () => 'unlinked',
    // Encrypted credentials with no key at hand are linked still (the daemon says it needs the key).
    linked: async (phone) =>
      secrets
        ? await secrets
            .phoneCredentials(phone)
            .read()
            .then(
              (text) => text !== null,
              () => true,
            )
        : false,
    link: () => Promise.reject(needsDaemon()),
    unlink: () => Promise.reject(needsDaemon()),
  };
}

export const allUnlinked: LinkStates = offlineLinks(null);

/**
 * Messages to one person straight through a phone's WhatsApp connection: no chat, no journal,
 * no inbox — for what colleagues must not read, such as an invite code. Only the daemon, which
 * runs the phones, can send; elsewhere there is no phone to send with.
 */
export interface Notifier {
  /** Sends `text` through `phone` (E.164) to the WhatsApp number `to` (E.164); resolves once WhatsApp took it. */
  whatsapp(phone: string, to: string, text: string): Promise<void>;
}

export const noNotifier: Notifier = {
  whatsapp: () => Promise.reject(new GuruError('daemon_unreachable', t`sending through a phone needs the daemon — start it with \`guru daemon start\``)),
};

/** What WhatsApp says of a number: whether it has WhatsApp, and the JID WhatsApp knows it by. */
export type WhatsAppLookup = { exists: true; jid: string } | { exists: false };

/**
 * Whether a number has WhatsApp, asked the way WhatsApp's own apps ask (Baileys `onWhatsApp`)
 * through one of our phones — before a conversation is started with it. Only the daemon, which
 * runs the phones, can ask.
 */
export interface WhatsAppDirectory {
  /**
   * Asks through `phone` (E.164) about `number` (E.164). Throws `not_linked` when that phone
   * cannot ask now (not connected), saying whether to wait or to link it.
   */
  lookup(phone: string, number: string): Promise<WhatsAppLookup>;
}

export const noDirectory: WhatsAppDirectory = {
  lookup: () => Promise.reject(new GuruError('daemon_unreachable', t`checking a number on WhatsApp needs the daemon — start it with \`guru daemon start\``)),
};

/** Where clients on other machines reach this server, as the daemon listens. */
export interface ServerDoor {
  /** HOST:PORT it listens on (may be a wildcard such as 0.0.0.0:7433). */
  address: string;
  /** `sha256:…` of its TLS certificate; null when it listens without TLS (behind a proxy). */
  fingerprint: string | null;
}

export interface EngineDeps {
  state: StateRepository;
  audit: AuditLog;
  sessions: AnnouncingSessionStore;
  clock: Clock;
  presence: Presence;
  links: LinkStates;
  /**
   * The message journal, read as a whole by reports (which work with or without a daemon);
   * conversations write it through `chats`.
   */
  journal: ChatJournal;
  /** Conversations exist only where the daemon runs them (journal + transports). */
  chats: ChatService | null;
  /**
   * Customers' files (fetching, the quota): where the daemon runs conversations and phones.
   * `media.fetch(phone, messageId)` makes sure a message's file is kept — the download route's step.
   */
  media: MediaService | null;
  /** The media files (photos, voice notes, documents) messages name by sha256; null where the stores keep none. */
  mediaFiles: MediaStore | null;
  /** What happens, for watchers and for whoever runs the phones. */
  events: EventHub;
  /** Secrets kept apart from the state (mail settings, phones' credentials); null where the stores have none. */
  secrets: SecretStore | null;
  /** How mail goes out (the daemon's SMTP client); elsewhere none (`noMailer`). */
  mailer: Mailer;
  /** Private messages through a phone (invites). */
  notify: Notifier;
  /** Whether a number has WhatsApp (starting conversations). */
  directory: WhatsAppDirectory;
  /** Where the daemon listens on the network, for invites to name; null: nowhere (or no daemon). */
  door(): ServerDoor | null;
  /** The daemon's log and phones' sessions, for an erasure to reach; null where no daemon runs. */
  traces: CustomerTraces | null;
}

/** Handed to a change: the private draft, the acting principal, the time, and the audit recorder. */
export interface ChangeScope {
  draft: State;
  who: Principal;
  now: string;
  record(action: string, target: string, details?: Record<string, unknown>): void;
  /** Ends every login session of this user once the change is durable (a new password, a removal). */
  endSessionsOf(userId: string, because: EndedBecause): void;
}

/**
 * One actor's view of the engine. Every operation goes through `view` or `change`, so the
 * identity, the permission check and the audit are never forgotten by an individual operation.
 */
export class OperationContext {
  constructor(
    readonly deps: EngineDeps,
    readonly actor: Actor,
  ) {}

  /**
   * Reads a snapshot as the actor; `permission` (if given) is checked first. `doing` says what
   * the actor would do, in the reader's language (t`add users`), for the refusal.
   */
  async view<T>(permission: Permission | null, doing: string, read: (state: State, who: Principal) => T): Promise<T> {
    const state = await this.deps.state.read();
    requireInitialized(state);
    const who = principal(state, this.actor);
    if (permission) requirePermission(who, permission, doing);
    return read(state, who);
  }

  /**
   * Applies a change atomically as the actor: permission check, mutation of a draft, the
   * granting rule (nobody ends up holding more than the actor could give), durable write that
   * carries the audit entries it recorded (both or neither). A throw anywhere before the write
   * leaves the state untouched.
   */
  async change<T>(permission: Permission | null, doing: string, apply: (scope: ChangeScope) => T): Promise<T> {
    let entries: AuditEntry[] = [];
    let endSessions: [string, EndedBecause][] = [];
    const result = await this.deps.state.update(
      (draft) => {
        entries = [];
        endSessions = [];
        requireInitialized(draft);
        const who = principal(draft, this.actor);
        if (permission) requirePermission(who, permission, doing);
        const now = this.deps.clock.now().toISOString();
        const grants = grantGuard(who, draft);
        const out = apply({
          draft,
          who,
          now,
          record: (action, target, details) => entries.push({ id: newId('a'), time: now, actor: who.label, action, target, ...(details ? { details } : {}) }),
          endSessionsOf: (userId, because) => void endSessions.push([userId, because]),
        });
        grants.check(draft);
        return out;
      },
      () => entries,
    );
    for (const [userId, because] of endSessions) await this.deps.sessions.endAllOf(userId, because);
    return result;
  }

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Audits something that is no change of the state (a phone linked), at the engine's time. */
  async audit(who: Principal, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append([{ time: this.now(), actor: who.label, action, target, ...(details ? { details } : {}) }]);
  }
}

export function requireInitialized(state: State): asserts state is State & { account: NonNullable<State['account']> } {
  if (!state.account) {
    throw new GuruError('not_initialized', t`this Guru data directory has no account yet — create one with \`guru init\``);
  }
}
