import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { denied, GuruError } from './errors.js';
import { newId } from './ids.js';
import { findUser } from './lookup.js';
import { LoginThrottle, type LoginLimits } from './login-throttle.js';
import { DEFAULT_SESSION_IDLE_MS, type Actor, type State, type User } from './model.js';
import { SOCKET_ORIGIN, sourceOf, type Origin } from './origin.js';
import { verifyPassword } from './password.js';
import type { EventHub } from './events.js';
import type { AuditLog, Clock, SessionStore, StateRepository } from './ports.js';
import { normalizeEmail } from './validate.js';
import { userView, type UserView } from './views.js';
import { t } from '../i18n/translate.js';

export interface LoginResult {
  /** 256 random bits, hex. Shown once; only its hash is stored. */
  token: string;
  user: UserView;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** Checks a password against a stored hash (scrypt; tests count the calls). */
export type PasswordVerifier = (password: string, stored: string) => Promise<boolean>;

export interface LoginOptions {
  limits?: Partial<LoginLimits>;
  verifyPassword?: PasswordVerifier;
}

const ownerTokenRemote = () =>
  new GuruError('unauthenticated', t`the owner token works only on the local socket — log in as a user with \`guru login --server HOST:PORT --email …\``);

const badLogin = () => new GuruError('unauthenticated', t`wrong email or password`);

/** How often, at most, expired sessions are swept out of the store. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Logins, logouts and turning a bearer token into an actor. A session ends when its user logs
 * out, when it goes unused longer than the account's `sessionIdleMs`, when its user gets a new
 * password or is removed; expired ones are swept out of the store as time passes.
 */
export class Sessions {
  readonly throttle: LoginThrottle;
  private readonly verify: PasswordVerifier;
  private lastPrune = 0;

  constructor(
    private readonly state: StateRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    options: LoginOptions = {},
  ) {
    this.throttle = new LoginThrottle(clock, options.limits);
    this.verify = options.verifyPassword ?? verifyPassword;
  }

  /**
   * Over TCP the attempt also counts against the caller's address; the unix socket (the data
   * dir's own OS user) is throttled per email only. The attempt is counted before the password
   * is checked, so concurrent guesses share one budget.
   */
  async login(rawEmail: string, password: string, origin: Origin = SOCKET_ORIGIN): Promise<LoginResult> {
    const email = normalizeEmail(rawEmail);
    const found: { user?: User } = {};
    const source = origin.kind === 'tcp' ? origin.address : undefined;
    const ok = await this.throttle.attempt(email, source, async () => {
      found.user = (await this.state.read()).users.find((u) => u.email === email);
      // Verify even for unknown emails, so timing does not tell which emails exist.
      return (await this.verify(password, found.user?.passwordHash ?? DUMMY_HASH)) && found.user !== undefined;
    });
    const user = found.user;
    if (!ok || !user) throw badLogin();
    if (!user.active) throw new GuruError('unauthenticated', t`${email} is disabled — ask an admin to enable it`);
    return this.open(user, origin, 'session.login');
  }

  /**
   * A new session for `user`, who has just proved who they are (a password, a reset code):
   * the token is returned once, only its hash is kept; `action` names it in the audit.
   */
  async open(user: User, origin: Origin, action: string): Promise<LoginResult> {
    const token = randomBytes(32).toString('hex');
    const now = this.clock.now().toISOString();
    await this.sessions.add({ id: newId('s'), tokenHash: hashToken(token), userId: user.id, createdAt: now, lastSeenAt: now, source: sourceOf(origin) });
    await this.audit.append([{ id: newId('a'), time: now, actor: `${user.name} <${user.email}>`, action, target: user.email }]);
    const state = await this.state.read();
    const current = state.users.find((u) => u.id === user.id) ?? user;
    return { token, user: userView(state, current) };
  }

  /** Ends the session of this token only; the user's other sessions go on. */
  async logout(token: string): Promise<void> {
    const session = await this.sessions.find(hashToken(token));
    if (session) await this.sessions.end(session.id);
  }

