import { mkdtemp, open, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/** Control, bidi-override and zero-width characters: what could hide a name's true ending. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Longest file name written, in UTF-8 bytes (most file systems stop at 255). */
const MAX_NAME_BYTES = 200;

/**
 * A file name from someone else (a customer's document name) made safe to create here: no path
 * separators (it cannot leave the directory), no control, bidi or zero-width characters (it
 * cannot hide what it is: `gpj.exe` shown as `exe.jpg`), no leading dots (not hidden, never `..`),
 * at most MAX_NAME_BYTES keeping its extension. Nothing left: `fallback`.
 */
export function safeFileName(name: string | null, fallback: string): string {
  const cleaned = (name ?? '').normalize('NFC').replace(/[/\\]/g, '_').replace(HIDDEN, '').trim().replace(/^\.+/, '').trim();
  if (cleaned === '') return fallback;
  return shorten(cleaned);
}

/**
 * A name's extension: a dot and up to 10 letters or digits at its end (`.pdf`, `.jpeg`). What
 * follows a dot in `_.._etc_passwd` is no extension, so ` (1)` goes at the end there.
 */
function extensionOf(name: string): string {
  return /\.[\p{L}\p{N}]{1,10}$/u.exec(name)?.[0] ?? '';
}

function shorten(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const ext = extensionOf(name);
  const chars = Array.from(name.slice(0, name.length - ext.length));
  while (chars.length > 0 && Buffer.byteLength(chars.join('') + ext) > MAX_NAME_BYTES) chars.pop();
  return chars.join('') + ext;
}

/** `name`, or `name (1)`, `name (2)`… before the extension: the first that does not exist yet. */
export function candidate(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extensionOf(name);
  return `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
}

/**
 * Writes `source` into `dir` under `name` (already safe), never over an existing file: the
 * name is claimed with an exclusive create (another writer at the same moment gets ` (1)`),
 * the bytes streamed in, and a failure midway removes the partial file. The file is the
 * caller's alone (0600): customers' files are personal data. Returns its path.
 */
export async function saveInto(dir: string, name: string, source: AsyncIterable<Uint8Array>): Promise<string> {
  await checkDirectory(dir);
  for (let n = 0; n < 1_000; n++) {
    const path = join(dir, candidate(name, n));
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw cannotWrite(dir, err as NodeJS.ErrnoException);
    }
    try {
      await pipeline(source, file.createWriteStream());
      return path;
    } catch (err) {
      await unlink(path).catch(() => undefined);
      throw err;
    } finally {
      await file.close().catch(() => undefined);
    }
  }
  throw usage(t`${dir} already holds ${name} and a thousand numbered copies of it — choose another directory with --save`);
}

/** A new private directory (0700) for a file to be opened from. */
export function privateTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'guru-media-'));
}

async function checkDirectory(dir: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw usage(t`no directory "${dir}" — create it first (mkdir -p ${dir}) or choose another with --save`);
    throw cannotWrite(dir, err as NodeJS.ErrnoException);
  }
  if (!info.isDirectory()) throw usage(t`"${dir}" is not a directory — --save takes the directory to save the file in`);
}

function cannotWrite(dir: string, err: NodeJS.ErrnoException): Error {
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS')
    return usage(t`cannot write in "${dir}" (${err.code}) — choose a directory of yours with --save`);
  return err;
}

/** A file without a name of its own (a photo, a voice note): the message id, and the extension its type has. */
export function defaultName(id: string, contentType: string): string {
  const base = safeFileName(id, 'attachment');
  return `${base}${EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? ''}`;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/amr': '.amr',
  'video/mp4': '.mp4',
  'video/3gpp': '.3gp',
  'video/quicktime': '.mov',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/csv': '.csv',
  'application/zip': '.zip',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
};
