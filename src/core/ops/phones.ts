import type { OperationContext } from '../context.js';
import { conflict, invalid, usage } from '../errors.js';
import { checkMessageText } from '../chats/chat-sends.js';
import { formatWeek, HOURS_EXAMPLE, parseHoliday, parseHoursSpec } from '../opening-hours.js';
import { checkTimeZone } from '../time-zone.js';
import { findPhone } from '../lookup.js';
import type { OpeningHours, Phone, State } from '../model.js';
import { normalizePhoneNumber } from '../phone-number.js';
import { loadConfusables, requireDistinctLooking } from '../lookalike.js';
import { normalizeName } from '../validate.js';
import { phoneView, type PhoneView } from '../views.js';
import { t } from '../../i18n/translate.js';

export function phoneOps(ctx: OperationContext) {
  const view = (phone: Phone, state: Pick<State, 'account'>) =>
    phoneView(phone, ctx.deps.links.linkState(phone.number), { now: ctx.deps.clock.now(), account: state.account });
  return {
    list(): Promise<PhoneView[]> {
      return ctx.view(null, t`list phones`, (state) => state.phones.map((p) => view(p, state)));
    },

    show(number: string): Promise<PhoneView> {
      return ctx.view(null, t`see phones`, (state) => view(findPhone(state, number), state));
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
     * Sets when the number is attended (`guru phone hours`): the week (a spec, replacing the one
     * before), its own time zone (null: the account's again), holidays added or taken away, the
     * out-of-hours automatic reply (null: none); `off` drops the hours (always open). What is not
     * given stays as it was. Audited as `phone.hours` — after which waiting chats may go out.
     */
    async setHours(number: string, change: HoursChange): Promise<PhoneView> {
      const { spec, timeZone, addHolidays = [], removeHolidays = [], reply, off } = change;
      const given = spec !== undefined || timeZone !== undefined || addHolidays.length > 0 || removeHolidays.length > 0 || reply !== undefined;
      if (off && given) throw usage(t`--off drops the hours altogether — give it alone, or leave it out to change them`);
      if (!off && !given) throw usage(t`nothing to set — give the hours (like ${HOURS_EXAMPLE}), --tz, --holiday, --reply or --no-reply; or --off`);
      const week = spec === undefined ? undefined : parseHoursSpec(spec);
      const zone = timeZone == null ? timeZone : checkTimeZone(timeZone);
      const added = addHolidays.map(parseHoliday);
      const removed = removeHolidays.map(parseHoliday);
      if (typeof reply === 'string') checkMessageText(reply, t`the automatic reply is empty — give its text, or --no-reply for none`);
      const changed = await ctx.change('phones.manage', t`set opening hours`, ({ draft, record }) => {
        const phone = findPhone(draft, number);
        if (off) {
          delete phone.hours;
          record('phone.hours', phone.number, { off: true });
          return view(phone, draft);
        }
        if (!phone.hours && !week) {
          throw invalid(t`${phone.number} has no opening hours yet — give them first, like: guru phone hours ${phone.number} ${HOURS_EXAMPLE}`);
        }
        const before: OpeningHours = phone.hours ?? { week: {}, holidays: [], reply: null };
        const hours: OpeningHours = { ...before, week: week ?? before.week, holidays: [...before.holidays] };
        if (zone === null) delete hours.timeZone;
        else if (zone !== undefined) hours.timeZone = zone;
        hours.holidays = [...new Set([...hours.holidays, ...added])].filter((d) => !removed.includes(d)).sort();
        if (reply !== undefined) hours.reply = reply;
        phone.hours = hours;
        record('phone.hours', phone.number, {
          hours: formatWeek(hours.week),
          timeZone: hours.timeZone ?? null,
          holidays: hours.holidays,
          reply: hours.reply,
        });
        return view(phone, draft);
      });
      ctx.deps.chats?.openingHoursChanged();
      return changed;
    },

    /**
     * Changes a phone's label and its policy for a customer writing into a chat whose agent is
     * absent (busy, away or offline): keep the agent (the default) or hand the chat out again
     * by the rodízio (`reassignWhenAbsent`). Audited as `phone.set`, after which waiting chats
     * are handed out again (see `backlogCause`). A label of null or "" takes it off.
     */
    async set(number: string, changes: PhoneChanges): Promise<PhoneView> {
      if (changes.label === undefined && changes.reassignWhenAbsent === undefined) {
        throw usage(t`nothing to set — pass --label L and/or --reassign-when-absent/--no-reassign-when-absent`);
      }
      const label =
        changes.label === undefined ? undefined : changes.label === null || changes.label.trim() === '' ? null : normalizeName(changes.label, t`label`, 60);
      if (label) await loadConfusables();
      return ctx.change('phones.manage', t`change phones`, ({ draft, record }) => {
        const phone = findPhone(draft, number);
        if (label !== undefined) {
          if (label)
            requireDistinctLooking(
              label,
              draft.phones.filter((p) => p.number !== phone.number).map((p) => p.label),
              t`phone label`,
            );
          phone.label = label;
        }
        if (changes.reassignWhenAbsent === true) phone.reassignWhenAbsent = true;
        else if (changes.reassignWhenAbsent === false) delete phone.reassignWhenAbsent;
        record('phone.set', phone.number, {
          ...(label !== undefined ? { label } : {}),
          ...(changes.reassignWhenAbsent !== undefined ? { reassignWhenAbsent: changes.reassignWhenAbsent } : {}),
        });
        return view(phone, draft);
      });
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

/** What `guru phone hours` changes; absent fields stay as they were. */
export interface HoursChange {
  /** The weekly hours, as typed: `mon-fri 08:00-18:00 sat 09:00-13:00`. */
  spec?: string;
  /** IANA zone; null: read them in the account's zone again. */
  timeZone?: string | null;
  addHolidays?: string[];
  removeHolidays?: string[];
  /** The out-of-hours automatic reply; null: none. */
  reply?: string | null;
  /** Drops the hours: always open. */
  off?: boolean;
}

/** What `guru phone set` changes; absent fields stay as they are. */
export interface PhoneChanges {
  /** Null or "": no label. */
  label?: string | null;
  reassignWhenAbsent?: boolean;
}

/** A removed phone, and whether its WhatsApp device went with it. */
export type RemovedPhone = PhoneView & {
  /** Its device was linked and has been unlinked (credentials wiped). */
  unlinked: boolean;
  /** WhatsApp was told to remove the device (false when unlinked while not connected, or not linked at all). */
  loggedOut: boolean;
};