  /**
   * The actor a token stands for, or null: an unknown or expired token, or one whose user is
   * disabled or gone. Each use keeps the session alive for another idle period. The owner token
   * is a local bootstrap credential: from the network it is refused, whoever holds it.
   */
  async authenticate(token: string, ownerToken: string | null, origin: Origin = SOCKET_ORIGIN): Promise<Actor | null> {
    if (ownerToken && sameSecret(token, ownerToken)) {
      if (origin.kind !== 'socket') throw ownerTokenRemote();
      return { type: 'owner' };
    }
    const state = await this.state.read();
    const now = this.clock.now();
    await this.pruneNowAndThen(state, now);
    const session = await this.sessions.find(hashToken(token));
    if (!session) return null;
    if (now.getTime() - Date.parse(session.lastSeenAt) > idleLimit(state)) {
      await this.sessions.end(session.id);
      return null;
    }
    const user = state.users.find((u) => u.id === session.userId && u.active);
    if (!user) return null;
    await this.sessions.touch(session.id, now.toISOString());
    return { type: 'user', userId: user.id };
  }

  /**
   * The admin a login session stands for, without using it up or writing anything: for admin
   * commands run in-process while no daemon runs (`localClient`), so a logged-in admin's changes
   * are audited under their name there too. Null: no such live session, or not an admin.
   */
  async adminOf(token: string): Promise<Actor | null> {
    const session = await this.sessions.find(hashToken(token));
    if (!session) return null;
    const state = await this.state.read();
    if (this.clock.now().getTime() - Date.parse(session.lastSeenAt) > idleLimit(state)) return null;
    const user = state.users.find((u) => u.id === session.userId && u.active);
    return user?.role === 'admin' ? { type: 'user', userId: user.id } : null;
  }

  /**
   * `--as`: the owner speaking for a user, who then acts with exactly that user's permissions.
   * Only the owner may, and only on the local socket: over the network everyone is themselves.
   */
  async actAs(actor: Actor, email: string, origin: Origin = SOCKET_ORIGIN): Promise<Actor> {
    if (origin.kind !== 'socket') throw denied(t`acting as another user (--as) works only on the local socket — over the network, log in as that user`);
    if (actor.type !== 'owner') throw denied(t`only the installation owner may act as another user (--as)`);
    const user = findUser(await this.state.read(), email);
    if (!user.active) throw new GuruError('unauthenticated', t`${user.email} is disabled`);
    return { type: 'user', userId: user.id };
  }

  /** Sweeps out expired sessions and those of users who are gone, at most every few minutes. */
  private async pruneNowAndThen(state: State, now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    const users = new Set(state.users.map((u) => u.id));
    await this.sessions.prune(new Date(now.getTime() - idleLimit(state)).toISOString(), (s) => users.has(s.userId));
  }
}

function idleLimit(state: State): number {
  return state.account?.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
}

// A valid scrypt hash of a random password, so unknown emails cost as much as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$WqIAOc6kfd0ZwKJko7GJaQ==$tuUaqTRU5OjmKOVZl0eWeZCM3t37kLNk9OAUicdbxG0=';

/** Why every session of a user ended, as what they held open is told. */
export type EndedBecause = 'password' | 'removed' | 'logout';

/** A session ended (one by id: a logout or idle; all of a user's: a new password, a removal, `guru user logout`). */
export type SessionEnd = { sessionId: string; userId?: undefined } | { userId: string; because?: EndedBecause; sessionId?: undefined };

/** The session store as the engine holds it: ending all of a user's sessions says why. */
export interface AnnouncingSessionStore extends SessionStore {
  endAllOf(userId: string, because?: EndedBecause): Promise<number>;
}

/**
 * The session store, announcing each end to `hub` once it is done — so what a session holds
 * open (a watch stream) ends with it, not at its next request.
 */
export function announcingEnds(store: SessionStore, hub: EventHub<SessionEnd>): AnnouncingSessionStore {
  return {
    add: (session) => store.add(session),
    find: (tokenHash) => store.find(tokenHash),
    listOf: (userId) => store.listOf(userId),
    touch: (id, at) => store.touch(id, at),
    prune: (idleSince, keep) => store.prune(idleSince, keep),
    count: () => store.count(),
    list: () => store.list(),
    async end(id) {
      await store.end(id);
      hub.publish({ sessionId: id });
    },
    async endAllOf(userId, because) {
      const ended = await store.endAllOf(userId);
      hub.publish(because ? { userId, because } : { userId });
      return ended;
    },
  };
}
