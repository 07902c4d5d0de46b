import type { OperationContext } from '../context.js';
import { conflict } from '../errors.js';
import { requireMayTakeOver } from '../grants.js';
import { hashInviteCode, INVITE_TTL_MS, invitePhone, inviteText, newInviteCode, serverAddress } from '../invites.js';
import { findUser } from '../lookup.js';
import { userView, type UserView } from '../views.js';
import { runInLanguage, t } from '../../i18n/translate.js';

/** How an invite left: through a phone to the user's WhatsApp, or to the admin to pass on. */
export type InviteDelivery =
  | { via: 'whatsapp'; phone: string; to: string }
  /** Only here does the text (with the code) come back: for the admin's own terminal. */
  | { via: 'admin'; reason: string; text: string };

export interface InviteResult {
  user: UserView;
  expiresAt: string;
  /** The server address the message gives; null when none is known (see `guru account set --public-address`). */
  address: string | null;
  /** The certificate fingerprint the message gives to pin; null when it gives none (no TLS door here). */
  fingerprint: string | null;
  delivery: InviteDelivery;
}

/**
 * Invites `email` to choose a password: a new one-time code (any earlier one stops working),
 * only its hash stored, sent through a connected phone to the user's WhatsApp — never through a
 * chat, whose journal and inbox colleagues read. Without a number, a connected phone or a
 * successful send, the text comes back for the admin to pass on. Whoever may invite someone
 * could log in as them with the code, so it takes what resetting their password takes.
 */
export async function inviteUser(ctx: OperationContext, email: string): Promise<InviteResult> {
  const code = newInviteCode();
  const planned = await ctx.change('users.manage', t`invite users`, ({ draft, who, now, record }) => {
    const user = findUser(draft, email);
    requireMayTakeOver(who, draft, user);
    if (!user.active) throw conflict(t`${user.email} is disabled — enable it first with \`guru user enable ${user.email}\``);
    const expiresAt = new Date(Date.parse(now) + INVITE_TTL_MS).toISOString();
    user.invite = { codeHash: hashInviteCode(user.id, code), sentAt: now, expiresAt };
    user.updatedAt = now;
    const phone = user.whatsapp ? invitePhone(draft, user, (p) => ctx.deps.links.linkState(p) === 'connected') : null;
    const door = ctx.deps.door();
    const address = serverAddress(draft.account!, door);
    const fingerprint = address ? (door?.fingerprint ?? null) : null;
    const text = inviteText({ name: user.name, email: user.email, account: draft.account!.name, code, address, fingerprint });
    // The audit says how it left, never what it said.
    record('user.invite', user.email, { expiresAt, ...(phone ? { via: 'whatsapp', phone, to: user.whatsapp } : { via: 'admin' }) });
    return { user: userView(draft, user, ctx.deps.presence.onlineUserIds()), who, expiresAt, address, fingerprint, phone, to: user.whatsapp ?? null, text };
  });
  const { user, who, expiresAt, address, fingerprint, phone, to, text } = planned;
  const result = (delivery: InviteDelivery): InviteResult => ({ user, expiresAt, address, fingerprint, delivery });
  if (phone && to) {
    try {
      await ctx.deps.notify.whatsapp(phone, to, text);
      return result({ via: 'whatsapp', phone, to });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const failed = () => t`sending it through ${phone} failed: ${why}`;
      // The audit keeps its English (read by programs and by anyone, in any language); the admin reads theirs.
      await ctx.audit(who, 'user.invite.undelivered', user.email, { phone, reason: runInLanguage('en', failed) });
      return result({ via: 'admin', reason: failed(), text });
    }
  }
  const reason = !to
    ? t`${user.email} has no WhatsApp number (set one with \`guru user edit ${user.email} --whatsapp +55…\`)`
    : t`no phone is connected to WhatsApp (phones connect in the daemon: see \`guru phone status\`)`;
  return result({ via: 'admin', reason, text });
}
