import type { Factory } from '../../cli/factory.js';
import { printFields, type Cell, type Column } from '../../cli/table.js';
import type { ContactView } from '../../core/contacts/views.js';
import { preview } from '../chat/format.js';

/** Fields as one line: `empresa=Acme, plano=anual`. */
export function fieldsLine(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export const contactColumns: Column<ContactView>[] = [
  { header: 'Customer', cell: (c) => c.customer },
  { header: 'Name', cell: (c) => c.name },
  // Whose name it is: the team's (`contact set --name`) or the one the customer gave WhatsApp.
  { header: 'Name from', cell: (c) => (c.savedName !== null ? 'team' : c.pushName !== null ? 'whatsapp' : null) },
  { header: 'Fields', cell: (c) => (Object.keys(c.fields).length ? preview(fieldsLine(c.fields), 60) : null) },
  { header: 'Chats', cell: (c) => c.chats.map((chat) => chat.id).join(',') },
  { header: 'Updated', cell: (c) => (c.updatedAt ? { time: c.updatedAt } : null) },
];

/** One contact: the name Guru shows and where it comes from, the chats, then each field on its own line. */
export function printContact(f: Factory, contact: ContactView): void {
  const rows: [string, Cell][] = [
    ['Customer', contact.customer],
    ['Name', contact.name],
    ['Saved name', contact.savedName],
    ['WhatsApp name', contact.pushName],
    ['Chats', contact.chats.map((c) => `${c.id} on ${c.phone} (${c.status})`).join(', ')],
    ['Updated', contact.updatedAt ? { time: contact.updatedAt } : null],
    ['Updated by', contact.updatedBy],
  ];
  printFields(f.io, rows, f.now());
  const fields = Object.entries(contact.fields);
  if (fields.length === 0) return void (f.io.isStdoutTTY && f.io.err('No fields — add one with `guru contact set <number> --field name=value`.\n'));
  f.io.out('\n');
  printFields(f.io, fields, f.now());
}
