import type { ChatService } from '../chats/chat-service.js';
import { normalizeCustomer } from '../chats/customer.js';
import { lineCount } from '../chats/model.js';
import { chatDetailView, whyView, type ChatDetailView, type WhyView } from '../chats/views.js';
import type { Contact } from '../contacts/ports.js';
import type { OperationContext } from '../context.js';
import { GuruError } from '../errors.js';
import type { AuditEntry } from '../ports.js';
import { customerTrail, erase, erasureDeps, everyPhone, namesCustomer, type CustomerTrail, type ErasureCounts } from '../privacy/customer-erasure.js';
import { t } from '../../i18n/translate.js';

/** Everything Guru holds about one customer (`guru contact export`), as one JSON document. */
export interface CustomerExport {
  format: 'guru.customer-export/1';
  exportedAt: string;
  exportedBy: string;
  customer: string;
  /** Other ids WhatsApp gave them (`lid:…`). */
  aliases: string[];
  /** What the team set about them (a name, fields); null: nothing. */
  contacts: Contact[];
  /** Each chat with every message and internal note, its tags, assignee and routing decisions. */
  chats: (ChatDetailView & { routing: WhyView })[];
  /** The audit entries that name them or their chats. */
  audit: AuditEntry[];
}

/** What an erasure would remove, for the person to confirm (`guru contact erase` on a terminal). */
export interface ErasurePreview {
  customer: string;
  chats: { id: string; phone: string; name: string | null; messages: number; status: string }[];
  contact: { name: string | null; fields: number } | null;
}

export type ErasureResult = ErasureCounts & { customer: string };

/**
 * A customer's data for the LGPD's requests (art. 18): a copy of everything held about them
 * (`export`) and its erasure (`erasure` shows what would go, `erase` does it). Both need
 * `contacts.privacy`, whoever's chats the customer is in: whoever answers such requests must
 * reach all of it. Audited; the erasure's entry names nobody.
 */
export function contactPrivacyOps(ctx: OperationContext) {
  const service = (): ChatService => {
    if (!ctx.deps.chats) throw new GuruError('daemon_unreachable', t`a customer's data lives in the daemon — start it with \`guru daemon start\``);
    return ctx.deps.chats;
  };

  /** The customer a number or chat id names (a chat id only if it exists). */
  const customerOf = (ref: string): string => service().index.get(ref.trim())?.customer ?? normalizeCustomer(ref);

  const trailOf = async (ref: string, doing: string): Promise<{ trail: CustomerTrail; phones: string[]; label: string; customer: string }> => {
    const { phones, label } = await ctx.view('contacts.privacy', doing, (state, who) => ({ phones: everyPhone(state, service()), label: who.label }));
    const customer = customerOf(ref);
    return { trail: customerTrail(service(), customer, phones), phones, label, customer };
  };

  const contactsOf = (trail: CustomerTrail): Contact[] => [...trail.ids].flatMap((id) => service().contacts?.get(id) ?? []);

  return {
    async export(ref: string): Promise<CustomerExport> {
      const { trail, label, customer } = await trailOf(ref, t`export a customer's data`);
      const state = await ctx.deps.state.read();
      const chats: CustomerExport['chats'] = [];
      for (const chat of trail.chats) {
        const messages = await service().history(chat, lineCount(chat));
        const contact = service().contacts?.get(chat.customer) ?? null;
        chats.push({ ...chatDetailView(state, chat, messages, service().index.mediaOf(chat.phone), contact), routing: whyView(state, chat) });
      }
      const digits = [...trail.users];
      const audit = (await ctx.deps.audit.list({})).filter((entry) => namesCustomer(entry, trail.ids, trail.chatIds, digits));
      const now = ctx.now();
      await ctx.deps.audit.append([{ time: now, actor: label, action: 'contact.export', target: customer, details: { chats: chats.length } }]);
      return {
        format: 'guru.customer-export/1',
        exportedAt: now,
        exportedBy: label,
        customer,
        aliases: [...trail.ids].filter((id) => id !== customer),
        contacts: contactsOf(trail),
        chats,
        audit,
      };
    },

    async erasure(ref: string): Promise<ErasurePreview> {
      const { trail, customer } = await trailOf(ref, t`erase a customer's data`);
      const [contact] = contactsOf(trail);
      return {
        customer,
        chats: trail.chats.map((c) => ({ id: c.id, phone: c.phone, name: c.name, messages: lineCount(c), status: c.status })),
        contact: contact ? { name: contact.name, fields: Object.keys(contact.fields).length } : null,
      };
    },

    async erase(ref: string): Promise<ErasureResult> {
      const { trail, phones, label, customer } = await trailOf(ref, t`erase a customer's data`);
      const counts = await erase(erasureDeps(ctx, service()), trail, phones, label, 'contact.erase');
      return { customer, ...counts };
    },
  };
}
