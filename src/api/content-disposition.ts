/**
 * A download's file name travels in `content-disposition` (RFC 6266): an ASCII fallback for
 * tools that know no better, and the exact name percent-encoded as UTF-8 (RFC 8187). The name
 * is the sender's, unsanitised: whoever saves the file makes it safe for its file system.
 */
export function contentDisposition(fileName: string | null): string {
  if (fileName === null || fileName === '') return 'attachment';
  const whole = wellFormed(fileName);
  const fallback = whole.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(whole).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/** The file name a `content-disposition` header carries (the exact one first), or null. */
export function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  const exact = /filename\*\s*=\s*UTF-8''([^;\s]*)/i.exec(header);
  if (exact) {
    try {
      return decodeURIComponent(exact[1]!);
    } catch {
      // malformed: fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header) ?? /filename\s*=\s*([^;\s"]+)/i.exec(header);
  return plain ? plain[1]!.replace(/\\(.)/g, '$1') : null;
}

/** Lone surrogates (a name cut mid-character) would make encodeURIComponent throw. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
