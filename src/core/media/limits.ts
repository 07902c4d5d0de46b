// Plain numbers (no imports): the API's declarations read the upload cap without loading the engine.

const KB = 1024;
const MB = 1024 * KB;

/**
 * WhatsApp's published media limits (Cloud API, "Supported media types"), checked before
 * anything is uploaded: a file over them would be refused by WhatsApp or never shown.
 */
export const MEDIA_LIMITS = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
  sticker: 100 * KB,
  animatedSticker: 500 * KB,
} as const;

/** The largest file anyone can send: what an upload is capped at. */
export const MAX_UPLOAD_BYTES = MEDIA_LIMITS.document;

/** How many first bytes of a file tell what it is (file-type reads at most this many). */
export const SNIFF_BYTES = 4100;
