import type { MessageView } from '../../core/chats/views.js';

/** File name extensions for the types WhatsApp carries, when the file came without a name. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'video/quicktime': 'mov',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/**
 * A name for a message's file when the customer's own is not known: the document's name, or
 * `<type>-<message id>.<ext>` from its type (`image-3EB0….jpg`). `contentType` is what the
 * daemon says, when it has said it.
 */
export function fileNameFor(m: Pick<MessageView, 'id' | 'content'>, contentType: string | null): string {
  if (m.content.type === 'document' && m.content.fileName?.trim()) return m.content.fileName.trim();
  const type = (contentType ?? ('mimetype' in m.content ? m.content.mimetype : undefined) ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = EXTENSIONS[type] ?? (m.content.type === 'sticker' ? 'webp' : 'bin');
  return `${m.content.type}-${m.id.replace(/[^A-Za-z0-9_-]/g, '')}.${ext}`;
}

/** Reads a stream whole, refusing past `max` bytes (only small files are held in memory: thumbnails). */
export async function readUpTo(body: AsyncIterable<Uint8Array>, max: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body) {
    size += part.length;
    if (size > max) throw new Error(`larger than ${max} bytes`);
    parts.push(part);
  }
  return Buffer.concat(parts);
}
