import type { OperationContext } from '../context.js';
import { conflict } from '../errors.js';
import { findPhone } from '../lookup.js';
import type { Phone } from '../model.js';
import { normalizePhoneNumber } from '../phone-number.js';
import { loadConfusables, requireDistinctLooking } from '../lookalike.js';
import { normalizeName } from '../validate.js';
import { phoneView, type PhoneView } from '../views.js';

export function phoneOps(ctx: OperationContext) {
  const view = (phone: Phone) => phoneView(phone, ctx.deps.links.linkState(phone.number));
  return {
    list(): Promise<PhoneView[]> {
      return ctx.view(null, 'list phones', (state) => state.phones.map(view));
    },

    show(number: string): Promise<PhoneView> {
      return ctx.view(null, 'see phones', (state) => view(findPhone(state, number)));
    },

    async add(number: string, label?: string | null): Promise<PhoneView> {
      const e164 = normalizePhoneNumber(number);
      const cleanLabel = label == null || label.trim() === '' ? null : normalizeName(label, 'label', 60);
      if (cleanLabel) await loadConfusables();
      const added = await ctx.change('phones.manage', 'add phones', ({ draft, now, record }) => {
        if (draft.phones.some((p) => p.number === e164)) {
          throw conflict(`phone ${e164} is already registered — see \`guru phone list\``);
        }
        if (cleanLabel)
          requireDistinctLooking(
            cleanLabel,
            draft.phones.map((p) => p.label),
            'phone label',
          );
        const phone: Phone = { number: e164, label: cleanLabel, createdAt: now };
        draft.phones.push(phone);
        record('phone.add', e164, { label: cleanLabel });
        return phoneView(phone);
      });
      ctx.deps.events.publish({ type: 'phones.changed', phone: added.number, change: 'added' });
      return added;
    },

    /** Removes the phone and its round-robin queue, which means nothing without it. */
    async remove(number: string): Promise<PhoneView> {
      const removed = await ctx.change('phones.manage', 'remove phones', ({ draft, record }) => {
        const phone = findPhone(draft, number);
        draft.phones = draft.phones.filter((p) => p.number !== phone.number);
        draft.roundRobins = draft.roundRobins.filter((q) => q.phone !== phone.number);
        record('phone.remove', phone.number);
        return phoneView(phone);
      });
      ctx.deps.events.publish({ type: 'phones.changed', phone: removed.number, change: 'removed' });
      return removed;
    },
  };
}
