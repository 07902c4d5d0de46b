import type { ChatService } from '../chats/chat-service.js';
import type { OperationContext } from '../context.js';
import { GuruError } from '../errors.js';
import { erase, erasureDeps, everyPhone, type ErasureCounts } from '../privacy/customer-erasure.js';
import { expiredChats, lastMessageAt, retentionCutoff, retentionTrail } from '../privacy/retention.js';
import { t } from '../../i18n/translate.js';

/** What the next retention run would erase (`guru retention plan`). */
export interface RetentionPlan {
  /** The setting (`24mo`); null: off, nothing is erased. */
  retention: string | null;
  /** Closed conversations whose last message came before this go. */
  cutoff: string | null;
  chats: { id: string; phone: string; customer: string; name: string | null; lastMessageAt: string }[];
  /** Customers none of whose chats stays: their contact goes too. */
  customers: number;
}

/** Who the audit says erased old conversations: no person, the setting. */
export const RETENTION_ACTOR = 'guru (retention)';

/**
 * Retention (`guru account set --retention 24mo`): closed conversations whose last message is
 * older than that are erased every day, the way `guru contact erase` erases (LGPD: data is not
 * kept past its purpose). Off by default. `plan` (contacts.privacy) lists what the next run
 * would remove.
 */
export function retentionOps(ctx: OperationContext) {
  return {
    async plan(): Promise<RetentionPlan> {
      const state = await ctx.view('contacts.privacy', t`see what retention erases`, (s) => s);
      const chats = ctx.deps.chats;
      if (!chats) throw new GuruError('daemon_unreachable', t`conversations live in the daemon — start it with \`guru daemon start\``);
      return planOf(ctx, chats, state.account?.retention ?? null, everyPhone(state, chats));
    },
  };
}

function planOf(ctx: OperationContext, chats: ChatService, retention: string | null, phones: string[]): RetentionPlan {
  if (!retention) return { retention: null, cutoff: null, chats: [], customers: 0 };
  const cutoff = retentionCutoff(retention, ctx.deps.clock.now());
  const expired = expiredChats(chats.index.all(), cutoff);
  const { customers } = retentionTrail(chats, expired, phones);
  return {
    retention,
    cutoff: cutoff.toISOString(),
    chats: expired
      .map((c) => ({ id: c.id, phone: c.phone, customer: c.customer, name: c.name, lastMessageAt: lastMessageAt(c) }))
      .sort((a, b) => a.lastMessageAt.localeCompare(b.lastMessageAt)),
    customers,
  };
}

/**
 * One retention run: erases what the plan lists, audited as `retention.erase` by RETENTION_ACTOR
 * (with the counts, naming nobody). Null when retention is off; nothing happens then.
 */
export async function runRetention(ctx: OperationContext): Promise<(ErasureCounts & { retention: string }) | null> {
  const state = await ctx.deps.state.read();
  const retention = state.account?.retention;
  const chats = ctx.deps.chats;
  if (!retention || !chats) return null;
  const phones = everyPhone(state, chats);
  const expired = expiredChats(chats.index.all(), retentionCutoff(retention, ctx.deps.clock.now()));
  if (expired.length === 0) return { retention, chats: 0, records: 0, files: 0, auditEntries: 0, logLines: 0, contact: false };
  const { trail } = retentionTrail(chats, expired, phones);
  return { retention, ...(await erase(erasureDeps(ctx, chats), trail, phones, RETENTION_ACTOR, 'retention.erase')) };
}
