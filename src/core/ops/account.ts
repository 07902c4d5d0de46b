import { parseRetention } from '../privacy/retention.js';
import type { OperationContext } from '../context.js';
import { conflict, denied, GuruError, invalid, usage } from '../errors.js';
import { newId } from '../ids.js';
import { formatListen, parseListen } from '../listen.js';
import { decodeMailSettings, maskedSmtpUrl, parseMailFrom, parseSmtpUrl, type MailSettings } from '../mail.js';
import { DEFAULT_AWAY_AFTER_MS, DEFAULT_SESSION_IDLE_MS, type Account, type State } from '../model.js';
import { normalizeAddress } from '../invites.js';
import { hashPassword } from '../password.js';
import { checkTimeZone } from '../time-zone.js';
import { checkPassword, normalizeEmail, normalizeName, wholeNumber } from '../validate.js';
import { userView, type UserView } from '../views.js';
import { t } from '../../i18n/translate.js';

export interface InitInput {
  accountName: string;
  seats: number;
  adminEmail: string;
  adminName: string;
  adminPassword: string;
}

export interface AccountView extends Account {
  activeUsers: number;
  freeSeats: number;
  /** How long a login may go unused before it ends (ms), the default when none was set. */
  sessionIdleMs: number;
  /** How long an inbox may go untouched before it marks its agent away (ms; 0: never), the default when none was set. */
  awayAfterMs: number;
  /** The SMTP server recovery mails go through, its password masked; null: none set up. */
  smtp: string | null;
  /** The address those mails come from; null: none set up. */
  mailFrom: string | null;
}

export interface AccountPatch {
  name?: string;
  seats?: number;
  sessionIdleMs?: number;
  /** Inbox idle time before an agent is marked away (ms); 0: never. */
  awayAfterMs?: number;
  /** HOST:PORT people's machines reach this server at, for invites; null or "" forgets it. */
  publicAddress?: string | null;
  /** `smtp://user:pass@host:587` or `smtps://…:465`; null removes the mail settings. */
  smtp?: string | null;
  mailFrom?: string;
  /** `HOST:PORT` the daemon serves the network on from its next start; null: the socket only. Owner only. */
  listen?: string | null;
  /** Bytes of media files the data dir may keep; null removes the limit. */
  mediaQuota?: number | null;
  /** IANA zone the team's times are read in (`--at`); null or "" goes back to the daemon machine's. */
  timeZone?: string | null;
  /** How long closed conversations are kept (`24mo`, `90d`, `2y`); null: for good (off). */
  retention?: string | null;
}

export const MAX_SEATS = 100_000;
/** A media quota from 1 MB to 1 PB. */
export const MIN_MEDIA_QUOTA = 1024 ** 2;
export const MAX_MEDIA_QUOTA = 1024 ** 5;
/** A login may sit unused from one minute to thirty days before it ends. */
export const MIN_SESSION_IDLE_MS = 60_000;
export const MAX_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** Away after one minute to one day of an untouched inbox (or 0: never). */
export const MIN_AWAY_AFTER_MS = 60_000;
export const MAX_AWAY_AFTER_MS = 24 * 60 * 60 * 1000;

