/**
 * The text a customer receives: with a visible name, WhatsApp bold `*Name:*` on its own line
 * above the reply (the seed's "nome visível"); without one, exactly what was typed.
 */
export function withSignature(visibleName: string | null, text: string): string {
  return visibleName ? `*${visibleName}:*\n${text}` : text;
}
