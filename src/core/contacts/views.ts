import type { Chat } from '../chats/model.js';
import { displayName } from '../chats/views.js';
import type { Contact } from './ports.js';

/** What `guru contact show` answers: one customer as the team knows them. */
export interface ContactView {
  customer: string;
  /** The name Guru shows (as `ChatView.name`): `savedName` when set, else `pushName`. */
  name: string | null;
  /** The name someone on the team set (`guru contact set --name`); null: none. */
  savedName: string | null;
  /** The name the customer gave WhatsApp, as their latest chat (among those the caller sees) has it. */
  pushName: string | null;
  fields: Record<string, string>;
  /** When, and by whom, the contact was last changed; null while nobody set anything. */
  updatedAt: string | null;
  updatedBy: string | null;
  /** The customer's chats the caller may see (one per phone), latest first. */
  chats: { id: string; phone: string; status: 'open' | 'closed' }[];
}

/** `chats`: the customer's chats the caller sees (at least one). */
export function contactView(customer: string, chats: readonly Chat[], contact: Contact | null | undefined): ContactView {
  const latest = [...chats].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  const pushName = latest.find((c) => c.name)?.name ?? null;
  return {
    customer,
    name: displayName({ name: pushName }, contact),
    savedName: contact?.name ?? null,
    pushName,
    fields: { ...(contact?.fields ?? {}) },
    updatedAt: contact?.updatedAt ?? null,
    updatedBy: contact?.updatedBy ?? null,
    chats: latest.map((c) => ({ id: c.id, phone: c.phone, status: c.status })),
  };
}
