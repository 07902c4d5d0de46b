import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { OperationContext, type EngineDeps } from './context.js';
import { GuruError, invalid } from './errors.js';
import { serverAddress } from './invites.js';
import { LoginThrottle, type LoginLimits, type ThrottleRefusals } from './login-throttle.js';
import { sourceOf, type Origin } from './origin.js';
import { decodeMailSettings, type MailSettings, type OutgoingMail } from './mail.js';
import type { User } from './model.js';
import { hashPassword } from './password.js';
import { RateWindow } from './rate-window.js';
import { sameSecret, type LoginResult, type Sessions } from './sessions.js';
import { checkPassword, normalizeEmail } from './validate.js';
import { t } from '../i18n/translate.js';

/** How long a recovery code works: long enough to find the mail, short enough to be no key. */
export const RESET_CODE_TTL_MS = 15 * 60 * 1000;
/** Digits in a code. With five wrong tries per code, a guess succeeds once in 20 million. */
const CODE_DIGITS = 8;
/** Wrong codes for one email before its code stops working (a new one must be asked for). */
const WRONG_CODES_PER_CODE = 5;

export interface RecoveryLimits {
  /** Recovery mails asked per email within `windowMs` (someone's inbox is not to be flooded). */
  mailsPerEmail: number;
  /** Recovery mails asked per source address (the socket is one source, "local") within `windowMs`. */
  mailsPerSource: number;
  windowMs: number;
  /** Wrong codes, checks at once and waiting per email and per source: the login throttle's rules. */
  codes: Partial<LoginLimits>;
}

export const DEFAULT_RECOVERY_LIMITS: RecoveryLimits = {
  mailsPerEmail: 3,
  mailsPerSource: 20,
  windowMs: RESET_CODE_TTL_MS,
  codes: { maxFailures: 5, windowMs: RESET_CODE_TTL_MS },
};

/** What `forgot` answers — the same whether or not the email belongs to anyone. */
export interface ForgotResult {
  ok: true;
  /** How long the code (if one was sent) works. */
  validForMinutes: number;
}

/** A code as kept: only its keyed hash, never the code. */
interface PendingCode {
  email: string;
  hash: string;
  expiresAt: number;
  wrong: number;
}

/**
 * Password recovery by email: `forgot` mails a one-time code to a user's address, `reset` takes
 * the code and a new password, ends every other session of that user and opens a new one.
 *
 * Nothing tells whether an email has an account: `forgot` answers the same, at once, before
 * any mail is sent (an SMTP round trip would be a timing tell) and does the same work for an
 * unknown email; `reset` checks an unknown email against a dummy and fails the same way.
 *
 * Codes live in memory only, as a keyed hash (HMAC with a key made at start): unauthenticated
 * callers never make the daemon write to disk, and a restart (which forgets them) costs a user
 * one more mail, never lets a code outlive its 15 minutes. One code per user: a new one replaces
 * the last. A code works once; five wrong ones end it.
 */
