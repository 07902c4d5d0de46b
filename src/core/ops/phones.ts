import type { OperationContext } from '../context.js';
import { conflict } from '../errors.js';
import { findPhone } from '../lookup.js';
import type { Phone } from '../model.js';
import { normalizePhoneNumber } from '../phone-number.js';
import { loadConfusables, requireDistinctLooking } from '../lookalike.js';
import { normalizeName } from '../validate.js';
import { phoneView, type PhoneView } from '../views.js';
import { t } from '../../i18n/translate.js';

export function phoneOps(ctx: OperationContext) {
  const view = (phone: Phone) => phoneView(phone, ctx.deps.links.linkState(phone.number));
  return {
    list(): Promise<PhoneView[]> {
      return ctx.view(null, t`list phones`, (state) => state.phones.map(view));
    },

    show(number: string): Promise<PhoneView> {
      return ctx.view(null, t`see phones`, (state) => view(findPhone(state, number)));
    },

    async add(number: string, label?: string | null): Promise<PhoneView> {
      const e164 = normalizePhoneNumber(number);
      const cleanLabel = label == null || label.trim() === '' ? null : normalizeName(label, t`label`, 60);
      if (cleanLabel) await loadConfusables();
      await ctx.view('phones.manage', t`add phones`, (state) => {
        if (state.phones.some((p) => p.number === e164)) throw conflict(t`phone ${e164} is already registered — see \`guru phone list\``);
      });
      // Credentials left from before (a phone removed by an older version, an interrupted link)
      // are not this registration's: a number added starts unlinked and is linked with a QR.
      await ctx.deps.secrets?.phoneCredentials(e164).wipe();
      const added = await ctx.change('phones.manage', t`add phones`, ({ draft, now, record }) => {
        if (draft.phones.some((p) => p.number === e164)) {
          throw conflict(t`phone ${e164} is already registered — see \`guru phone list\``);
        }
        if (cleanLabel)
          requireDistinctLooking(
            cleanLabel,
            draft.phones.map((p) => p.label),
            t`phone label`,
          );
        const phone: Phone = { number: e164, label: cleanLabel, createdAt: now };
        draft.phones.push(phone);
        record('phone.add', e164, { label: cleanLabel });
        return phoneView(phone);
      });
      ctx.deps.events.publish({ type: 'phones.changed', phone: added.number, change: 'added' });
      return added;
    },

    /**
     * Removes the phone and its round-robin queue, which means nothing without it; its chats'
     * journal is kept. A linked phone is refused unless `unlink` is asked for too: then its
     * device is logged out of WhatsApp and its credentials wiped first, so the number added
     * again starts with a QR (and never reconnects silently with the old credentials).
     */
    async remove(number: string, options: { unlink?: boolean } = {}): Promise<RemovedPhone> {
      const { who, phone } = await ctx.view('phones.manage', t`remove phones`, (state, who) => ({ who, phone: findPhone(state, number).number }));
      const linked = await ctx.deps.links.linked(phone);
      if (linked && !options.unlink) {
        throw conflict(t`${phone} is linked to WhatsApp — to remove it, log its device out too: \`guru phone remove ${phone} --unlink\` (its chats are kept)`);
      }
      const loggedOut = linked ? (await ctx.deps.links.unlink(phone)).loggedOut : false;
      if (linked) await ctx.audit(who, 'phone.unlink', phone, { loggedOut });
      const removed = await ctx.change('phones.manage', t`remove phones`, ({ draft, record }) => {
        const found = findPhone(draft, phone);
        draft.phones = draft.phones.filter((p) => p.number !== found.number);
        draft.roundRobins = draft.roundRobins.filter((q) => q.phone !== found.number);
        record('phone.remove', found.number, linked ? { unlinked: true } : undefined);
        return phoneView(found);
      });
      // What an unfinished link may have left goes too (the daemon stops the transport on the event).
      await ctx.deps.secrets?.phoneCredentials(phone).wipe();
      ctx.deps.events.publish({ type: 'phones.changed', phone: removed.number, change: 'removed' });
      return { ...removed, unlinked: linked, loggedOut };
    },
  };
}

/** A removed phone, and whether its WhatsApp device went with it. */
export type RemovedPhone = PhoneView & {
  /** Its device was linked and has been unlinked (credentials wiped). */
  unlinked: boolean;
  /** WhatsApp was told to remove the device (false when unlinked while not connected, or not linked at all). */
  loggedOut: boolean;
};
