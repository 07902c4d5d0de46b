import { GuruError, invalid, notFound } from '../errors.js';
import { MAX_UPLOAD_BYTES, MEDIA_LIMITS, SNIFF_BYTES } from './limits.js';
import { MediaTooLarge, type MediaStore } from './ports.js';
import { formatSize, type MediaContent } from '../chats/content.js';
import { t } from '../../i18n/translate.js';

/** A file an agent sends: one uploaded before (by its sha256), with the name it had and a caption. */
export interface OutgoingFile {
  sha256: string;
  /** The file's name where it came from (`photo.jpg`): its extension is checked against the content. */
  fileName?: string;
  caption?: string;
}

type Kind = MediaContent['type'];

/** Extensions that name the same kind of content as the detector's. */
const SAME_EXTENSION: readonly (readonly string[])[] = [
  ['jpg', 'jpeg', 'jpe', 'jfif'],
  ['tif', 'tiff'],
  ['ogg', 'oga', 'opus', 'spx'],
  ['mp4', 'm4v'],
  ['m4a', 'm4b', 'mp4'],
  ['mpg', 'mpeg'],
  ['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub', 'jar', 'apk', 'xpi', 'ipa', 'kmz', '3mf'],
];

/** Extensions of binary formats a detector always recognises: a file named so that it does not is mislabelled. */
const MUST_DETECT = new Set([
  'jpg',
  'jpeg',
  'png',
  'webp',
  'gif',
  'mp4',
  'm4v',
  '3gp',
  'mov',
  'ogg',
  'opus',
  'mp3',
  'm4a',
  'aac',
  'amr',
  'wav',
  'pdf',
  'zip',
  'docx',
  'xlsx',
  'pptx',
]);

/** What readers call a detected type in an error ("a PNG image"), whole phrases for translators. */
function described(ext: string, mime: string): string {
  const name = ext.toUpperCase();
  const an = /^[aeiou]/i.test(ext);
  if (mime.startsWith('image/')) return an ? t`an ${name} image (${mime})` : t`a ${name} image (${mime})`;
  if (mime.startsWith('video/')) return an ? t`an ${name} video (${mime})` : t`a ${name} video (${mime})`;
  if (mime.startsWith('audio/')) return an ? t`an ${name} audio (${mime})` : t`a ${name} audio (${mime})`;
  return an ? t`an ${name} file (${mime})` : t`a ${name} file (${mime})`;
}

function extensionOf(fileName: string | undefined): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

function sameKind(a: string, b: string): boolean {
  return a === b || SAME_EXTENSION.some((group) => group.includes(a) && group.includes(b));
}

/** A WebP with VP8X's animation flag (what animated stickers are). */
function animatedWebp(head: Uint8Array): boolean {
  const chunk = String.fromCharCode(...head.subarray(12, 16));
  return chunk === 'VP8X' && head.length > 20 && (head[20]! & 0x02) !== 0;
}

/**
 * How a file goes out to WhatsApp, decided from its content (never from its name): JPEG/PNG a
 * photo, MP4/3GPP a video, Opus in Ogg a voice note, MP3/AAC/AMR/M4A an audio file, WebP a
 * sticker, anything else a document. Refused, saying what to do: an unknown upload, an empty
 * file, a name whose extension says another type than the content (`boleto.pdf` that is a PNG),
 * a caption on what cannot carry one, and a file over WhatsApp's limit for its type.
 */
