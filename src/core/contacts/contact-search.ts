import type { Contact } from './ports.js';

/** Whether the name the team set, or one of the contact's field values, contains `words` (already lowercased). */
export function contactMatches(contact: Pick<Contact, 'name' | 'fields'>, words: string): boolean {
  if (contact.name?.toLowerCase().includes(words)) return true;
  return Object.values(contact.fields).some((value) => value.toLowerCase().includes(words));
}
