import { randomBytes } from 'node:crypto';
import { GuruError, invalid } from './errors.js';
import type { Account, State, User } from './model.js';
import { SOCKET_ORIGIN, type Origin } from './origin.js';
import { isLoopback, isWildcard, parseListen } from './listen.js';
import { hashPassword } from './password.js';
import { OperationContext, type EngineDeps, type ServerDoor } from './context.js';
import { hashToken, sameSecret, type LoginResult, type Sessions } from './sessions.js';
import { checkPassword, normalizeEmail } from './validate.js';
import { t } from '../i18n/translate.js';

/** How long an invite code works: two days, so a weekend invite is still good on Monday morning. */
export const INVITE_TTL_MS = 48 * 60 * 60 * 1000;

// Crockford's base32: no I, L, O or U, so a code read off a phone screen is typed right. 32
// symbols, so each random byte's low 5 bits pick one without bias.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

/**
 * A new invite code, `XXXX-XXXX-XXXX`: 60 random bits. Guessing is throttled like passwords
 * (5 wrong a minute per email), so in its 48 hours an attacker gets ~14k tries out of 10^18.
 */
export function newInviteCode(): string {
  const symbols = [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/** A code as typed (any case, spaces or dashes, O for 0, I or L for 1) in its canonical form. */
export function normalizeInviteCode(raw: string): string {
  const code = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) {
    throw invalid(t`that is not an invite code — it has ${CODE_LENGTH} letters and digits, like K7QF-9XMB-2PDA; copy it from the WhatsApp message`);
  }
  return code;
}

/**
 * What is stored of a code: a SHA-256 bound to the user, so one hash cannot be tried against
 * every user's code at once. The code itself is only ever in the message.
 */
export function hashInviteCode(userId: string, code: string): string {
  return hashToken(`invite:${userId}:${normalizeInviteCode(code)}`);
}

/**
 * The address the invite gives: the account's public address when one is set (the name people
 * use, e.g. behind a proxy or NAT); else where the daemon listens — its open door, or without a
 * daemon the account's `listen` setting — unless that is a wildcard (0.0.0.0: no one connects
 * to it) or plain HTTP on loopback (a reverse proxy's back end: the proxy's address is the one).
 */
export function serverAddress(account: Account, door: ServerDoor | null): string | null {
  if (account.publicAddress) return account.publicAddress;
  const listen = door?.address ?? account.listen;
  if (!listen) return null;
  let host: string;
  try {
    host = parseListen(listen, 'the listen address').host;
  } catch {
    return null;
  }
  if (isWildcard(host)) return null;
  if (door && door.fingerprint === null && isLoopback(host)) return null;
  return listen;
}

/** HOST:PORT, as `guru account set --public-address` takes it. */
export function normalizeAddress(raw: string): string {
  const text = raw.trim();
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) {
    throw invalid(t`"${raw}" is not a server address — expected HOST:PORT, e.g. guru.acme.com:7433 or 203.0.113.7:7433`);
  }
  return `${match[1]!.toLowerCase()}:${port}`;
}

/**
 * Which phone sends the invite: one whose rodízio hands chats to the user or to one of their
 * departments (the number they will answer for, so the invite comes from a familiar chat),
 * else the first connected phone in the order they were added. Null when none is connected.
 * Phones belong to departments nowhere else in Guru, so the rodízio is the rule.
 */
export function invitePhone(state: State, user: User, connected: (phone: string) => boolean): string | null {
  const live = state.phones.map((p) => p.number).filter(connected);
  const departments = new Set(state.departments.filter((d) => d.members.includes(user.id)).map((d) => d.id));
  const answersFor = (phone: string) =>
    state.roundRobins
      .find((q) => q.phone === phone)
      ?.entries.some((e) => (e.target.type === 'user' ? e.target.userId === user.id : departments.has(e.target.departmentId))) === true;
  return live.find(answersFor) ?? live[0] ?? null;
}

export interface InviteTextInput {
  name: string;
  email: string;
  account: string;
  code: string;
  address: string | null;
  fingerprint: string | null;
}

/**
 * The message: Portuguese first (our users are Brazilian), a line of English after. Short,
 * with the one command to run; everything a terminal-less reader needs to pass it on.
 */
