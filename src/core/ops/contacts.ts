import type { Principal } from '../access.js';
import type { ChatService } from '../chats/chat-service.js';
import { normalizeCustomer } from '../chats/customer.js';
import type { Chat } from '../chats/model.js';
import { canSee } from '../chats/visibility.js';
import type { ContactBook } from '../contacts/contact-book.js';
import { changedAnything, editContact, type ContactChange } from '../contacts/contact-edit.js';
import { contactMatches } from '../contacts/contact-search.js';
import { contactView, type ContactView } from '../contacts/views.js';
import type { OperationContext } from '../context.js';
import { denied, GuruError, notFound } from '../errors.js';
import type { State } from '../model.js';
import { contactPrivacyOps } from './contact-privacy.js';
import { t } from '../../i18n/translate.js';

export interface ContactListFilter {
  /** Words in the name (the team's or WhatsApp's), a field's value, or the number. */
  search?: string;
}

/**
 * Customers' contacts (`guru contact show|set|list`). Whoever may see a chat with a customer
 * may read and edit that customer's contact; to anyone else the customer is refused exactly as
 * one who never wrote (as `chats` refuses a chat they may not see): a number must not tell
 * whether that person is a customer.
 *
 * Audited as `contact.set` with the customer and the names of what changed — never the name
 * given nor the fields' values: those are the customer's personal data (a CPF, an address),
 * the audit log is append-only and read by everyone with `audit.view`, and an erasure (LGPD)
 * should not have to rewrite it to forget them. The contact itself keeps who changed it last.
 */
export function contactOps(ctx: OperationContext) {
  const service = (): ChatService => {
    if (!ctx.deps.chats) throw new GuruError('daemon_unreachable', t`contacts live in the daemon — start it with \`guru daemon start\``);
    return ctx.deps.chats;
  };
  const book = (): ContactBook => {
    const contacts = service().contacts;
    if (!contacts) throw new Error('this engine keeps no contacts');
    return contacts;
  };

  /** Every chat with `customer`, on any phone (a LID WhatsApp resolved counts as its number). */
  const chatsWith = (customer: string): Chat[] => {
    const index = service().index;
    return index.phones().flatMap((phone) => index.forCustomer(phone, index.resolve(phone, customer)) ?? []);
  };

  /** The customer `ref` (a number or a chat id) names, with their chats the actor may see. */
  const visibleCustomer = (state: State, who: Principal, ref: string): { customer: string; chats: Chat[] } => {
    const byId = service().index.get(ref.trim());
    let customer: string | null = byId && canSee(state, who, byId) ? byId.customer : null;
    if (customer === null) {
      try {
        customer = normalizeCustomer(ref);
      } catch {
        // neither a visible chat's id nor a number: refused below like any customer not seen
      }
    }
    const chats = customer === null ? [] : chatsWith(customer).filter((c) => canSee(state, who, c));
    if (chats.length > 0) return { customer: chats[0]!.customer, chats };
    const missing = t`no customer "${ref}" in the chats you may see — give their number or a chat id (see \`guru contact list\`)`;
    throw who.isAdmin || who.permissions.has('chats.view_all') ? notFound(missing) : denied(missing);
  };

  return {
    ...contactPrivacyOps(ctx),

    async show(ref: string): Promise<ContactView> {
      const { customer, chats } = await ctx.view(null, t`see contacts`, (state, who) => visibleCustomer(state, who, ref));
      return contactView(customer, chats, book().get(customer));
    },

    /**
     * Sets the name and fields of a customer's contact (`ContactChange`: '' clears the name or
     * removes a field); checked against the limits (`CONTACT_LIMITS`) before anything is kept.
     * Every chat with the customer is announced again, so inboxes show the new name at once.
     */
    async set(ref: string, change: ContactChange): Promise<ContactView> {
      const { customer, chats, who } = await ctx.view(null, t`edit contacts`, (state, w) => ({ ...visibleCustomer(state, w, ref), who: w }));
      const now = ctx.now();
      const { contact, summary } = await book().change(customer, (current) => {
        const edited = editContact(customer, current, change, who.label, now);
        return changedAnything(edited.summary) ? edited : { contact: current, summary: edited.summary };
      });
      if (changedAnything(summary)) {
        const details = {
          ...(summary.name ? { name: summary.name } : {}),
          ...(summary.set.length ? { fields: summary.set } : {}),
          ...(summary.removed.length ? { removedFields: summary.removed } : {}),
        };
        await ctx.deps.audit.append([{ time: now, actor: who.label, action: 'contact.set', target: customer, details }]);
        const state = await ctx.deps.state.read();
        for (const chat of chatsWith(customer)) {
          ctx.deps.events.publish({ type: 'chat', chat: service().view(state, chat) });
        }
      }
      return contactView(customer, chats, contact);
    },

    /** The customers of the chats the actor may see, one each (whatever their phones), by name. */
    async list(filter: ContactListFilter = {}): Promise<ContactView[]> {
      const words = filter.search?.trim().toLowerCase() ?? '';
      const digits = words.replace(/[\s().+-]/g, '');
      const byCustomer = await ctx.view(null, t`see contacts`, (state, who) => {
        const grouped = new Map<string, Chat[]>();
        for (const chat of service().index.all()) {
          if (!canSee(state, who, chat)) continue;
          const list = grouped.get(chat.customer);
          if (list) list.push(chat);
          else grouped.set(chat.customer, [chat]);
        }
        return grouped;
      });
      const contacts = book();
      const views: ContactView[] = [];
      for (const [customer, chats] of byCustomer) {
        const contact = contacts.get(customer);
        const view = contactView(customer, chats, contact);
        const found =
          words === '' ||
          (view.pushName?.toLowerCase().includes(words) ?? false) ||
          (contact !== undefined && contactMatches(contact, words)) ||
          (/^\d+$/.test(digits) && customer.includes(digits));
        if (found) views.push(view);
      }
      return views.sort((a, b) => (a.name ?? a.customer).localeCompare(b.name ?? b.customer) || a.customer.localeCompare(b.customer));
    },
  };
}
