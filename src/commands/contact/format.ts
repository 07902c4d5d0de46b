import type { Factory } from '../../cli/factory.js';
import { printFields, type Cell, type Column } from '../../cli/table.js';
import type { ContactView } from '../../core/contacts/views.js';
import { preview, statusText } from '../chat/format.js';
import { t } from '../../i18n/translate.js';

/** Fields as one line: `empresa=Acme, plano=anual`. */
export function fieldsLine(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The columns of a contact list, in the reader's language (a function: `t` runs once the language is chosen). */
export function contactColumns(): Column<ContactView>[] {
  return [
    { header: t`Customer`, cell: (c) => c.customer },
    { header: t`Name`, cell: (c) => c.name },
    // Whose name it is: the team's (`contact set --name`) or the one the customer gave WhatsApp.
    { header: t`Name from`, cell: (c) => (c.savedName !== null ? t`team` : c.pushName !== null ? 'whatsapp' : null) },
    { header: t`Fields`, cell: (c) => (Object.keys(c.fields).length ? preview(fieldsLine(c.fields), 60) : null) },
    { header: t`Chats`, cell: (c) => c.chats.map((chat) => chat.id).join(',') },
    { header: t`Updated`, cell: (c) => (c.updatedAt ? { time: c.updatedAt } : null) },
  ];
}

/** One contact: the name Guru shows and where it comes from, the chats, then each field on its own line. */
export function printContact(f: Factory, contact: ContactView): void {
  const rows: [string, Cell][] = [
    [t`Customer`, contact.customer],
    [t`Name`, contact.name],
    [t`Saved name`, contact.savedName],
    [t`WhatsApp name`, contact.pushName],
    [t`Chats`, contact.chats.map((c) => t`${c.id} on ${c.phone} (${statusText(c.status)})`).join(', ')],
    [t`Updated`, contact.updatedAt ? { time: contact.updatedAt } : null],
    [t`Updated by`, contact.updatedBy],
  ];
  printFields(f.io, rows, f.now());
  const fields = Object.entries(contact.fields);
  if (fields.length === 0) return void (f.io.isStdoutTTY && f.io.err(`${t`No fields — add one with \`guru contact set <number> --field name=value\`.`}\n`));
  f.io.out('\n');
  printFields(f.io, fields, f.now());
}
