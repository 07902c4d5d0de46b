import { GuruError, invalid } from './errors.js';
import { normalizeEmail } from './validate.js';
import { t } from '../i18n/translate.js';

/**
 * How mail leaves Guru: an SMTP server the admin names with one URL, `smtp://user:pass@host:587`
 * (STARTTLS, required) or `smtps://user:pass@host:465` (TLS from the first byte). Never in the
 * clear: a server that does not offer STARTTLS is refused, not used unencrypted.
 */
export interface SmtpSettings {
  security: 'starttls' | 'tls';
  host: string;
  port: number;
  user: string | null;
  password: string | null;
}

/** What is kept (as a 0600 secret, never in the state file): the server and the sender's address. */
export interface MailSettings {
  smtp: SmtpSettings;
  from: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * The port through which the engine sends mail (password recovery codes). The daemon implements
 * it with nodemailer; elsewhere there is none. Sending may take seconds: callers that must not
 * show how long (an answer the same for every email) do not wait for it.
 */
export interface Mailer {
  send(settings: MailSettings, mail: OutgoingMail): Promise<void>;
}

export const noMailer: Mailer = {
  send: () => Promise.reject(new GuruError('daemon_unreachable', t`sending mail needs the daemon — start it with \`guru daemon start\``)),
};

const DEFAULT_PORT = { starttls: 587, tls: 465 } as const;
const example = () => t`smtp://user:password@mail.acme.com:587 (STARTTLS) or smtps://user:password@mail.acme.com:465 (TLS)`;

/**
 * An SMTP URL as settings, or a one-line error saying what is wrong — which never repeats the
 * password (the URL is shown masked, and not at all when it does not parse).
 */
export function parseSmtpUrl(raw: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(t`--smtp is not a URL — expected ${example()}`);
  }
  const shown = maskUrl(url);
  const security = url.protocol === 'smtp:' ? 'starttls' : url.protocol === 'smtps:' ? 'tls' : null;
  if (!security) throw invalid(t`--smtp must start with smtp:// or smtps:// (got "${shown}") — expected ${example()}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid(t`--smtp names no server (got "${shown}") — expected ${example()}`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw invalid(t`--smtp must be just the server, with no path or options (got "${shown}") — expected ${example()}`);
  }
  const port = url.port === '' ? DEFAULT_PORT[security] : Number(url.port);
  if (port < 1) throw invalid(t`--smtp port must be from 1 to 65535 (got "${shown}")`);
  let user: string | null = null;
  let password: string | null = null;
  try {
    user = url.username === '' ? null : decodeURIComponent(url.username);
    password = url.password === '' ? null : decodeURIComponent(url.password);
  } catch {
    throw invalid(t`--smtp has a badly percent-encoded user or password (got "${shown}") — encode special characters, e.g. @ as %40`);
  }
  if (password !== null && user === null) throw invalid(t`--smtp has a password but no user (got "${shown}") — write smtp://user:password@host`);
  return { security, host, port, user, password };
}

/** The settings as a URL with the password masked: what `account show`, the audit and errors show. */
export function maskedSmtpUrl(smtp: SmtpSettings): string {
  const scheme = smtp.security === 'tls' ? 'smtps' : 'smtp';
  const auth = smtp.user === null ? '' : `${encodeURIComponent(smtp.user)}${smtp.password === null ? '' : ':****'}@`;
  const host = smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host;
  return `${scheme}://${auth}${host}:${smtp.port}`;
}

/** The address mails come from; a plain address (guru@acme.com). */
export function parseMailFrom(raw: string): string {
  try {
    return normalizeEmail(raw);
  } catch {
    throw invalid(t`--mail-from must be a plain email address such as guru@acme.com (got "${raw.slice(0, 100)}")`);
  }
}

/** Mail settings as kept (JSON), checked again on the way back in: a hand-edited file is not trusted. */
export function decodeMailSettings(text: string): MailSettings {
  const broken = () => new GuruError('internal', t`the stored mail settings are unreadable — set them again with \`guru account set --smtp … --mail-from …\``);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw broken();
  }
  const v = value as Partial<MailSettings> | null;
  const s = v?.smtp;
  if (
    !s ||
    typeof v?.from !== 'string' ||
    (s.security !== 'starttls' && s.security !== 'tls') ||
    typeof s.host !== 'string' ||
    !Number.isInteger(s.port) ||
    (s.user !== null && typeof s.user !== 'string') ||
    (s.password !== null && typeof s.password !== 'string')
  ) {
    throw broken();
  }
  return { smtp: { security: s.security, host: s.host, port: s.port, user: s.user, password: s.password }, from: v.from };
}

function maskUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '****';
  return copy.href.slice(0, 200);
}
