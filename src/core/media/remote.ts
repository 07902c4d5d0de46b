/**
 * Where an inbound message's media comes from: WhatsApp's media hosts, through the phone the
 * message arrived on. The daemon implements it by routing to that phone's transport. `source`
 * is the message's `mediaSource` — opaque here: what the transport wrote when the message came
 * in, and what it needs to download the file again or ask the customer's phone to upload it anew.
 */
export interface MediaRemote {
  /**
   * The file's decrypted bytes as they arrive (never whole in memory). The stream itself throws
   * a `MediaFetchError` if the download breaks, or if the bytes are not the ones the sender
   * described (their SHA-256): whoever stores them must then keep nothing.
   */
  download(phone: string, source: string): Promise<AsyncIterable<Uint8Array>>;
  /**
   * WhatsApp's link to the file expired (it keeps files for a few weeks): asks the phone that
   * sent it to upload it again, and resolves with the source to download it from now.
   */
  reupload(phone: string, source: string): Promise<string>;
}

/**
 * How a media fetch failed, which decides what is done next: `expired` — the link is gone, ask
 * for a re-upload; `transient` — try again later (the network, the host, a phone not connected);
 * `permanent` — it will never come (the sender's phone no longer has it): the message shows
 * "media unavailable" with `message` as the reason.
 */
export type MediaFailureKind = 'expired' | 'transient' | 'permanent';

export class MediaFetchError extends Error {
  override readonly name = 'MediaFetchError';
  constructor(
    readonly kind: MediaFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A remote for where no phone runs (an engine outside the daemon): nothing can be fetched now. */
export const noMediaRemote: MediaRemote = {
  download: () => Promise.reject(new MediaFetchError('transient', 'media is fetched by the daemon, which holds the WhatsApp connection')),
  reupload: () => Promise.reject(new MediaFetchError('transient', 'media is fetched by the daemon, which holds the WhatsApp connection')),
};