export async function outgoingMedia(files: Pick<MediaStore, 'size' | 'head'>, file: OutgoingFile): Promise<MediaContent> {
  const size = await files.size(file.sha256);
  if (size === null) throw notFound(t`no uploaded file ${file.sha256} — upload it first (\`guru chat send <chat> --file PATH\` does both)`);
  const name = file.fileName?.trim() || undefined;
  const called = name ? `${name}` : t`the file`;
  if (size === 0) throw invalid(t`${called} is empty — there is nothing to send`);
  const head = await files.head(file.sha256, SNIFF_BYTES);
  // Lazily: the detector's table of signatures is only needed when a file is sent.
  const { fileTypeFromBuffer } = await import('file-type/core');
  const detected = await fileTypeFromBuffer(head);
  const ext = extensionOf(name);
  if (ext && detected && !sameKind(ext, detected.ext)) {
    throw invalid(
      t`${called} is not a .${ext} file: its content is ${described(detected.ext, detected.mime)} — rename it to .${detected.ext}, or pick the right file`,
    );
  }
  if (ext && !detected && MUST_DETECT.has(ext)) {
    throw invalid(t`${called} is not a .${ext} file: its content is not a ${ext.toUpperCase()} (nor any type recognised) — check that it is the right file`);
  }
  const mime = detected?.mime ?? 'application/octet-stream';
  const kind = kindOf(mime);
  const caption = file.caption?.trim() ? file.caption : undefined;
  if (caption !== undefined && (kind === 'audio' || kind === 'sticker')) {
    throw invalid(
      kind === 'audio'
        ? t`an audio file or voice note cannot carry a caption on WhatsApp — send the text as a message of its own`
        : t`a sticker cannot carry a caption on WhatsApp — send the text as a message of its own`,
    );
  }
  const animated = kind === 'sticker' && animatedWebp(head);
  const limit = animated ? MEDIA_LIMITS.animatedSticker : MEDIA_LIMITS[kind];
  if (size > limit) {
    const what = { image: t`a photo`, video: t`a video`, audio: t`audio`, document: t`a document`, sticker: animated ? t`an animated sticker` : t`a sticker` }[
      kind
    ];
    const instead = kind === 'image' || kind === 'video' ? t`make it smaller, or zip it to send it as a document (up to 100 MB)` : t`make it smaller`;
    // Just over: in bytes, or "5 MB … at most 5 MB" would read as no difference.
    const [is, max] =
      formatSize(size) === formatSize(limit) ? [`${size} bytes`, `${formatSize(limit)} (${limit} bytes)`] : [formatSize(size), formatSize(limit)];
    throw invalid(t`${called} is too large: ${is}, and WhatsApp takes ${what} of at most ${max} — ${instead}`);
  }
  const media = { sha256: file.sha256, mimetype: mime, size };
  switch (kind) {
    case 'image':
      return { type: 'image', ...media, ...(caption === undefined ? {} : { caption }) };
    case 'video':
      return { type: 'video', ...media, ...(caption === undefined ? {} : { caption }) };
    case 'audio':
      // Opus in Ogg is how WhatsApp records voice notes: it goes as one (push-to-talk).
      return { type: 'audio', ...media, mimetype: mime === 'audio/x-m4a' ? 'audio/mp4' : mime, voice: mime === 'audio/ogg; codecs=opus' };
    case 'sticker':
      return { type: 'sticker', ...media, ...(animated ? { animated } : {}) };
    case 'document':
      return {
        type: 'document',
        ...media,
        fileName: name ?? `file.${detected?.ext ?? 'bin'}`,
        ...(caption === undefined ? {} : { caption }),
      };
  }
}

/** WhatsApp's media types by content: only what its apps show inline goes as image, video, audio or sticker. */
function kindOf(mime: string): Kind {
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (mime === 'image/webp') return 'sticker';
  if (mime === 'video/mp4' || mime === 'video/3gpp') return 'video';
  if (['audio/ogg; codecs=opus', 'audio/mpeg', 'audio/aac', 'audio/amr', 'audio/mp4', 'audio/x-m4a'].includes(mime)) return 'audio';
  return 'document';
}

/** What an upload answers: the file's name in the store, its size, and its type as detected. */
export interface UploadedFile {
  sha256: string;
  size: number;
  mimetype: string;
}

/**
 * An agent's file, streamed into the store (never whole in memory) for a send to name: capped at
 * the largest file WhatsApp takes (a document, 100 MB), refused when empty. Its type is told
 * from its content; whether it may go as what it is is decided when it is sent.
 */
export async function acceptUpload(
  store: Pick<MediaStore, 'put' | 'head'>,
  source: AsyncIterable<Uint8Array>,
  /** What the media quota leaves (null: no quota): an agent's file counts against it like a customer's. */
  room: number | null = null,
): Promise<UploadedFile> {
  if (room !== null && room <= 0) {
    throw new GuruError(
      'limit',
      t`media storage is full (its quota is reached) — an admin can raise it (\`guru account set --media-quota\`) or free space (\`guru media prune --older-than 180d\`), then send the file again`,
    );
  }
  const quotaFirst = room !== null && room < MAX_UPLOAD_BYTES;
  const stored = await store.put(source, { maxBytes: quotaFirst ? room : MAX_UPLOAD_BYTES }).catch((err: unknown) => {
    if (err instanceof MediaTooLarge && quotaFirst) {
      throw new GuruError(
        'limit',
        t`the file is larger than the ${formatSize(room)} left of the media quota — an admin can raise it (\`guru account set --media-quota\`) or free space (\`guru media prune --older-than 180d\`); or send a smaller one`,
      );
    }
    if (err instanceof MediaTooLarge) {
      throw invalid(t`the file is larger than ${formatSize(MAX_UPLOAD_BYTES)}, the most WhatsApp takes (as a document) — send a smaller one`);
    }
    throw err;
  });
  if (stored.size === 0) throw invalid(t`the file is empty — there is nothing to send`);
  const { fileTypeFromBuffer } = await import('file-type/core');
  const detected = await fileTypeFromBuffer(await store.head(stored.sha256, SNIFF_BYTES));
  return { sha256: stored.sha256, size: stored.size, mimetype: detected?.mime ?? 'application/octet-stream' };
}
