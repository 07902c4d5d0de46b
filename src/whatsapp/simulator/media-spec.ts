// What the simulator's API says about a media file a contact sends (sendMedia, history).
// Types only, so the stanza builders and media.ts can share them without importing each other.

/** The kinds of media a message carries. */
export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

/** A media file and what its message says about it. */
export interface MediaSpec {
  type: MediaKind;
  /** the file: its bytes, or a path to stream it from (large files) */
  bytes: Uint8Array | { path: string };
  mimetype: string;
  fileName?: string;
  caption?: string;
  /** audio: a voice note (push-to-talk) rather than an audio file */
  ptt?: boolean;
  /** audio/video duration */
  seconds?: number;
  width?: number;
  height?: number;
}
