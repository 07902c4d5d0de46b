import pino, { type Logger } from 'pino';
import { LogFile } from './log-file.js';
import { LOG_FILES, logSettings, type LogSettings } from './log-settings.js';

/** How long one logged string may be: URLs, user agents and error texts come from outside. */
export const MAX_FIELD_CHARS = 300;
const MAX_STACK_CHARS = 4_000;
/** Keys whose values are secrets, wherever they appear in a log object. */
const SECRET_KEY = /pass(word|wd|phrase)?$|token|secret|authori[sz]ation|cookie|credential|^code$|otp|invite|priv(ate)?key|^creds$/i;

/**
 * The daemon's structured log: JSON lines to a file in the data dir (never the CLI's stdout),
 * written by a LogFile (never blocks, drops and counts what a full disk refuses, rotates by size
 * at write time). Every logged value is bounded in length and secrets are redacted by key, so
 * nothing a caller sends can make one line large or put a password in the log.
 */
export async function createFileLogger(file: string, settings: LogSettings = logSettings(process.env)) {
  const destination = await LogFile.open({ file, maxBytes: settings.maxBytes, files: LOG_FILES });
  const logger: Logger = pino(
    {
      level: settings.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (obj) => bounded(obj, 0) as Record<string, unknown> },
      // `bounded` already made errors plain; the message itself is bounded too.
      serializers: { err: (value: unknown) => value, msg: (value: unknown) => (typeof value === 'string' ? cut(value, MAX_FIELD_CHARS) : value) },
    },
    destination,
  );
  return {
    logger,
    destination,
    /** Before the stop's last lines: they are written even within a retry pause after a full disk. */
    lastWords: () => destination.lastWords(),
    /** Writes out what is queued and closes the file; call before exit. */
    close: () => destination.close(),
    /** For exit paths that cannot wait: one synchronous attempt, no retries. */
    closeSync: () => destination.closeSync(),
  };
}

/**
 * A `code` of three digits is a status (WhatsApp's stream errors 515, 440, 401; HTTP's), which a
 * reader of the log needs; a one-time or pairing code is longer.
 */
function isStatusCode(key: string, value: unknown): boolean {
  return key.toLowerCase() === 'code' && /^\d{3}$/.test(String(value));
}

/** A log value made safe to write: strings cut, secrets redacted, errors made plain, depth and width limited. */
export function bounded(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cut(value, MAX_FIELD_CHARS);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const e = value as NodeJS.ErrnoException;
    return {
      type: e.name,
      ...(e.code ? { code: cut(String(e.code), 60) } : {}),
      message: cut(e.message, MAX_FIELD_CHARS),
      ...(e.stack ? { stack: cut(e.stack, MAX_STACK_CHARS) } : {}),
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (depth >= 4) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((v) => bounded(v, depth + 1));
    return value.length > 20 ? [...items, `[${value.length - 20} more]`] : items;
  }
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const [key, v] of Object.entries(value)) {
    if (++keys > 40) {
      out['…'] = 'more keys left out';
      break;
    }
    out[cut(key, 60)] =
      SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'boolean' && !isStatusCode(key, v) ? '[redacted]' : bounded(v, depth + 1);
  }
  return out;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more chars]`;
}
