/** Whether `text` names a PostgreSQL store rather than a data directory. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** A store URL with its password (if any) as `***`: what may be shown or logged. */
export function hidePassword(text: string): string {
  return text.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
