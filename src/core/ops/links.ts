import type { OperationContext } from '../context.js';
import type { LinkEvent } from '../link.js';
import { findPhone } from '../lookup.js';

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
      const { who, phone } = await manager('link phones', number);
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

    /** Logs the phone's WhatsApp session out and forgets its credentials. */
    async unlink(number: string): Promise<{ ok: true }> {
      const { who, phone } = await manager('unlink phones', number);
      await ctx.deps.links.unlink(phone);
      await ctx.audit(who, 'phone.unlink', phone);
      return { ok: true };
    },
  };
}
