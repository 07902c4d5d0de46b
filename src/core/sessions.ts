import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GuruError } from './errors.js';
import { newId } from './ids.js';
import { LoginThrottle, type LoginLimits } from './login-throttle.js';
import type { Actor, State, User } from './model.js';
import { verifyPassword } from './password.js';
import type { AuditLog, Clock, StateRepository } from './ports.js';
import { normalizeEmail } from './validate.js';
import { userView, type UserView } from './views.js';

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

const badLogin = () => new GuruError('unauthenticated', 'wrong email or password');

/** Logins, logouts and turning a bearer token into an actor. */
export class Sessions {
  readonly throttle: LoginThrottle;
  private readonly verify: PasswordVerifier;

  constructor(
    private readonly state: StateRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    options: LoginOptions = {},
  ) {
    this.throttle = new LoginThrottle(clock, options.limits);
    this.verify = options.verifyPassword ?? verifyPassword;
  }

  /**
   * `source` is the caller's address where there is one (TCP); the unix socket has none. The
   * attempt is counted before the password is checked, so concurrent guesses share one budget.
   */
  async login(rawEmail: string, password: string, source?: string): Promise<LoginResult> {
    const email = normalizeEmail(rawEmail);
    const found: { user?: User } = {};
    const ok = await this.throttle.attempt(email, source, async () => {
      found.user = (await this.state.read()).users.find((u) => u.email === email);
      // Verify even for unknown emails, so timing does not tell which emails exist.
      return (await this.verify(password, found.user?.passwordHash ?? DUMMY_HASH)) && found.user !== undefined;
    });
    const user = found.user;
    if (!ok || !user) throw badLogin();
    if (!user.active) throw new GuruError('unauthenticated', `${email} is disabled — ask an admin to enable it`);
    const token = randomBytes(32).toString('hex');
    const now = this.clock.now().toISOString();
    return this.state.update(
      (draft) => {
        draft.sessions.push({ id: newId('s'), tokenHash: hashToken(token), userId: user.id, createdAt: now });
        return { token, user: userView(draft, draft.users.find((u) => u.id === user.id)!) };
      },
      () => this.audit.append([{ time: now, actor: `${user.name} <${user.email}>`, action: 'session.login', target: user.email }]),
    );
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    await this.state.update((draft) => {
      draft.sessions = draft.sessions.filter((s) => s.tokenHash !== tokenHash);
    });
  }

  /** The actor a token stands for, or null (unknown token, or its user is disabled or gone). */
  async authenticate(token: string, ownerToken: string | null): Promise<Actor | null> {
    if (ownerToken && sameSecret(token, ownerToken)) return { type: 'owner' };
    return actorForSession(await this.state.read(), hashToken(token));
  }
}

export function actorForSession(state: State, tokenHash: string): Actor | null {
  const session = state.sessions.find((s) => s.tokenHash === tokenHash);
  if (!session) return null;
  const user = state.users.find((u) => u.id === session.userId && u.active);
  return user ? { type: 'user', userId: user.id } : null;
}

// A valid scrypt hash of a random password, so unknown emails cost as much as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$WqIAOc6kfd0ZwKJko7GJaQ==$tuUaqTRU5OjmKOVZl0eWeZCM3t37kLNk9OAUicdbxG0=';
