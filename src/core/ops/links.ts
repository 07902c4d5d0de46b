import type { OperationContext, Unlinked } from '../context.js';
import { conflict, type GuruError } from '../errors.js';
import type { LinkEvent } from '../link.js';
import { findPhone } from '../lookup.js';
import type { LinkState } from '../model.js';
import { t } from '../../i18n/translate.js';

/**
 * Linking a phone to WhatsApp and unlinking it: `phones.manage`, audited by the engine (with
 * its clock) like every other change. The transports doing the work are the daemon's (the
 * `links` port); without a daemon these refuse.
 */
export function linkOps(ctx: OperationContext) {
  const manager = (doing: string, number: string) => ctx.view('phones.manage', doing, (state, who) => ({ who, phone: findPhone(state, number).number }));
  return {
    /**
     * Starts linking: `onEvent` gets QR codes (or a pairing code), progress and the outcome,
     * which is audited (`phone.link` or `phone.link_failed`). `onAccepted` is told once the
     * request is allowed, before WhatsApp is asked (the first QR may take a while). The returned
     * function cancels a link that has not completed.
     */
    async link(number: string, pairingCode: boolean, onEvent: (event: LinkEvent) => void, onAccepted?: () => void): Promise<() => Promise<void>> {
      const { who, phone } = await manager(t`link phones`, number);
      onAccepted?.();
      let finished = false;
      return ctx.deps.links.link(phone, pairingCode, (event) => {
        if (finished) return;
        if (event.type === 'linked' || event.type === 'failed') {
          finished = true;
          const details = event.type === 'failed' ? { reason: event.reason } : {};
          void ctx.audit(who, event.type === 'linked' ? 'phone.link' : 'phone.link_failed', phone, details);
        }
        onEvent(event);
      });
    },

    /**
     * Logs the phone's WhatsApp device out and forgets its credentials. A phone that is not
     * linked is refused, saying what it is instead (like linking a linked one): nothing to undo.
     */
    async unlink(number: string): Promise<{ ok: true } & Unlinked> {
      const { who, phone } = await manager(t`unlink phones`, number);
      if (!(await ctx.deps.links.linked(phone))) throw notLinked(phone, ctx.deps.links.linkState(phone));
      const { loggedOut } = await ctx.deps.links.unlink(phone);
      await ctx.audit(who, 'phone.unlink', phone, { loggedOut });
      return { ok: true, loggedOut };
    },
  };
}

/** The refusal to unlink a phone that has no linked device, naming what it is instead. */
export function notLinked(phone: string, state: LinkState): GuruError {
  if (state === 'waiting_qr' || state === 'waiting_code' || state === 'pairing') {
    return conflict(t`${phone} is not linked yet: a \`guru phone link\` is in course — stop it (Ctrl-C) to cancel the link`);
  }
  if (state === 'logged_out') {
    return conflict(
      t`${phone} is not linked (WhatsApp logged it out; its credentials are already gone) — nothing to unlink; link it with \`guru phone link ${phone}\``,
    );
  }
  return conflict(t`${phone} is not linked — nothing to unlink; link it with \`guru phone link ${phone}\``);
}