export function inviteText(t: InviteTextInput): string {
  const command = [
    'guru login',
    ...(t.address ? [`--server ${t.address}`] : []),
    ...(t.address && t.fingerprint ? [`--fingerprint ${t.fingerprint}`] : []),
    `--email ${t.email}`,
    `--invite ${t.code}`,
  ].join(' ');
  const first = t.name.split(/\s+/)[0];
  return [
    `Olá, ${first}! Seu acesso ao Guru (${t.account}):`,
    t.address ? `Servidor: ${t.address}` : 'Servidor: ainda sem endereço de rede — peça-o a quem te convidou.',
    ...(t.address && t.fingerprint ? [`Impressão digital: ${t.fingerprint}`] : []),
    `Código de convite: ${t.code} (vale 48 h, uma só vez)`,
    '',
    'No seu computador, rode o comando abaixo e escolha sua senha:',
    command,
    '',
    t.address
      ? '(EN) Your access to Guru: run the command above and choose your password. The code works once, for 48 h.'
      : '(EN) Your access to Guru: ask whoever invited you for the server address, then run the command above with --server ADDRESS. The code works once, for 48 h.',
  ].join('\n');
}

const badCode = (email: string) =>
  new GuruError(
    'unauthenticated',
    t`that invite code does not work for ${email} — it may be mistyped, already used or expired (codes last 48 h); ask an admin to send a new one with \`guru user invite ${email}\``,
  );

/**
 * Redeeming an invite: the code checked (in constant time, against the engine's clock, once),
 * the password chosen set, and a login session opened as `guru login` would. Attempts share
 * the login throttle — per email and per source address — so codes are guessed no faster than
 * passwords; a wrong, expired, used or unknown code all get the same answer.
 */
export class Invites {
  constructor(
    private readonly deps: EngineDeps,
    private readonly sessions: Sessions,
  ) {}

  /** `origin` as for `Sessions.login`: over TCP attempts count against the caller's address too. */
  async redeem(rawEmail: string, rawCode: string, password: string, origin: Origin = SOCKET_ORIGIN): Promise<LoginResult> {
    const email = normalizeEmail(rawEmail);
    const code = normalizeInviteCode(rawCode);
    // A password the policy refuses is refused before the code is tried: it costs no attempt.
    checkPassword(password);
    const found: { user?: User; codeHash?: string } = {};
    const source = origin.kind === 'tcp' ? origin.address : undefined;
    const ok = await this.sessions.throttle.attempt(email, source, async () => {
      const user = (await this.deps.state.read()).users.find((u) => u.email === email);
      // Compared even for unknown emails and users with no invite, so timing tells nothing.
      const stored = user?.invite?.codeHash ?? hashToken('no invite');
      const matches = sameSecret(hashInviteCode(user?.id ?? '', code), stored);
      if (!user?.invite || !matches || !this.current(user.invite.expiresAt)) return false;
      found.user = user;
      found.codeHash = stored;
      return true;
    });
    const user = found.user;
    if (!ok || !user) throw badCode(email);
    if (!user.active) throw new GuruError('unauthenticated', t`${email} is disabled — ask an admin to enable it`);
    const passwordHash = await hashPassword(password);
    // Single use: the code is consumed in the same write that sets the password — as the user
    // themself, audited under their name. A second redeem racing this one finds it gone (or
    // replaced by a newer invite) and is refused.
    const ctx = new OperationContext(this.deps, { type: 'user', userId: user.id });
    const changed = await ctx.change(null, 'redeem your invite', ({ draft, now, record, endSessionsOf }) => {
      const u = draft.users.find((x) => x.id === user.id)!;
      if (!u.invite || u.invite.codeHash !== found.codeHash || !this.current(u.invite.expiresAt)) throw badCode(email);
      u.passwordHash = passwordHash;
      delete u.invite;
      u.updatedAt = now;
      // A new password ends every session opened with the old one (a re-invite of someone who had one).
      endSessionsOf(u.id, 'password');
      record('user.invite.redeem', u.email);
      return { ...u };
    });
    return this.sessions.open(changed, origin, 'session.login');
  }

  private current(expiresAt: string): boolean {
    return this.deps.clock.now().getTime() < Date.parse(expiresAt);
  }
}
