/**
 * Bytes that travel as a stream, never whole in memory: an upload's body on its way to the
 * media store, a stored file on its way to the caller. A Node Readable is one; so is an
 * async generator. Whoever reads one reads it once.
 */
export type ByteSource = AsyncIterable<Uint8Array>;

/**
 * A file handed out as raw bytes (a download): what it is, how long, what to call it, and the
 * bytes themselves. Over the API its fields travel as the answer's headers and body; in
 * process it is this object as the engine made it.
 */
export interface ByteStream {
  /** The MIME type, e.g. `image/jpeg`; `application/octet-stream` when nobody knows. */
  contentType: string;
  /** Exactly how many bytes `body` yields. */
  size: number;
  /** A name to save it under (as the sender gave it, unsanitised), or null. */
  fileName: string | null;
  body: ByteSource;
}