export function accountOps(ctx: OperationContext) {
  return {
    /** Creates the account and its first admin. Only the owner can, and only once. */
    async init(input: InitInput): Promise<{ account: AccountView; admin: UserView }> {
      if (ctx.actor.type !== 'owner') throw new GuruError('permission_denied', t`only the installation owner can initialise Guru`);
      const name = normalizeName(input.accountName, t`account name`);
      const seats = wholeNumber(input.seats, t`seats`, 1, MAX_SEATS);
      const email = normalizeEmail(input.adminEmail);
      const adminName = normalizeName(input.adminName, t`admin name`);
      checkPassword(input.adminPassword);
      const passwordHash = await hashPassword(input.adminPassword);
      const now = ctx.now();
      const result = await ctx.deps.state.update(
        (draft) => {
          if (draft.account) {
            throw conflict(t`Guru is already initialised here (account "${draft.account.name}") — see \`guru account show\``);
          }
          draft.account = { name, seats, createdAt: now };
          const admin = {
            id: newId('u'),
            email,
            name: adminName,
            visibleName: null,
            role: 'admin' as const,
            permissions: [],
            passwordHash,
            active: true,
            createdAt: now,
            updatedAt: now,
          };
          draft.users.push(admin);
          return { account: accountView(draft.account, 1, null), admin: userView(draft, admin) };
        },
        () => [{ time: now, actor: 'owner', action: 'account.init', target: name, details: { seats, admin: email } }],
      );
      return result;
    },

    async show(): Promise<AccountView> {
      const mail = await readMail(ctx);
      return ctx.view(null, t`see the account`, (state) => accountView(state.account!, state.users.filter((u) => u.active).length, mail));
    },

    async set(patch: AccountPatch): Promise<AccountView> {
      const { smtp, mailFrom, ...rest } = patch;
      if (Object.values(patch).every((v) => v === undefined)) {
        throw usage(
          t`nothing to change — pass --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz or --retention`,
        );
      }
      // Where the daemon listens is the installation's, not the team's: only its owner sets it
      // (a stolen admin session must not be able to open the daemon to another network).
      if (patch.listen !== undefined && ctx.actor.type !== 'owner') {
        throw denied(
          t`only the installation owner may change where the daemon listens — run \`guru account set --listen\` on the server, as the data dir’s user`,
        );
      }
      // Retention erases conversations: whoever sets it answers for customers' data.
      if (patch.retention !== undefined) await ctx.view('contacts.privacy', t`set how long conversations are kept`, () => undefined);
      const stateChange = Object.values(rest).some((v) => v !== undefined);
      // The mail settings are a secret apart from the state, written first: so the state's part
      // is tried beforehand on a copy, and a refusal of either leaves both as they were.
      if (stateChange) await ctx.view('users.manage', t`change the account`, (state) => applyPatch(structuredClone(state.account!), activeUsers(state), rest));
      const mail = smtp !== undefined || mailFrom !== undefined ? await setMail(ctx, smtp, mailFrom) : await readMail(ctx);
      if (!stateChange) return ctx.view(null, t`see the account`, (state) => accountView(state.account!, activeUsers(state), mail));
      const view = await ctx.change('users.manage', t`change the account`, ({ draft, record }) => {
        const account = draft.account!;
        const changes = applyPatch(account, activeUsers(draft), rest);
        if (Object.keys(changes).length > 0) record('account.set', account.name, changes);
        return accountView(account, activeUsers(draft), mail);
      });
      // Opening hours without a zone of their own are read in the account's.
      if (patch.timeZone !== undefined) ctx.deps.chats?.openingHoursChanged();
      return view;
    },
  };
}

const activeUsers = (state: State) => state.users.filter((u) => u.active).length;