export class PasswordRecovery {
  private readonly key = randomBytes(32);
  private readonly codes = new Map<string, PendingCode>();
  private readonly perEmail: RateWindow;
  private readonly perSource: RateWindow;
  private readonly throttle: LoginThrottle;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly sessions: Sessions,
    limits: Partial<RecoveryLimits> = {},
  ) {
    const l = { ...DEFAULT_RECOVERY_LIMITS, ...limits };
    this.perEmail = new RateWindow(deps.clock, l.mailsPerEmail, l.windowMs);
    this.perSource = new RateWindow(deps.clock, l.mailsPerSource, l.windowMs);
    this.throttle = new LoginThrottle(deps.clock, l.codes, RESET_REFUSALS);
  }

  /**
   * Mails a code to `rawEmail` if it is an active user's. Limited per email and per source (the
   * caller's address; the unix socket is one source, "local"). Refused only for reasons that say nothing about the email: no
   * mail server set up, too many requests for this email or from this source.
   */
  async forgot(rawEmail: string, origin: Origin): Promise<ForgotResult> {
    const email = normalizeEmail(rawEmail);
    const source = sourceOf(origin);
    const wait = Math.max(this.perEmail.waitFor(email), this.perSource.waitFor(source));
    if (wait > 0) {
      throw new GuruError(
        'limit',
        t`too many password recovery requests for ${email} or from your address — wait ${Math.ceil(wait / 60_000)} min and try again`,
      );
    }
    const settings = await this.mailSettings();
    if (!settings) {
      throw new GuruError(
        'conflict',
        t`password recovery by email is not set up on this Guru server — ask an admin to set a new password for you (\`guru user passwd <email>\`)`,
      );
    }
    this.perEmail.count(email);
    this.perSource.count(source);
    const state = await this.deps.state.read();
    const user = state.users.find((u) => u.email === email && u.active);
    const now = this.deps.clock.now().getTime();
    this.sweep(now);
    // The same work either way: a code made and hashed, whether or not it goes anywhere.
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const hash = this.hash(user?.id ?? '', code);
    if (user) {
      const expiresAt = now + RESET_CODE_TTL_MS;
      this.codes.set(user.id, { email, hash, expiresAt, wrong: 0 });
      // The command in the mail names the server when it is known, as invites do.
      const address = state.account ? serverAddress(state.account, this.deps.door()) : null;
      this.send(settings, recoveryMail(user, state.account?.name ?? 'Guru', code, new Date(expiresAt), address));
    }
    return { ok: true, validForMinutes: RESET_CODE_TTL_MS / 60_000 };
  }

  /**
   * Sets a new password with a code from `forgot`, ends every session of that user, and opens
   * a new one (returned, as a login's). A wrong, used or expired code, or an email without a
   * code, fails the same way.
   */
  async reset(rawEmail: string, rawCode: string, password: string, origin: Origin): Promise<LoginResult> {
    const email = normalizeEmail(rawEmail);
    const source = sourceOf(origin);
    const code = normalizeCode(rawCode);
    checkPassword(password);
    const found: { user?: User } = {};
    const ok = await this.throttle.attempt(email, source, async () => {
      found.user = (await this.deps.state.read()).users.find((u) => u.email === email);
      return this.consume(found.user, code);
    });
    const user = found.user;
    if (!ok || !user) {
      throw new GuruError('unauthenticated', t`wrong or expired code for ${email} — ask for a new one with \`guru password forgot --email ${email}\``);
    }
    if (!user.active) throw new GuruError('unauthenticated', t`${email} is disabled — ask an admin to enable it`);
    // Hashed before the store is taken: scrypt is the slow part and must not hold the lock.
    const passwordHash = await hashPassword(password);
    // As the user themself: the same change, checks and audit as `guru user passwd` of one's own.
    const ctx = new OperationContext(this.deps, { type: 'user', userId: user.id });
    const changed = await ctx.change(null, 'reset your password', ({ draft, now, record, endSessionsOf }) => {
      const current = draft.users.find((u) => u.id === user.id)!;
      current.passwordHash = passwordHash;
      current.updatedAt = now;
      endSessionsOf(current.id, 'password');
      record('user.password_reset', current.email, { with: 'email code', source });
      return { ...current };
    });
    return this.sessions.open(changed, origin, 'session.login');
  }

  /** Resolves once every mail asked for so far has been handed to the mail server (or failed). */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  /** Whether `code` is `user`'s current one; if so it is used up, if not it counts as a wrong try. */
  private consume(user: User | undefined, code: string): boolean {
    const pending = user ? this.codes.get(user.id) : undefined;
    // Compared even when there is nothing to compare with, so an unknown email takes as long.
    const matches = sameSecret(this.hash(user?.id ?? '', code), pending?.hash ?? DUMMY);
    if (!user || !pending) return false;
    if (pending.email !== user.email || pending.expiresAt <= this.deps.clock.now().getTime()) {
      this.codes.delete(user.id);
      return false;
    }
    if (matches) {
      this.codes.delete(user.id);
      return true;
    }
    if (++pending.wrong >= WRONG_CODES_PER_CODE) this.codes.delete(user.id);
    return false;
  }

  private hash(userId: string, code: string): string {
    return createHmac('sha256', this.key).update(`${userId}:${code}`).digest('hex');
  }

  private async mailSettings(): Promise<MailSettings | null> {
    const text = await this.deps.secrets?.mailSettings().read();
    return text ? decodeMailSettings(text) : null;
  }

  /**
   * Hands the mail over after this request has answered: how long an SMTP server takes must
   * not show in the answer. Failures are the mailer's to log; the answer was already the same.
   */
  private send(settings: MailSettings, mail: OutgoingMail): void {
    const done = new Promise<void>((resolve) =>
      setImmediate(() =>
        this.deps.mailer
          .send(settings, mail)
          .catch(() => undefined)
          .then(resolve),
      ),
    );
    this.sending.add(done);
    void done.then(() => this.sending.delete(done));
  }

  private sweep(now: number): void {
    for (const [userId, pending] of this.codes) if (pending.expiresAt <= now) this.codes.delete(userId);
  }
}

const DUMMY = '0'.repeat(64);

/** A reset guesses codes, not passwords: the login throttle's refusals, in those words. */
const RESET_REFUSALS: ThrottleRefusals = {
  locked: (email, seconds) => t`too many wrong codes for ${email} — wait ${seconds} s and try again`,
  sourceLocked: (source, minutes) => t`too many wrong codes from ${source} — wait ${minutes} min and try again`,
  busyFor: (email) => t`too many password resets at once for ${email} — wait a few seconds and try again`,
  busyFrom: (source) => t`too many password resets at once from ${source} — wait a few seconds and try again`,
};

/** A code as typed: digits, with any spaces or dashes between them. */
function normalizeCode(raw: string): string {
  const code = raw.replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code)) {
    throw invalid(t`the code is ${CODE_DIGITS} digits, as in the email (got "${raw.slice(0, 40)}")`);
  }
  return code;
}

/** The mail: Portuguese first (our users are Brazilian), English after it. */
export function recoveryMail(user: Pick<User, 'name' | 'email'>, account: string, code: string, expiresAt: Date, server: string | null): OutgoingMail {
  const shown = `${code.slice(0, 4)} ${code.slice(4)}`;
  const until = `${expiresAt.toISOString().slice(11, 16)} UTC`;
  const command = `guru password reset${server ? ` --server ${server}` : ''} --email ${user.email} --code ${code}`;
  return {
    to: user.email,
    subject: `Guru: código para redefinir sua senha (${shown})`,
    text: [
      `Olá, ${user.name}!`,
      '',
      `Alguém (talvez você) pediu para redefinir a senha de ${user.email} no Guru de ${account}.`,
      '',
      `Código: ${shown}`,
      `Vale por 15 minutos (até ${until}) e uma única vez.`,
      '',
      'Para escolher a nova senha:',
      `  ${command}`,
      ...(server ? [] : ['(de outra máquina, acrescente --server com o endereço do servidor)']),
      '',
      'Se não foi você, ignore este e-mail: sua senha continua a mesma.',
      '',
      '--',
      '',
      `Hi ${user.name}, someone (maybe you) asked to reset the password of ${user.email} on ${account}'s Guru.`,
      `Code: ${shown} — valid for 15 minutes (until ${until}), once.`,
      `To choose a new password: ${command}`,
      'If it was not you, ignore this email: your password stays as it is.',
      '',
    ].join('\n'),
  };
}