/** Applies the state's part of `account set` to `account`, checking each value; what changed. */
function applyPatch(
  account: Account,
  active: number,
  patch: Pick<AccountPatch, 'name' | 'seats' | 'sessionIdleMs' | 'awayAfterMs' | 'publicAddress' | 'listen' | 'mediaQuota' | 'timeZone' | 'retention'>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (patch.name !== undefined) account.name = changes.name = normalizeName(patch.name, t`account name`);
  if (patch.seats !== undefined) {
    const seats = wholeNumber(patch.seats, t`seats`, 1, MAX_SEATS);
    if (seats < active) {
      throw new GuruError('limit', t`cannot lower seats to ${seats}: ${active} users are active — disable some first with \`guru user disable <email>\``);
    }
    account.seats = changes.seats = seats;
  }
  if (patch.sessionIdleMs !== undefined) {
    account.sessionIdleMs = changes.sessionIdleMs = wholeNumber(patch.sessionIdleMs, t`session idle time (ms)`, MIN_SESSION_IDLE_MS, MAX_SESSION_IDLE_MS);
  }
  if (patch.awayAfterMs !== undefined) {
    const ms = patch.awayAfterMs;
    if (!Number.isSafeInteger(ms) || (ms !== 0 && (ms < MIN_AWAY_AFTER_MS || ms > MAX_AWAY_AFTER_MS))) {
      throw invalid(t`the away time must be from 1 minute to 24 hours, or 0 for never (got ${ms} ms) — e.g. \`guru account set --away-after 15m\``);
    }
    account.awayAfterMs = changes.awayAfterMs = ms;
  }
  if (patch.publicAddress !== undefined) {
    // null or "": forget it (invites then give the daemon's listen address).
    const address = patch.publicAddress === null || patch.publicAddress.trim() === '' ? null : normalizeAddress(patch.publicAddress);
    if (address) account.publicAddress = address;
    else delete account.publicAddress;
    changes.publicAddress = address;
  }
  if (patch.mediaQuota === null) {
    delete account.mediaQuota;
    changes.mediaQuota = null;
  } else if (patch.mediaQuota !== undefined) {
    const quota = patch.mediaQuota;
    if (!Number.isSafeInteger(quota) || quota < MIN_MEDIA_QUOTA || quota > MAX_MEDIA_QUOTA) {
      throw invalid(t`the media quota must be from 1 MB to 1 PB (got ${quota} bytes) — e.g. \`guru account set --media-quota 5GB\`, or \`none\` for no limit`);
    }
    account.mediaQuota = changes.mediaQuota = quota;
  }
  if (patch.timeZone === null || patch.timeZone?.trim() === '') {
    delete account.timeZone;
    changes.timeZone = null;
  } else if (patch.timeZone !== undefined) {
    account.timeZone = changes.timeZone = checkTimeZone(patch.timeZone);
  }
  if (patch.retention === null) {
    delete account.retention;
    changes.retention = null;
  } else if (patch.retention !== undefined) {
    account.retention = changes.retention = parseRetention(patch.retention);
  }
  if (patch.listen === null) {
    delete account.listen;
    changes.listen = null;
  } else if (patch.listen !== undefined) {
    account.listen = changes.listen = formatListen(parseListen(patch.listen));
  }
  return changes;
}

function accountView(account: Account, activeUsers: number, mail: MailSettings | null): AccountView {
  return {
    ...account,
    activeUsers,
    freeSeats: Math.max(0, account.seats - activeUsers),
    sessionIdleMs: account.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
    awayAfterMs: account.awayAfterMs ?? DEFAULT_AWAY_AFTER_MS,
    smtp: mail ? maskedSmtpUrl(mail.smtp) : null,
    mailFrom: mail?.from ?? null,
  };
}

async function readMail(ctx: OperationContext): Promise<MailSettings | null> {
  const text = await ctx.deps.secrets?.mailSettings().read();
  return text ? decodeMailSettings(text) : null;
}

/**
 * Sets (or, with `smtp` null, removes) the mail settings, audited with the password masked; the
 * password never goes into the state, the audit or an answer. Admins only: whoever chooses the
 * mail server reads every recovery code it carries, so could take over any account — admins'
 * included — which "users.manage" alone must not allow.
 */
async function setMail(ctx: OperationContext, smtp: string | null | undefined, mailFrom: string | undefined): Promise<MailSettings | null> {
  const who = await ctx.view(null, t`change the mail settings`, (_state, who) => {
    if (!who.isAdmin) {
      throw denied(t`only admins may set the mail server: recovery codes go through it, so whoever controls it could take over any account — ask an admin`);
    }
    return who;
  });
  const secrets = ctx.deps.secrets;
  if (!secrets) throw new GuruError('internal', t`this Guru keeps no secrets, so it cannot hold mail settings`);
  const secret = secrets.mailSettings();
  if (smtp === null) {
    if (mailFrom !== undefined) throw usage(t`--smtp none removes the mail settings: pass --mail-from only when setting a server`);
    await secret.wipe();
    await ctx.audit(who, 'account.mail', 'smtp', { smtp: null });
    return null;
  }
  const current = await readMail(ctx);
  const server = smtp !== undefined ? parseSmtpUrl(smtp) : current?.smtp;
  if (!server) throw usage(t`--mail-from needs a mail server too — pass --smtp smtp://user:password@host:587`);
  const from = mailFrom !== undefined ? parseMailFrom(mailFrom) : current?.from;
  if (!from) throw usage(t`--smtp needs the address the mails come from too — pass --mail-from guru@your-company.com`);
  const mail: MailSettings = { smtp: server, from };
  await secret.write(JSON.stringify(mail));
  await ctx.audit(who, 'account.mail', 'smtp', { smtp: maskedSmtpUrl(server), mailFrom: from });
  return mail;
}
